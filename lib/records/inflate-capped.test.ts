import { describe, expect, it } from "vitest";
import { gzipSync, zlibSync } from "fflate";
import { hasGzipHeader, hasZlibHeader, inflateCapped } from "./inflate-capped";

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("inflateCapped", () => {
  it("inflates gzip and zlib data", () => {
    const gz = inflateCapped("gzip", gzipSync(utf8("hello gzip")), 1024);
    const zl = inflateCapped("zlib", zlibSync(utf8("hello zlib")), 1024);
    expect(gz.ok && text(gz.bytes)).toBe("hello gzip");
    expect(zl.ok && text(zl.bytes)).toBe("hello zlib");
  });

  it("inflates every member of a multi-member gzip stream (as `cat a.gz b.gz` makes)", () => {
    const joined = Uint8Array.from([...gzipSync(utf8("first,")), ...gzipSync(utf8("second"))]);
    const result = inflateCapped("gzip", joined, 1024);
    expect(result.ok && text(result.bytes)).toBe("first,second");
  });

  it("inflates an empty gzip stream to no bytes", () => {
    const result = inflateCapped("gzip", gzipSync(new Uint8Array(0)), 1024);
    expect(result).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });

  it("rejects truncated gzip data, which fflate's streaming Gunzip alone would accept", () => {
    const whole = gzipSync(new Uint8Array(100_000).fill(7));
    const result = inflateCapped("gzip", whole.subarray(0, whole.length - 6), 1 << 20);
    expect(result).toMatchObject({ ok: false, reason: "the CRC-32/length trailer does not match, so the data is truncated or corrupted" });
  });

  it("rejects gzip data whose contents were altered after compression", () => {
    const gz = gzipSync(utf8("abc"), { level: 0 }); // stored block: the bytes appear as they are
    // "b", past the 10-byte header: its mtime bytes follow the clock and can hold 0x62 themselves.
    const at = gz.indexOf(0x62, 10);
    gz[at] = 0x78;
    expect(inflateCapped("gzip", gz, 1024)).toMatchObject({ ok: false, reason: expect.stringContaining("CRC-32") });
  });

  it("does not trust a gzip trailer that claims 4 GiB", () => {
    const gz = gzipSync(utf8("small"));
    gz.set([0xff, 0xff, 0xff, 0xff], gz.length - 4);
    expect(inflateCapped("gzip", gz, 1024)).toMatchObject({ ok: false, reason: expect.stringContaining("trailer") });
  });

  it("rejects truncated or altered zlib data through the Adler-32 trailer", () => {
    const zl = zlibSync(new Uint8Array(50_000).fill(3));
    expect(inflateCapped("zlib", zl.subarray(0, zl.length - 2), 1 << 20)).toMatchObject({ ok: false });
    const altered = zlibSync(utf8("abc"));
    altered[altered.length - 1]! ^= 1;
    expect(inflateCapped("zlib", altered, 1024)).toMatchObject({
      ok: false,
      reason: "the Adler-32 trailer does not match, so the data is truncated or corrupted",
    });
  });

  it("explains missing headers in words", () => {
    expect(inflateCapped("gzip", utf8("{}"), 1024)).toEqual({ ok: false, reason: "missing the 1f 8b header", inflated: 0 });
    expect(inflateCapped("gzip", Uint8Array.of(0x1f, 0x8b, 8), 1024)).toEqual({
      ok: false,
      reason: "3 bytes are too few for gzip data (at least 20)",
      inflated: 0,
    });
    expect(inflateCapped("zlib", utf8('{"a":1}'), 1024)).toEqual({
      ok: false,
      reason: "the first two bytes (7b 22) are not a zlib header",
      inflated: 0,
    });
  });

  it("stops once the output passes the limit, without inflating everything", () => {
    const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024)); // 16 MiB of zeros in ~16 KB
    const result = inflateCapped("gzip", bomb, 1024 * 1024);
    expect(result).toMatchObject({ ok: false, overLimit: true, reason: "it inflates to more than 1 MiB; stopped there" });
    // Overshoot is bounded by one pushed chunk (~1032 × chunk size), far below the 16 MiB.
    expect(!result.ok && result.inflated).toBeGreaterThan(1024 * 1024);
    expect(!result.ok && result.inflated).toBeLessThan(3 * 1024 * 1024);
  });

  it("accepts output of exactly the limit", () => {
    const result = inflateCapped("zlib", zlibSync(new Uint8Array(4096).fill(1)), 4096);
    expect(result.ok && result.bytes.length).toBe(4096);
  });

  it("refuses outright when no allowance is left", () => {
    expect(inflateCapped("gzip", gzipSync(utf8("x")), 0)).toEqual({
      ok: false,
      reason: "no decompression allowance is left",
      inflated: 0,
      overLimit: true,
    });
  });
});

describe("hasZlibHeader", () => {
  it("accepts the headers zlib writes at each level and rejects preset dictionaries and bad checks", () => {
    for (const level of [0, 1, 6, 9] as const) expect(hasZlibHeader(zlibSync(utf8("x"), { level }))).toBe(true);
    expect(hasZlibHeader(Uint8Array.of(0x78, 0x9c))).toBe(true);
    expect(hasZlibHeader(Uint8Array.of(0x78, 0xbb))).toBe(false); // check bits fine, FDICT set
    expect(hasZlibHeader(Uint8Array.of(0x78, 0x9d))).toBe(false); // check bits wrong
    expect(hasZlibHeader(Uint8Array.of(0x78))).toBe(false);
  });
});

describe("hasGzipHeader", () => {
  it("looks for 1f 8b", () => {
    expect(hasGzipHeader(gzipSync(utf8("x")))).toBe(true);
    expect(hasGzipHeader(Uint8Array.of(0x1f))).toBe(false);
  });
});
