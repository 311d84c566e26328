import { describe, expect, it } from "vitest";
import { ReadRecord, toRecordView, viewAs } from "./read-record";

const raw = (text: string) => ({
  SequenceNumber: "49",
  PartitionKey: "pk",
  ApproximateArrivalTimestamp: new Date(1_000),
  Data: new TextEncoder().encode(text),
});

describe("ReadRecord", () => {
  it("gives its metadata without decoding, and decodes once per decoder however often it is asked", () => {
    const r = new ReadRecord("shardId-0", raw('{"a":1}'));
    expect([r.shardId, r.sequenceNumber, r.partitionKey, r.arrivalTime, r.size]).toEqual(["shardId-0", "49", "pk", new Date(1_000).toISOString(), 7]);
    expect(r.decoders).toEqual([]);

    const a = viewAs(r, "text");
    const b = viewAs(r, "text");
    expect(a.decoded).toBe(b.decoded);
    expect(a.decoded).toMatchObject({ format: "text", text: '{"a":1}' });
    expect(r.decoded).toMatchObject({ format: "json", value: { a: 1 } });
    expect(r.decoders).toEqual(["text", "auto"]);
  });

  it("is viewed as the plain record the records API sends", () => {
    const view = toRecordView("shardId-0", raw("hi"), "hex");
    expect(view).toEqual(viewAs(new ReadRecord("shardId-0", raw("hi")), "hex"));
    expect(Object.keys(view)).toEqual(["shardId", "sequenceNumber", "partitionKey", "arrivalTime", "size", "data", "decoded"]);
    expect(view.data).toBe(Buffer.from("hi").toString("base64"));
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});
