// Turns a record's data, as a person typed it (text, JSON, base64 or hex), into the bytes sent to
// Kinesis, or says exactly where it is not what its encoding claims. Isomorphic: no Buffer, no atob.
import { checkJson } from "./json-check";
import type { DataEncoding } from "./limits";
import { describeCharacter, describeLoneSurrogate, describePosition, loneSurrogateAt } from "./text-position";

export type DecodedData = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

const utf8 = new TextEncoder();

const BASE64_VALUES = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Standard base64 (RFC 4648 §4); whitespace and line breaks are ignored, padding is optional. */
export function decodeBase64(text: string): DecodedData {
  const values: number[] = [];
  let padding = 0;
  let firstPad = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    if (code === 0x3d /* = */) {
      if (firstPad < 0) firstPad = i;
      padding++;
      continue;
    }
    const v = code < 128 ? BASE64_VALUES[code]! : -1;
    if (v < 0 || padding > 0) {
      const where = describePosition(text, i);
      if (padding > 0) return { ok: false, message: `Invalid base64: ${describeCharacter(text, i)} after the '=' padding at ${where}` };
      const hint = code === 0x2d || code === 0x5f ? " ('-' and '_' are base64url; use '+' and '/')" : "";
      return { ok: false, message: `Invalid base64: ${describeCharacter(text, i)} at ${where}${hint}` };
    }
    values.push(v);
  }
  const rest = values.length % 4;
  if (padding > 2 || (padding > 0 && (values.length + padding) % 4 !== 0)) {
    return { ok: false, message: `Invalid base64: wrong '=' padding at ${describePosition(text, firstPad)}` };
  }
  if (rest === 1) {
    return { ok: false, message: `Invalid base64: ${values.length} characters leave one stray character at the end (a length of 4n+1 cannot be decoded)` };
  }
  const out = new Uint8Array(Math.floor((values.length * 3) / 4));
  let o = 0;
  for (let i = 0; i + 1 < values.length; i += 4) {
    const a = values[i]!;
    const b = values[i + 1]!;
    const c = values[i + 2];
    const d = values[i + 3];
    out[o++] = (a << 2) | (b >> 4);
    if (c !== undefined) out[o++] = ((b & 15) << 4) | (c >> 2);
    if (d !== undefined && c !== undefined) out[o++] = ((c & 3) << 6) | d;
  }
  return { ok: true, bytes: out };
}

/** Hex digits, two per byte; whitespace is ignored and one leading "0x" is allowed. */
export function decodeHex(text: string): DecodedData {
  const start = /^\s*0[xX]/.exec(text)?.[0].length ?? 0;
  const nibbles: number[] = [];
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    const v = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : code >= 65 && code <= 70 ? code - 55 : -1;
    if (v < 0) return { ok: false, message: `Invalid hex: ${describeCharacter(text, i)} at ${describePosition(text, i)}` };
    nibbles.push(v);
  }
  if (nibbles.length % 2 !== 0) {
    return { ok: false, message: `Invalid hex: ${nibbles.length} digits is an odd number; every byte takes two` };
  }
  const out = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return { ok: true, bytes: out };
}

/** The bytes a record's data stands for. JSON is sent as written (its formatting is kept). */
export function decodeData(data: string, encoding: DataEncoding): DecodedData {
  if (encoding === "text" || encoding === "json") {
    const lone = loneSurrogateAt(data);
    if (lone >= 0) return { ok: false, message: `The data contains ${describeLoneSurrogate(data, lone)}; remove it or complete the pair.` };
  }
  switch (encoding) {
    case "text":
      return { ok: true, bytes: utf8.encode(data) };
    case "json": {
      const check = checkJson(data);
      return check.ok ? { ok: true, bytes: utf8.encode(data) } : { ok: false, message: `Invalid JSON: ${check.message}` };
    }
    case "base64":
      return decodeBase64(data);
    case "hex":
      return decodeHex(data);
  }
}
