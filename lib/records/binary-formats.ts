// MessagePack and CBOR: detected with a confidence check, so random binary is not mis-decoded.
// Both formats give almost any byte string some meaning (a lone 0x05 is the number 5 in each),
// so the auto chain takes a payload as one of them only when:
//   - the whole payload is exactly one value (no bytes left over),
//   - that value is a map with text keys (records are objects), or an array of such maps,
//   - with at least two bytes of content;
// a forced decoder takes any single value. Bounded: the libraries cap lengths at the payload's
// size, and plainValue caps depth and node count (CBOR's shared references can make a cycle).
import { decode as decodeMsgpack } from "@msgpack/msgpack";
import { Decoder as CborDecoder } from "cbor-x";
import { plainValue } from "./schemas/plain-value";

export type BinaryFormat = "msgpack" | "cbor";

export type BinaryResult = { ok: true; value: unknown } | { ok: false; reason: string };

const cbor = new CborDecoder({ mapsAsObjects: false, useRecords: false });

export function decodeBinaryFormat(format: BinaryFormat, bytes: Uint8Array, strict: boolean): BinaryResult {
  if (strict && !plausibleStart(format, bytes)) return { ok: false, reason: "the first byte starts neither a map nor an array" };
  let raw: unknown;
  try {
    raw =
      format === "msgpack"
        ? decodeMsgpack(bytes, {
            useBigInt64: true,
            maxStrLength: bytes.length,
            maxBinLength: bytes.length,
            maxArrayLength: bytes.length,
            maxMapLength: bytes.length,
            maxExtLength: bytes.length,
          })
        : cbor.decode(bytes);
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
  if (strict && !recordLike(raw)) return { ok: false, reason: "it is not a map with text keys or an array of such maps" };
  try {
    return { ok: true, value: plainValue(raw) };
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
}

/** The first byte of a map or an array, in each format (cheap, before any decoding). */
function plausibleStart(format: BinaryFormat, bytes: Uint8Array): boolean {
  const b = bytes[0];
  if (b === undefined || bytes.length < 2) return false;
  if (format === "msgpack") return (b >= 0x80 && b <= 0x9f) || (b >= 0xdc && b <= 0xdf);
  // CBOR: arrays 0x80-0x9b and 0x9f (indefinite), maps 0xa0-0xbb and 0xbf, or the self-describe tag d9 d9 f7.
  return (b >= 0x80 && b <= 0x9b) || b === 0x9f || (b >= 0xa0 && b <= 0xbb) || b === 0xbf || (b === 0xd9 && bytes[1] === 0xd9 && bytes[2] === 0xf7);
}

function recordLike(value: unknown): boolean {
  const isRecord = (v: unknown) => {
    if (v instanceof Map) return v.size > 0 && [...v.keys()].every((k) => typeof k === "string");
    return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date) && Object.keys(v).length > 0;
  };
  if (Array.isArray(value)) return value.length > 0 && value.every(isRecord);
  return isRecord(value);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
