// Inflates gzip or zlib data with a hard cap on the output, so a small record that expands to
// gigabytes (a decompression bomb) costs at most the cap. Pure and isomorphic (fflate).
// Streaming on purpose: fflate's gunzipSync allocates whatever size the gzip trailer claims (up
// to 4 GiB, and the sender writes the trailer), and unzlibSync has no limit at all.
import { Gunzip, Unzlib } from "fflate";

export type CompressionFormat = "gzip" | "zlib";

/** `inflated` counts the output produced before a failure, so callers can charge it too. */
export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string; inflated: number; overLimit?: boolean };

/** gzip's magic bytes; the method byte after them (08, deflate) is left for fflate to check. */
export function hasGzipHeader(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * A zlib header: deflate method, a window of at most 32 KiB, the check bits (CMF·FLG divisible
 * by 31) and no preset dictionary (which a reader of a stream can never have).
 */
export function hasZlibHeader(bytes: Uint8Array): boolean {
  const cmf = bytes[0];
  const flg = bytes[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}

// Deflate expands at most ~1032:1, so each pushed chunk can overshoot the cap by about
// 1032 × chunk. The chunk shrinks as the remaining allowance does, keeping the overshoot near
// the allowance itself while ordinary records still go through in one or a few pushes.
const MIN_CHUNK = 1024;
const MAX_CHUNK = 64 * 1024;
const chunkSizeFor = (remaining: number) => Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.floor(remaining / 1032)));

// gzip needs a 10-byte header, an empty deflate stream is 2 bytes, and the trailer 8.
const GZIP_MIN_LENGTH = 20;

/**
 * Inflates `bytes` as `format`; at most `limit` output bytes. Never throws: a bad stream, a
 * truncated one, a checksum mismatch or too much output each come back as a reason in words.
 */
export function inflateCapped(format: CompressionFormat, bytes: Uint8Array, limit: number): InflateResult {
  const fail = (reason: string, inflated = 0, overLimit = false): InflateResult => ({
    ok: false,
    reason,
    inflated,
    ...(overLimit && { overLimit }),
  });
  if (format === "gzip" && !hasGzipHeader(bytes)) return fail("missing the 1f 8b header");
  if (format === "gzip" && bytes.length < GZIP_MIN_LENGTH) {
    return fail(`${bytes.length} bytes are too few for gzip data (at least ${GZIP_MIN_LENGTH})`);
  }
  if (format === "zlib" && !hasZlibHeader(bytes)) {
    return fail(`the first two bytes (${hexPair(bytes)}) are not a zlib header`);
  }
  if (limit <= 0) return fail("no decompression allowance is left", 0, true);

  const chunks: Uint8Array[] = [];
  let total = 0;
  // Where the last gzip member's output starts: fflate announces each further member, and only
  // the last one's trailer is left to check (fflate finished the earlier ones itself).
  let lastMemberStart = 0;
  const onData = (chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    chunks.push(chunk);
    total += chunk.length;
  };
  try {
    const stream = format === "gzip" ? new Gunzip(onData) : new Unzlib(onData);
    if (stream instanceof Gunzip) stream.onmember = () => (lastMemberStart = total);
    let offset = 0;
    while (offset < bytes.length) {
      const end = Math.min(bytes.length, offset + chunkSizeFor(limit - total));
      stream.push(bytes.subarray(offset, end), end === bytes.length);
      offset = end;
      if (total > limit) {
        return fail(`it inflates to more than ${formatBytes(limit)}; stopped there`, total, true);
      }
    }
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), total);
  }

  const output = concat(chunks, total);
  // fflate's streaming inflaters do not verify the trailer and accept some truncated streams
  // without complaint; the checksum is what tells a complete stream from a cut-off one.
  const trailerProblem = format === "gzip" ? checkGzipTrailer(bytes, output.subarray(lastMemberStart)) : checkZlibTrailer(bytes, output);
  return trailerProblem ? fail(trailerProblem, total) : { ok: true, bytes: output };
}

function checkGzipTrailer(input: Uint8Array, lastMember: Uint8Array): string | undefined {
  const n = input.length;
  const crc = readUint32LE(input, n - 8);
  const size = readUint32LE(input, n - 4);
  if (size !== lastMember.length % 2 ** 32 || crc !== crc32(lastMember)) {
    return "the CRC-32/length trailer does not match, so the data is truncated or corrupted";
  }
  return undefined;
}

function checkZlibTrailer(input: Uint8Array, output: Uint8Array): string | undefined {
  const n = input.length;
  if (n < 6) return "truncated zlib data";
  const expected = ((input[n - 4]! << 24) | (input[n - 3]! << 16) | (input[n - 2]! << 8) | input[n - 1]!) >>> 0;
  return adler32(output) === expected ? undefined : "the Adler-32 trailer does not match, so the data is truncated or corrupted";
}

const readUint32LE = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // One modulo per 5552 bytes (zlib's NMAX) instead of one per byte; the sums stay exact.
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(bytes.length, start + 5552);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const hexPair = (bytes: Uint8Array) => Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, "0")).join(" ") || "none";

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
