import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deaggregateKpl, hasKplMagic, KPL_MAGIC } from "./kpl";
import { buildKplAggregate } from "./encode/build-kpl-aggregate";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Wraps a hand-made protobuf body as an aggregate with a valid checksum. */
function aggregateOf(body: number[]): Uint8Array {
  const md5 = createHash("md5").update(Uint8Array.from(body)).digest();
  return Uint8Array.from([...KPL_MAGIC, ...body, ...md5]);
}

describe("deaggregateKpl", () => {
  it("returns each user record with its own keys and data, in order", () => {
    const aggregate = buildKplAggregate([
      { partitionKey: "alpha", data: utf8("one") },
      { partitionKey: "beta", explicitHashKey: "170141183460469231731687303715884105728", data: Uint8Array.of(0, 1, 2) },
      { partitionKey: "alpha", data: utf8("three") },
    ]);
    expect(hasKplMagic(aggregate)).toBe(true);
    expect(deaggregateKpl(aggregate)).toEqual({
      ok: true,
      records: [
        { partitionKey: "alpha", data: utf8("one") },
        { partitionKey: "beta", explicitHashKey: "170141183460469231731687303715884105728", data: Uint8Array.of(0, 1, 2) },
        { partitionKey: "alpha", data: utf8("three") },
      ],
    });
  });

  it("does not hand the first explicit hash key to records that have none (an aws-kinesis-agg quirk)", () => {
    const aggregate = buildKplAggregate([
      { partitionKey: "a", explicitHashKey: "123", data: utf8("x") },
      { partitionKey: "b", data: utf8("y") },
    ]);
    const result = deaggregateKpl(aggregate);
    expect(result.ok && result.records.map((r) => r.explicitHashKey)).toEqual(["123", undefined]);
    expect(result.ok && "explicitHashKey" in result.records[1]!).toBe(false);
  });

  it("reads a byte-offset view without looking outside it", () => {
    const aggregate = buildKplAggregate([{ partitionKey: "k", data: utf8("v") }]);
    const padded = new Uint8Array(aggregate.length + 10);
    padded.set(aggregate, 5);
    const result = deaggregateKpl(padded.subarray(5, 5 + aggregate.length));
    expect(result).toEqual({ ok: true, records: [{ partitionKey: "k", data: utf8("v") }] });
  });

  it("accepts an aggregate of no user records", () => {
    expect(deaggregateKpl(aggregateOf([]))).toEqual({ ok: true, records: [] });
  });

  it("rejects a checksum mismatch", () => {
    const aggregate = buildKplAggregate([{ partitionKey: "k", data: utf8("value") }]);
    aggregate[8]! ^= 0x01;
    expect(deaggregateKpl(aggregate)).toEqual({ ok: false, reason: "the MD5 checksum does not match its contents" });
  });

  it("rejects a malformed protobuf body even when its checksum is right", () => {
    // field 3 (records), length 2, holding a Record with only partition_key_index: no data.
    expect(deaggregateKpl(aggregateOf([0x1a, 0x02, 0x08, 0x00]))).toEqual({
      ok: false,
      reason: "the protobuf body is malformed (missing required 'data')",
    });
    expect(deaggregateKpl(aggregateOf([0xff, 0xff]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the protobuf body is malformed \(.+\)$/),
    });
  });

  it("rejects a user record pointing past the partition key table", () => {
    // partition_key_table ["k"], one record with partition_key_index 3 and data "v".
    const body = [0x0a, 0x01, 0x6b, 0x1a, 0x05, 0x08, 0x03, 0x1a, 0x01, 0x76];
    expect(deaggregateKpl(aggregateOf(body))).toEqual({
      ok: false,
      reason: "user record 0 refers to a partition key missing from the key table",
    });
  });

  it("explains what is missing for data that cannot be an aggregate", () => {
    expect(deaggregateKpl(utf8("{}"))).toEqual({ ok: false, reason: "missing the magic bytes f3 89 9a c2" });
    expect(deaggregateKpl(Uint8Array.of(...KPL_MAGIC, 1, 2))).toEqual({
      ok: false,
      reason: "6 bytes are too few to hold the magic bytes and an MD5 checksum",
    });
  });
});
