"use client";
// A side drawer for details; Escape or the backdrop closes it.
import { useEffect, type ReactNode } from "react";

export function Drawer({ title, onClose, children }: { title: ReactNode; onClose: () => void; children: ReactNode }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <>
      <div className="drawer-backdrop" onClick={onClose} />
      <aside className="drawer" role="dialog" aria-modal="true" aria-label="Details" data-testid="drawer">
        <header>
          <div className="grow">{title}</div>
          <button onClick={onClose} aria-label="Close">
            Close
          </button>
        </header>
        <div className="body">{children}</div>
      </aside>
    </>
  );
}
