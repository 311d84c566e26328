import { describe, expect, it } from "vitest";
import { decodeBase64, decodeData, decodeHex } from "./decode-data";

const bytesOf = (r: ReturnType<typeof decodeData>) => (r.ok ? Buffer.from(r.bytes) : r.message);

describe("decodeBase64", () => {
  it("decodes what Buffer encodes, for every length and with or without padding", () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 255));
      const b64 = bytes.toString("base64");
      expect(bytesOf(decodeBase64(b64))).toEqual(bytes);
      expect(bytesOf(decodeBase64(b64.replace(/=+$/, "")))).toEqual(bytes);
    }
  });

  it("ignores whitespace and line breaks", () => {
    expect(bytesOf(decodeBase64(" aGVs\nbG8g\r\nd29y bGQ= \n"))).toEqual(Buffer.from("hello world"));
  });

  it("says which character is not base64, and where", () => {
    expect(decodeBase64("aGVs*G8=")).toEqual({ ok: false, message: "Invalid base64: '*' at character 5" });
    expect(decodeBase64("aGVs\nbG8!")).toEqual({ ok: false, message: "Invalid base64: '!' at line 2, column 4" });
    expect(decodeBase64("aGV-bG8_")).toMatchObject({ ok: false, message: expect.stringContaining("base64url") });
    expect(decodeBase64("aGVs\u0001")).toMatchObject({ ok: false, message: expect.stringContaining("control character U+0001") });
  });

  it("refuses a stray last character and bad padding", () => {
    expect(decodeBase64("aGVsb")).toMatchObject({ ok: false, message: expect.stringContaining("4n+1") });
    expect(decodeBase64("aGVsbA=")).toMatchObject({ ok: false, message: expect.stringContaining("padding at character 7") });
    expect(decodeBase64("aG==VsbA")).toMatchObject({ ok: false, message: expect.stringContaining("after the '=' padding at character 5") });
    expect(decodeBase64("aGVsbG8===")).toMatchObject({ ok: false, message: expect.stringContaining("padding") });
  });
});

describe("decodeHex", () => {
  it("decodes pairs of digits in either case, with spaces and a 0x prefix", () => {
    expect(bytesOf(decodeHex("00ff10807F"))).toEqual(Buffer.from([0, 255, 16, 128, 127]));
    expect(bytesOf(decodeHex("0x00 ff\n10"))).toEqual(Buffer.from([0, 255, 16]));
    expect(bytesOf(decodeHex(""))).toEqual(Buffer.alloc(0));
  });

  it("says which character is not hex, and refuses an odd count", () => {
    expect(decodeHex("00fg")).toEqual({ ok: false, message: "Invalid hex: 'g' at character 4" });
    expect(decodeHex("0x0x00")).toEqual({ ok: false, message: "Invalid hex: 'x' at character 4" });
    expect(decodeHex("abc")).toMatchObject({ ok: false, message: expect.stringContaining("odd") });
  });
});

describe("decodeData", () => {
  it("sends text and JSON as UTF-8, JSON exactly as written", () => {
    expect(bytesOf(decodeData("héllo 😀", "text"))).toEqual(Buffer.from("héllo 😀", "utf8"));
    expect(bytesOf(decodeData('{ "a": 1 }', "json"))).toEqual(Buffer.from('{ "a": 1 }'));
  });

  it("refuses invalid JSON with where it fails", () => {
    expect(decodeData('{"a": tru}', "json")).toEqual({ ok: false, message: "Invalid JSON: Unexpected 't' where a value was expected at character 7" });
  });
});
