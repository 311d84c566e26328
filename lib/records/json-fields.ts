// JSON fields as table columns: the dotted paths found in decoded JSON payloads (`customer.id`),
// a field's value for a record, and the list's form in the page URL (`cols=amount,customer.id`).
import { hasJsonValue, type RecordView } from "./types";

/** How deep nested objects are looked into for fields to offer. */
const MAX_DEPTH = 3;
/** Fields offered at most, so one odd payload cannot flood the picker. */
const MAX_FIELDS = 200;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The JSON object a record decoded to, if it did (a truncated preview has none). */
export function jsonObjectOf(r: RecordView): Record<string, unknown> | undefined {
  return hasJsonValue(r.decoded.format) && isObject(r.decoded.value) ? r.decoded.value : undefined;
}

/** Every top-level and nested field path of the records' JSON objects, in first-seen order. */
export function fieldPaths(records: readonly RecordView[]): string[] {
  const seen = new Set<string>();
  const walk = (obj: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(obj)) {
      if (seen.size >= MAX_FIELDS) return;
      const path = prefix ? `${prefix}.${k}` : k;
      seen.add(path);
      if (isObject(v) && depth < MAX_DEPTH) walk(v, path, depth + 1);
    }
  };
  for (const r of records) {
    const obj = jsonObjectOf(r);
    if (obj) walk(obj, "", 1);
    if (seen.size >= MAX_FIELDS) break;
  }
  return [...seen];
}

/** The value at a dotted path; a key that itself holds a dot is found too. */
export function fieldValue(value: unknown, path: string): unknown {
  if (!isObject(value)) return undefined;
  if (Object.hasOwn(value, path)) return value[path];
  const dot = path.indexOf(".");
  if (dot < 0) return undefined;
  // Try each split point, so `a.b.c` finds value["a.b"]["c"] as well as value["a"]["b.c"].
  for (let i = dot; i >= 0; i = path.indexOf(".", i + 1)) {
    const head = path.slice(0, i);
    if (Object.hasOwn(value, head)) {
      const found = fieldValue(value[head], path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A field's value as a table cell shows it. */
export function fieldText(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v) ?? "";
}

/** The chosen fields from the page URL's `cols` (comma-separated; empty entries dropped, duplicates once). */
export function parseColumns(raw: string | null): string[] {
  if (!raw) return [];
  return [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** The `cols` value for the chosen fields; undefined (left out of the URL) when there are none. */
export function columnsParam(cols: readonly string[]): string | undefined {
  return cols.length ? cols.join(",") : undefined;
}
