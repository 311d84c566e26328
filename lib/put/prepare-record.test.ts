import { describe, expect, it } from "vitest";
import { MAX_HASH_KEY } from "./limits";
import { checkExplicitHashKey, checkPartitionKey, prepareRecord } from "./prepare-record";

describe("checkPartitionKey", () => {
  it("accepts 1 to 256 characters", () => {
    expect(checkPartitionKey("a")).toBeUndefined();
    expect(checkPartitionKey("a".repeat(256))).toBeUndefined();
    expect(checkPartitionKey("é".repeat(256))).toBeUndefined();
  });

  it("refuses an empty key and one that is too long", () => {
    expect(checkPartitionKey("")).toMatch(/empty/);
    expect(checkPartitionKey("a".repeat(257))).toMatch(/257 characters long; Kinesis allows at most 256/);
  });

  it("counts characters outside the BMP as two, as Kinesis does, and says so", () => {
    expect(checkPartitionKey("😀".repeat(128))).toBeUndefined();
    expect(checkPartitionKey("😀".repeat(129))).toMatch(/258 characters long \(129 characters, but .*emoji count as two\)/);
  });

  it("refuses lone surrogates, which have no UTF-8 form and would be sent as U+FFFD", () => {
    expect(checkPartitionKey("\uD800")).toBe(
      "The partition key contains a lone UTF-16 surrogate U+D800 at character 1 (half of a character pair, which has no UTF-8 form); remove it or complete the pair.",
    );
    expect(checkPartitionKey("ab\uDC00")).toMatch(/lone UTF-16 surrogate U\+DC00 at character 3/);
    expect(checkPartitionKey("a\uD83D")).toMatch(/U\+D83D at character 2/);
    expect(checkPartitionKey("a\uD83D\uDE00")).toBeUndefined(); // a complete pair: 😀
    const r = prepareRecord({ partitionKey: "k", data: "x\uDFFFy", encoding: "text" });
    expect(r).toEqual({
      ok: false,
      problems: [{ field: "data", message: expect.stringMatching(/^The data contains a lone UTF-16 surrogate U\+DFFF at character 2/) }],
    });
  });
});

describe("checkExplicitHashKey", () => {
  it("accepts 0 … 2^128 − 1 and returns the canonical decimal", () => {
    expect(checkExplicitHashKey("0")).toEqual({ ok: true, value: "0" });
    expect(checkExplicitHashKey(MAX_HASH_KEY.toString())).toEqual({ ok: true, value: MAX_HASH_KEY.toString() });
    expect(checkExplicitHashKey(" 007 ")).toEqual({ ok: true, value: "7" });
  });

  it("refuses anything else", () => {
    expect(checkExplicitHashKey((MAX_HASH_KEY + 1n).toString())).toMatchObject({ ok: false, message: expect.stringContaining("larger than 2^128 − 1") });
    for (const bad of ["-1", "1.5", "0x10", "1e3", "", "12 34", "١٢"]) {
      expect(checkExplicitHashKey(bad), bad).toMatchObject({ ok: false, message: expect.stringContaining("decimal integer") });
    }
  });
});

describe("prepareRecord", () => {
  it("decodes the data and counts data plus key bytes", () => {
    const r = prepareRecord({ partitionKey: "ké", explicitHashKey: "0042", data: "AAEC", encoding: "base64" });
    expect(r).toEqual({ ok: true, record: { partitionKey: "ké", explicitHashKey: "42", data: new Uint8Array([0, 1, 2]), size: 6 } });
  });

  it("treats a blank explicit hash key as none", () => {
    const r = prepareRecord({ partitionKey: "k", explicitHashKey: "  ", data: "x", encoding: "text" });
    expect(r.ok && r.record.explicitHashKey).toBeUndefined();
  });

  it("allows exactly 1 MiB of data and refuses one byte more", () => {
    expect(prepareRecord({ partitionKey: "k", data: "ab".repeat(512 * 1024), encoding: "text" }).ok).toBe(true);
    const r = prepareRecord({ partitionKey: "k", data: "00".repeat(1024 * 1024 + 1), encoding: "hex" });
    expect(r).toEqual({ ok: false, problems: [{ field: "data", message: expect.stringContaining("1,048,577 bytes after decoding") }] });
  });

  it("holds a stream with a 1 MiB limit to 1 MiB, naming the limit", () => {
    const oneMiB = 1024 * 1024;
    expect(prepareRecord({ partitionKey: "k", data: "ab".repeat(512 * 1024), encoding: "text" }, oneMiB).ok).toBe(true);
    const r = prepareRecord({ partitionKey: "k", data: "a".repeat(oneMiB + 1), encoding: "text" }, oneMiB);
    expect(r).toEqual({
      ok: false,
      problems: [{ field: "data", message: "The data is 1,048,577 bytes after decoding; a record of this stream holds at most 1 MiB (1,048,576 bytes)." }],
    });
  });

  it("lets a stream with a 10 MiB limit take records past 1 MiB, up to 10 MiB", () => {
    const tenMiB = 10 * 1024 * 1024;
    const twoMiB = prepareRecord({ partitionKey: "k", data: "a".repeat(2 * 1024 * 1024), encoding: "text" }, tenMiB);
    expect(twoMiB.ok && twoMiB.record.size).toBe(2 * 1024 * 1024 + 1);
    expect(prepareRecord({ partitionKey: "k", data: "a".repeat(tenMiB), encoding: "text" }, tenMiB).ok).toBe(true);
    const r = prepareRecord({ partitionKey: "k", data: "a".repeat(tenMiB + 1), encoding: "text" }, tenMiB);
    expect(r).toEqual({
      ok: false,
      problems: [{ field: "data", message: "The data is 10,485,761 bytes after decoding; a record of this stream holds at most 10 MiB (10,485,760 bytes)." }],
    });
  });

  it("reports every bad field at once", () => {
    const r = prepareRecord({ partitionKey: "", explicitHashKey: "x", data: "zz", encoding: "hex" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(["partitionKey", "explicitHashKey", "data"]);
  });
});
