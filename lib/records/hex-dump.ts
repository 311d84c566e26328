// Classic 16-bytes-per-line hex dump (offset, hex bytes, ASCII gutter), as `hexdump -C` prints
// it, so a binary payload reads the way engineers already know. Pure and isomorphic.

/** Bytes shown by default: a payload can be 1 MiB, and a dump is about 4.2 times its input. */
export const HEX_DUMP_MAX_BYTES = 4096;

const BYTES_PER_LINE = 16;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

export interface HexDumpOptions {
  /** Dump at most this many bytes, then say how many were left out. */
  maxBytes?: number;
}

export function hexDump(bytes: Uint8Array, options: HexDumpOptions = {}): string {
  const maxBytes = Math.max(0, Math.floor(options.maxBytes ?? HEX_DUMP_MAX_BYTES));
  const shown = Math.min(bytes.length, maxBytes);
  const lines: string[] = [];
  for (let offset = 0; offset < shown; offset += BYTES_PER_LINE) {
    const end = Math.min(offset + BYTES_PER_LINE, shown);
    let hex = "";
    let ascii = "";
    for (let i = 0; i < BYTES_PER_LINE; i++) {
      const byte = offset + i < end ? bytes[offset + i] : undefined;
      hex += byte === undefined ? "   " : `${HEX[byte]} `;
      // The extra space between the two halves of a line, as hexdump -C has it.
      if (i === 7) hex += " ";
      if (byte !== undefined) ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".";
    }
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex} |${ascii}|`);
  }
  const omitted = bytes.length - shown;
  if (omitted > 0) {
    lines.push(`... ${omitted} more ${omitted === 1 ? "byte" : "bytes"} not shown (${bytes.length} in all)`);
  }
  return lines.join("\n");
}
