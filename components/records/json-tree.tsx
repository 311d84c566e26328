// Collapsible JSON: objects and arrays fold with <details>, so a large payload stays readable.
import type { ReactNode } from "react";

const OPEN_DEPTH = 2;

function Scalar({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="s">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="n">{String(value)}</span>;
  if (typeof value === "boolean" || value === null) return <span className="b">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

function Node({ name, value, depth, last }: { name?: string; value: unknown; depth: number; last: boolean }): ReactNode {
  const label = name !== undefined ? <span className="k">{JSON.stringify(name)}</span> : null;
  const comma = last ? "" : ",";
  if (value !== null && typeof value === "object") {
    const isArray = Array.isArray(value);
    const entries = isArray ? (value as unknown[]).map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) {
      return (
        <div className="line">
          {label}
          {label ? ": " : ""}
          {open}
          {close}
          {comma}
        </div>
      );
    }
    return (
      <details open={depth < OPEN_DEPTH}>
        <summary>
          {label}
          {label ? ": " : ""}
          {open}
          <span className="muted">
            {" "}
            {entries.length} {isArray ? "items" : "keys"}{" "}
          </span>
        </summary>
        {entries.map(([k, v], i) => (
          <Node key={k} name={isArray ? undefined : k} value={v} depth={depth + 1} last={i === entries.length - 1} />
        ))}
        <div className="outdent">
          {close}
          {comma}
        </div>
      </details>
    );
  }
  return (
    <div className="line">
      {label}
      {label ? ": " : ""}
      <Scalar value={value} />
      {comma}
    </div>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  return (
    <div className="json-tree" data-testid="json-tree">
      <Node value={value} depth={0} last />
    </div>
  );
}
