import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { compileSchema } from "@/lib/records/schemas/compile";
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

describe("ReadRecord with schemas", () => {
  const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, "../../records/fixtures/gsr", name)));
  const avsc = fs.readFileSync(path.join(__dirname, "../../records/fixtures/gsr/sensor-reading.avsc"), "utf8");
  const ID = "b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a01";

  it("keeps no decoding made before its schema version was fetched, and keeps the one after", () => {
    const compiled = compileSchema({ format: "avro", text: avsc, info: { source: "glue", registry: "r", name: "sensor-reading", version: 1, versionId: ID } });
    if (!compiled.ok) throw new Error(compiled.reason);
    let known = false;
    const schemas = {
      misses: 0,
      glue(id: string) {
        if (id !== ID || !known) {
          schemas.misses++;
          return undefined;
        }
        return compiled;
      },
      stream: () => undefined,
    };
    const r = new ReadRecord("shardId-0", { SequenceNumber: "1", PartitionKey: "pk", Data: fixture("avro.bin") });
    r.useSchemas(schemas);
    expect(r.decoded.warning).toBe(`Glue Schema Registry record (schema version ${ID}): the schema version has not been fetched yet`);
    expect(r.decoders).toEqual([]);
    known = true;
    const decoded = r.decoded;
    expect(decoded).toMatchObject({ chain: ["base64", "gsr", "avro"], format: "avro", schema: { name: "sensor-reading" } });
    expect(r.decoded).toBe(decoded);
    expect(r.decodedWithSchemaText("auto").schema?.definition).toBe(avsc);
  });
});

describe("ReadRecord's shared view", () => {
  it("is one object per decoding for every caller, a new one once the decoding is forgotten", () => {
    const r = new ReadRecord("shardId-0", raw('{"order":7}'));
    const view = viewAs(r, "auto");
    expect(viewAs(r, "auto")).toBe(view);
    expect(view).toMatchObject({ shardId: "shardId-0", sequenceNumber: "49", decoded: { format: "json", value: { order: 7 } } });
    expect(viewAs(r, "text")).not.toBe(view);
    expect(r.decoders).toEqual(["auto", "text"]);

    // A search lets go of what it filtered out: nothing decoded is kept, and a later reader decodes again.
    r.forgetDecodings();
    expect(r.decoders).toEqual([]);
    const again = viewAs(r, "auto");
    expect(again).not.toBe(view);
    expect(again).toEqual(view);
  });
});
