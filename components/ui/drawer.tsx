"use client";
// A side drawer for details, on Radix UI's dialog: focus moves into it when it opens and stays there,
// Escape, the backdrop or Close closes it, and focus goes back to what opened it (a table row, a button).
import * as Dialog from "@radix-ui/react-dialog";
import { useRef, type ReactNode } from "react";

export function Drawer({ title, onClose, children }: { title: ReactNode; onClose: () => void; children: ReactNode }) {
  // Mounted when it opens: what has focus now opened it. (Radix gives focus back to a Dialog.Trigger;
  // our openers are rows and buttons of their own.)
  const opener = useRef<Element | null>(typeof document === "undefined" ? null : document.activeElement);
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-backdrop" />
        <Dialog.Content
          className="drawer"
          data-testid="drawer"
          aria-describedby={undefined}
          onCloseAutoFocus={(e) => {
            const el = opener.current;
            if (el instanceof HTMLElement && el.isConnected) {
              e.preventDefault();
              el.focus();
            }
          }}
        >
          <header>
            <Dialog.Title asChild>
              <div className="grow">{title}</div>
            </Dialog.Title>
            <Dialog.Close>Close</Dialog.Close>
          </header>
          <div className="body">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
