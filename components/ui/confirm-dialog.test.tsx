import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { ConfirmDialog } from "./confirm-dialog";

function Asking({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>Send</button>
      <button>Elsewhere</button>
      {open ? (
        <ConfirmDialog
          title="Write to AWS?"
          confirmLabel="Put 2 records"
          onConfirm={() => {
            onConfirm();
            setOpen(false);
          }}
          onCancel={() => {
            onCancel();
            setOpen(false);
          }}
        >
          <p>This writes 2 records.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function ask() {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(<Asking onConfirm={onConfirm} onCancel={onCancel} />);
  const send = screen.getByRole("button", { name: "Send" });
  send.focus();
  act(() => send.click());
  return { onConfirm, onCancel, send };
}

describe("ConfirmDialog", () => {
  it("is a modal alert dialog named by its title and described by its text, with focus on the safe answer", () => {
    ask();
    const dialog = screen.getByRole("alertdialog", { name: "Write to AWS?" });
    expect(dialog.getAttribute("aria-modal") ?? "true").toBe("true");
    expect(document.getElementById(dialog.getAttribute("aria-describedby")!)?.textContent).toBe("This writes 2 records.");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }));
    // What lies behind is hidden from assistive technology while the question is open.
    expect(screen.queryByRole("button", { name: "Elsewhere" })).toBeNull();
  });

  it("Escape cancels once, and focus goes back to what asked", async () => {
    const { onConfirm, onCancel, send } = ask();
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole("alertdialog")).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(send));
  });

  it("confirming answers yes only: never a cancel as well", () => {
    const { onConfirm, onCancel } = ask();
    act(() => screen.getByRole("button", { name: "Put 2 records" }).click());
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).not.toHaveBeenCalled();
  });

  it("Cancel cancels once", () => {
    const { onConfirm, onCancel } = ask();
    act(() => screen.getByRole("button", { name: "Cancel" }).click());
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
