import { describe, expect, it } from "vitest";
import { afterCheckpointHref, MAX_PREFILL_CHARS, putCopyHref, putPrefillFromParams, putPrefillOf, recordHref, tailFromHref } from "./record-links";
import type { RecordView } from "./types";

const view = (bytes: Buffer, decoded: RecordView["decoded"], extra: Partial<RecordView> = {}): RecordView => ({
  shardId: "shardId-000000000001",
  sequenceNumber: "4901",
  partitionKey: "k 1/é",
  arrivalTime: "2026-11-26T12:00:00.000Z",
  size: bytes.length,
  data: bytes.toString("base64"),
  decoded,
  ...extra,
});
const params = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

describe("record links", () => {
  it("opens the record browser at a record, highlighted and open", () => {
    const href = recordHref("my.stream", "shardId-000000000001", "4901");
    expect(href.split("?")[0]).toBe("/streams/my.stream/records");
    expect(params(href)).toEqual({ shard: "shardId-000000000001", from: "AT_SEQUENCE_NUMBER", at: "4901", seq: "4901" });
  });

  it("starts the tail at or after a record, on its shard", () => {
    expect(params(tailFromHref("s", "shardId-000000000001", "4901"))).toEqual({ from: "AT_SEQUENCE_NUMBER", at: "4901", shards: "shardId-000000000001" });
    expect(params(tailFromHref("s", "shardId-000000000001", "4901", true)).from).toBe("AFTER_SEQUENCE_NUMBER");
  });

  it("puts a copy with the bytes as written: JSON and text as text, anything else (gzip, binary) in base64", () => {
    const json = view(Buffer.from('{"a": 1}'), { chain: ["base64", "json"], format: "json", value: { a: 1 } });
    expect(putPrefillOf(json)).toEqual({ partitionKey: "k 1/é", data: '{"a": 1}', encoding: "json" });
    const text = view(Buffer.from("héllo"), { chain: ["base64", "text"], format: "text", text: "héllo" });
    expect(putPrefillOf(text)).toEqual({ partitionKey: "k 1/é", data: "héllo", encoding: "text" });
    const gz = view(Buffer.from([0x1f, 0x8b, 8, 0]), { chain: ["base64", "gzip", "json"], format: "json", value: {} });
    expect(putPrefillOf(gz)).toEqual({ partitionKey: "k 1/é", data: gz.data, encoding: "base64" });
    expect(putPrefillOf({ ...json, truncated: true })).toBeUndefined();
    // A masked record's bytes were not sent: nothing faithful to copy.
    expect(putPrefillOf({ ...json, data: "", decoded: { ...json.decoded, masked: ["$.a"] } })).toBeUndefined();
  });

  it("round-trips the put form's prefill through its URL, and refuses payloads too long for a link", () => {
    const p = { partitionKey: "k 1/é", data: '{"a": "x&y=z"}', encoding: "json" as const };
    const href = putCopyHref("s", p)!;
    expect(href.split("?")[0]).toBe("/streams/s/put");
    expect(putPrefillFromParams(new URL(href, "http://x").searchParams)).toEqual(p);
    expect(putCopyHref("s", { ...p, data: "x".repeat(MAX_PREFILL_CHARS + 1) })).toBeUndefined();
    expect(putPrefillFromParams(new URLSearchParams("encoding=xml"))).toEqual({ partitionKey: undefined, data: undefined, encoding: undefined });
  });
});

describe("afterCheckpointHref", () => {
  it("opens the record browser just after a consumer's checkpoint on its shard", () => {
    const href = afterCheckpointHref("orders/eu", "shardId-000000000002", "49650000000000000000000000000000000000000000000000000002")!;
    expect(href.startsWith("/streams/orders%2Feu/records?")).toBe(true);
    expect(params(href)).toEqual({
      shard: "shardId-000000000002",
      from: "AFTER_SEQUENCE_NUMBER",
      at: "49650000000000000000000000000000000000000000000000000002",
    });
  });
  it("has no link for a sentinel or a lease that has not checkpointed", () => {
    for (const c of ["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "SHARD_END", null]) expect(afterCheckpointHref("s", "shardId-000000000000", c)).toBeUndefined();
  });
});
