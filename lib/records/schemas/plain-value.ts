// Turns what a decoder library returns (avsc records, protobufjs Longs, Buffers, BigInts, Maps,
// Dates) into plain JSON values: what the tree view, the filters and the wire need. Bounded in
// depth and in nodes, so a hostile payload (CBOR's shared references can make a small input a
// huge or cyclic graph) costs a bounded walk and then fails in words.

export const MAX_VALUE_DEPTH = 64;
export const MAX_VALUE_NODES = 200_000;

export class ValueTooLarge extends Error {}

export function plainValue(input: unknown): unknown {
  let nodes = 0;
  const walk = (value: unknown, depth: number): unknown => {
    if (++nodes > MAX_VALUE_NODES) throw new ValueTooLarge(`it holds more than ${MAX_VALUE_NODES.toLocaleString("en")} values`);
    if (depth > MAX_VALUE_DEPTH) throw new ValueTooLarge(`it nests deeper than ${MAX_VALUE_DEPTH} levels`);
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        // JSON has no NaN or Infinity; say them as text rather than turn them into null.
        return Number.isFinite(value) ? value : String(value);
      case "bigint":
        return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
      case "object":
        return walkObject(value, depth);
      default:
        return String(value);
    }
  };
  const walkObject = (value: object, depth: number): unknown => {
    if (value instanceof Uint8Array) return base64(value);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (isLong(value)) {
      const text = value.toString();
      return Number.isSafeInteger(Number(text)) ? Number(text) : text;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => walk(v, depth + 1));
    if (value instanceof Map || value instanceof Set) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value instanceof Map ? value : [...value].entries()) defineKey(out, String(k), walk(v, depth + 1));
      return value instanceof Set ? Object.values(out) : out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) defineKey(out, k, walk(v, depth + 1));
    return out;
  };
  return walk(input, 0);
}

/** A key named __proto__ stays a plain key instead of replacing the object's prototype. */
function defineKey(out: Record<string, unknown>, key: string, value: unknown) {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** A 64-bit integer from the `long` package, as protobufjs decodes int64 fields. */
function isLong(value: object): boolean {
  const v = value as { low?: unknown; high?: unknown; unsigned?: unknown };
  return typeof v.low === "number" && typeof v.high === "number" && typeof v.unsigned === "boolean";
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Isomorphic base64 (no Buffer, no btoa on binary strings). */
export function base64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? "=" : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? "=" : BASE64[c & 63]!;
  }
  return out;
}
