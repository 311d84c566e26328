"use client";
// Which JSON fields of the payloads to show as table columns: the fields found in the records on
// screen (nested ones as dotted paths), plus any path typed in for records not read yet.
import { useState } from "react";

export function FieldColumnsPicker({
  available,
  chosen,
  onChange,
}: {
  available: readonly string[];
  chosen: readonly string[];
  onChange: (cols: string[]) => void;
}) {
  const [typed, setTyped] = useState("");
  const all = [...chosen, ...available.filter((f) => !chosen.includes(f))];
  const toggle = (field: string, on: boolean) => onChange(on ? [...chosen, field] : chosen.filter((f) => f !== field));
  const add = () => {
    const f = typed.trim();
    if (f && !chosen.includes(f)) onChange([...chosen, f]);
    setTyped("");
  };
  return (
    <details className="field-picker" data-testid="field-picker">
      <summary>JSON fields as columns{chosen.length ? ` (${chosen.length})` : ""}</summary>
      <fieldset>
        <legend className="small muted">Show these payload fields as columns</legend>
        {all.length === 0 ? <p className="small muted">No JSON objects among these records.</p> : null}
        {all.map((f) => (
          <label key={f} className="mono">
            <input type="checkbox" checked={chosen.includes(f)} onChange={(e) => toggle(f, e.target.checked)} /> {f}
          </label>
        ))}
        <div className="row mt-6">
          <input
            type="text"
            className="mono"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              add();
            }}
            placeholder="customer.id"
            aria-label="Field path"
          />
          <button type="button" onClick={add} disabled={!typed.trim()}>
            Add
          </button>
          {chosen.length ? (
            <button type="button" onClick={() => onChange([])}>
              Clear
            </button>
          ) : null}
        </div>
      </fieldset>
    </details>
  );
}
