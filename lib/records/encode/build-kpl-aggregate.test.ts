import { describe, expect, it } from "vitest";
import { buildKplAggregate } from "./build-kpl-aggregate";

describe("buildKplAggregate", () => {
  it("lays out magic bytes, protobuf and MD5 exactly as the KPL does", () => {
    const bytes = buildKplAggregate([{ partitionKey: "x", data: new TextEncoder().encode("hi") }]);
    // Same bytes as aws-kinesis-agg's aggregate() gives for this record.
    expect(Buffer.from(bytes).toString("hex")).toBe(
      "f3899ac2" + // magic
        "0a0178" + // partition_key_table: ["x"]
        "1a0608001a026869" + // records: [{ partition_key_index: 0, data: "hi" }]
        "0166bf7aef8a4b7f977a256b9166ef11", // MD5 of the protobuf
    );
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });

  it("does not modify the records it is given", () => {
    const records = [{ partitionKey: "k", data: Uint8Array.of(1, 2, 3) }];
    buildKplAggregate(records);
    expect(records).toEqual([{ partitionKey: "k", data: Uint8Array.of(1, 2, 3) }]);
  });

  it("throws for no records, an empty partition key, or more than fits in one Kinesis record", () => {
    expect(() => buildKplAggregate([])).toThrow("buildKplAggregate needs at least one user record");
    expect(() => buildKplAggregate([{ partitionKey: "", data: Uint8Array.of(1) }])).toThrow("partitionKey");
    expect(() => buildKplAggregate([{ partitionKey: "k", data: new Uint8Array(1024 * 1024) }])).toThrow("too large to fit inside a single Kinesis record");
  });
});
