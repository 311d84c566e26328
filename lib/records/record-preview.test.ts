import { describe, expect, it } from "vitest";
import { decodedText, previewRecord } from "./record-preview";
import type { RecordView } from "./types";

function recordOf(bytes: Buffer, decoded: RecordView["decoded"]): RecordView {
  return {
    shardId: "shardId-000000000000",
    sequenceNumber: "1",
    partitionKey: "k",
    arrivalTime: "2026-11-26T12:00:00.000Z",
    size: bytes.length,
    data: bytes.toString("base64"),
    decoded,
  };
}

describe("previewRecord", () => {
  it("leaves a small record as it is", () => {
    const r = recordOf(Buffer.from('{"a":1}'), { chain: ["base64", "json"], format: "json", value: { a: 1 } });
    expect(previewRecord(r, 1024)).toBe(r);
  });

  it("keeps the start of a large record's bytes (valid base64) and of its JSON written out, with the flag", () => {
    const value = { items: Array.from({ length: 500 }, (_, i) => ({ i })) };
    const bytes = Buffer.from(JSON.stringify(value));
    const p = previewRecord(recordOf(bytes, { chain: ["base64", "json"], format: "json", value }), 1000);
    expect(p.truncated).toBe(true);
    expect(p.size).toBe(bytes.length);
    const raw = Buffer.from(p.data, "base64");
    expect(raw.length).toBe(999);
    expect(raw.equals(bytes.subarray(0, 999))).toBe(true);
    expect(p.decoded).toEqual({ chain: ["base64", "json"], format: "json", text: JSON.stringify(value, null, 2).slice(0, 1000) });
  });

  it("truncates a small record whose decoded payload is large (gzip), keeping its bytes whole", () => {
    const text = "x".repeat(5000);
    const r = recordOf(Buffer.from("small gzip"), { chain: ["base64", "gzip", "text"], format: "text", text });
    const p = previewRecord(r, 1000);
    expect(p).toMatchObject({ truncated: true, data: r.data, decoded: { format: "text", text: "x".repeat(1000) } });
  });

  it("never ends a preview in half a surrogate pair", () => {
    const text = "a" + "😀".repeat(1000);
    const p = previewRecord(recordOf(Buffer.from(text), { chain: ["base64", "text"], format: "text", text }), 100);
    expect(p.decoded.text).toHaveLength(99);
    expect(p.decoded.text!.endsWith("😀")).toBe(true);
  });

  it("writes out KPL sub-records as JSON", () => {
    const d = decodedText({
      chain: ["base64", "kpl"],
      format: "kpl",
      subRecords: [{ partitionKey: "p", size: 2, decoded: { chain: ["json"], format: "json", value: { t: 1 } } }],
    });
    expect(JSON.parse(d)).toEqual({ records: [{ partitionKey: "p", payload: { t: 1 } }] });
  });
});

describe("previewRecord of schema-decoded records", () => {
  it("measures an Avro record written out, since a few bytes can decode to a large value", () => {
    const value = Array.from({ length: 5000 }, () => null);
    const r: RecordView = {
      shardId: "shardId-000000000000",
      sequenceNumber: "1",
      partitionKey: "pk",
      arrivalTime: "2026-11-26T12:00:00.000Z",
      size: 40,
      data: "AAAA",
      decoded: { chain: ["base64", "gsr", "avro"], format: "avro", value },
    };
    const preview = previewRecord(r, 1024);
    expect(preview.truncated).toBe(true);
    expect(preview.decoded.value).toBeUndefined();
    expect(preview.decoded.text?.length).toBe(1024);
  });
});
