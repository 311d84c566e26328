"use client";
// A modal question with two answers, on Radix UI's alert dialog: focus moves to the safe answer and
// stays inside until the question is answered; Escape cancels; focus goes back to what asked.
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useRef, type ReactNode } from "react";

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  // Mounted when the question is asked: what has focus now asked it (a submit button).
  const opener = useRef<Element | null>(typeof document === "undefined" ? null : document.activeElement);
  return (
    <AlertDialog.Root open onOpenChange={(open) => (open ? undefined : onCancel())}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="drawer-backdrop" />
        <AlertDialog.Content
          className="dialog"
          data-testid="confirm-dialog"
          onCloseAutoFocus={(e) => {
            const el = opener.current;
            if (el instanceof HTMLElement && el.isConnected) {
              e.preventDefault();
              el.focus();
            }
          }}
        >
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="body">{children}</div>
          </AlertDialog.Description>
          <div className="row justify-end">
            {/* Cancel closes, and closing is cancelling (onOpenChange). */}
            <AlertDialog.Cancel>Cancel</AlertDialog.Cancel>
            {/* Confirming must not also close-as-cancel: the page unmounts the dialog once it has the answer. */}
            <AlertDialog.Action
              className="primary danger"
              onClick={(e) => {
                e.preventDefault();
                onConfirm();
              }}
            >
              {confirmLabel}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
