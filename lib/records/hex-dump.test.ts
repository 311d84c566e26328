import { describe, expect, it } from "vitest";
import { HEX_DUMP_MAX_BYTES, hexDump } from "./hex-dump";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("hexDump", () => {
  it("prints a short line as hexdump -C does, padding the hex column", () => {
    // Expected text copied from `printf 'Hello World\n' | hexdump -C`.
    expect(hexDump(ascii("Hello World\n"))).toBe("00000000  48 65 6c 6c 6f 20 57 6f  72 6c 64 0a              |Hello World.|");
  });

  it("breaks lines every 16 bytes and shows non-printable bytes as dots in the gutter", () => {
    const bytes = Uint8Array.from([...Array.from({ length: 17 }, (_, i) => i), 0x7f, 0x20, 0x7e]);
    expect(hexDump(bytes)).toBe(
      [
        "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|",
        "00000010  10 7f 20 7e                                       |.. ~|",
      ].join("\n"),
    );
  });

  it("shows bytes from 0x80 up as dots, not as Latin-1 characters", () => {
    expect(hexDump(Uint8Array.of(0x80, 0xc3, 0xa9, 0xff))).toBe("00000000  80 c3 a9 ff                                       |....|");
  });

  it("gives an empty string for no bytes", () => {
    expect(hexDump(new Uint8Array(0))).toBe("");
  });

  it("stops after 4 KiB by default and says how many bytes it left out", () => {
    const bytes = new Uint8Array(HEX_DUMP_MAX_BYTES + 100).fill(0x41);
    const lines = hexDump(bytes).split("\n");
    expect(HEX_DUMP_MAX_BYTES).toBe(4096);
    expect(lines).toHaveLength(4096 / 16 + 1);
    expect(lines[255]).toBe("00000ff0  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|");
    expect(lines[256]).toBe("... 100 more bytes not shown (4196 in all)");
  });

  it("honours a smaller cap, mid-line, and words a single omitted byte in the singular", () => {
    expect(hexDump(ascii("abcdef"), { maxBytes: 5 })).toBe(
      ["00000000  61 62 63 64 65                                    |abcde|", "... 1 more byte not shown (6 in all)"].join("\n"),
    );
  });

  it("prints offsets past 64 KiB with eight hex digits", () => {
    const bytes = new Uint8Array(0x10011);
    const lines = hexDump(bytes, { maxBytes: bytes.length }).split("\n");
    expect(lines.at(-1)).toBe("00010010  00                                                |.|");
  });
});
