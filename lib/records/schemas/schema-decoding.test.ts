// Decoding records written by the reference implementations: AWS's GSR serde (Java), Apache
// Avro, Google's protobuf, msgpack and cbor2 (see scripts/fixtures/).
import fs from "node:fs";
import path from "node:path";
import { zlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { decodePayload } from "../decode-payload";
import { buildKplAggregate } from "../encode/build-kpl-aggregate";
import { PrefetchingLookup, type SchemaLookupResult } from "../schema-resolver";
import type { SchemaFormat, SchemaInfo } from "../types";
import protobuf from "protobufjs";
import "protobufjs/ext/descriptor.js";
import { compileSchema } from "./compile";
import { gsrHeader } from "./wire";

const dir = path.join(__dirname, "../fixtures");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const text = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");

const AVRO_ID = "b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a01";
const JSON_ID = "b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a02";
const PROTO_ID = "b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a03";

function compiled(format: SchemaFormat, file: string, info: SchemaInfo, messageType?: string): SchemaLookupResult {
  const result = compileSchema({ format, text: text(file), info, ...(messageType && { messageType }) });
  if (!result.ok) throw new Error(result.reason);
  return { ok: true, schema: result.schema };
}

const glue: Record<string, SchemaLookupResult> = {
  [AVRO_ID]: compiled("avro", "gsr/sensor-reading.avsc", { source: "glue", registry: "telemetry", name: "sensor-reading", version: 3, versionId: AVRO_ID }),
  [JSON_ID]: compiled("jsonschema", "gsr/sensor-reading.schema.json", {
    source: "glue",
    registry: "telemetry",
    name: "sensor-json",
    version: 1,
    versionId: JSON_ID,
  }),
  [PROTO_ID]: compiled("protobuf", "gsr/sensors.proto", { source: "glue", registry: "telemetry", name: "sensors-proto", version: 2, versionId: PROTO_ID }),
};

const lookup = (attached?: SchemaLookupResult) => new PrefetchingLookup((id) => glue[id], attached);

const AVRO_READING = {
  sensorId: "sensor-0042",
  temperature: 21.5,
  humidity: 0.625,
  takenAt: 1764633600123,
  // 2^53 + 1 does not fit a double: kept exactly, as a decimal string.
  counter: "9007199254740993",
  status: "WARN",
  tags: ["roof", "north"],
  raw: "AQID/w==",
};

describe("GSR records written by AWS's serde", () => {
  it("decodes Avro, naming the registry, schema and version", () => {
    expect(decodePayload(fixture("gsr/avro.bin"), { schemas: lookup() })).toStrictEqual({
      chain: ["base64", "gsr", "avro"],
      format: "avro",
      value: AVRO_READING,
      schema: { source: "glue", registry: "telemetry", name: "sensor-reading", version: 3, versionId: AVRO_ID },
    });
  });

  it("inflates a zlib-compressed payload first", () => {
    const d = decodePayload(fixture("gsr/avro-zlib.bin"), { schemas: lookup() });
    expect(d.chain).toStrictEqual(["base64", "gsr", "zlib", "avro"]);
    expect(d.value).toStrictEqual(AVRO_READING);
  });

  it("decodes JSON Schema records", () => {
    const d = decodePayload(fixture("gsr/json.bin"), { schemas: lookup() });
    expect(d).toMatchObject({ chain: ["base64", "gsr", "jsonschema"], format: "jsonschema", schema: { name: "sensor-json", version: 1 } });
    expect(d.value).toStrictEqual({ sensorId: "sensor-0042", temperature: 21.5, tags: ["roof", "north"] });
  });

  it("decodes Protobuf records by the serde's message index, map entry types counted", () => {
    const reading = decodePayload(fixture("gsr/protobuf-reading.bin"), { schemas: lookup() });
    expect(reading.chain).toStrictEqual(["base64", "gsr", "protobuf"]);
    expect(reading.value).toStrictEqual({
      sensor_id: "sensor-0042",
      temperature: 21.5,
      taken_at: 1764633600123,
      labels: { site: "berlin" },
      location: { lat: 52.52, lon: 13.405 },
      status: "WARN",
    });
    expect(decodePayload(fixture("gsr/protobuf-reading-zlib.bin"), { schemas: lookup() }).value).toStrictEqual(reading.value);
    expect(decodePayload(fixture("gsr/protobuf-alert.bin"), { schemas: lookup() }).value).toStrictEqual({ sensor_id: "sensor-0042", message: "too warm" });
    // Index 3: Reading.Location sorts after the map's synthetic Reading.LabelsEntry.
    expect(decodePayload(fixture("gsr/protobuf-location.bin"), { schemas: lookup() }).value).toStrictEqual({ lat: 52.52, lon: 13.405 });
  });

  it("gives the schema's text only when asked (the detail view)", () => {
    const d = decodePayload(fixture("gsr/avro.bin"), { schemas: lookup(), withSchemaText: true });
    expect(d.schema?.definition).toBe(text("gsr/sensor-reading.avsc"));
  });

  it("decodes a GSR record inside a KPL aggregate", () => {
    const aggregate = buildKplAggregate([
      { partitionKey: "a", data: fixture("gsr/avro.bin") },
      { partitionKey: "b", data: fixture("gsr/protobuf-alert.bin") },
    ]);
    const d = decodePayload(aggregate, { schemas: lookup() });
    expect(d.chain).toStrictEqual(["base64", "kpl"]);
    expect(d.subRecords?.map((s) => [s.decoded.chain, s.decoded.format, s.decoded.schema?.name])).toStrictEqual([
      [["gsr", "avro"], "avro", "sensor-reading"],
      [["gsr", "protobuf"], "protobuf", "sensors-proto"],
    ]);
  });

  it("notes an id it lacks, and says so until the server has fetched it", () => {
    const empty = new PrefetchingLookup(() => undefined, undefined);
    const d = decodePayload(fixture("gsr/avro.bin"), { schemas: empty });
    expect([...empty.missing]).toStrictEqual([AVRO_ID]);
    expect(d.chain).toStrictEqual(["base64", "gsr", "hex"]);
    expect(d.warning).toBe(`Glue Schema Registry record (schema version ${AVRO_ID}): the schema version has not been fetched yet`);
  });

  it("says why a schema version cannot be had, and shows the payload", () => {
    const denied = new PrefetchingLookup(() => ({ ok: false, reason: "access to Glue was denied (glue:GetSchemaVersion)" }), undefined);
    const d = decodePayload(fixture("gsr/json.bin"), { schemas: denied });
    expect(d.chain).toStrictEqual(["base64", "gsr", "json"]);
    expect(d.warning).toContain("access to Glue was denied");
  });

  it("shows the payload when the registry's schema does not fit it", () => {
    const wrong = new PrefetchingLookup(() => glue[AVRO_ID], undefined);
    const d = decodePayload(fixture("gsr/protobuf-alert.bin"), { schemas: wrong });
    expect(d.format).toBe("binary");
    expect(d.warning).toMatch(/telemetry\/sensor-reading v3: not Avro data of this schema/);
  });

  it("reports a corrupt zlib payload without throwing", () => {
    const bytes = fixture("gsr/avro-zlib.bin").slice(0, 30);
    const d = decodePayload(bytes, { schemas: lookup() });
    expect(d.chain).toStrictEqual(["base64", "gsr", "hex"]);
    expect(d.warning).toMatch(/^The GSR payload is marked zlib-compressed: Not zlib data/);
  });

  it("can be forced, and a forced gsr on other bytes says why", () => {
    expect(decodePayload(fixture("gsr/avro.bin"), { decoder: "gsr", schemas: lookup() }).format).toBe("avro");
    const d = decodePayload(new TextEncoder().encode('{"a":1}'), { decoder: "gsr", schemas: lookup() });
    expect(d.chain).toStrictEqual(["base64", "json"]);
    expect(d.warning).toBe("Not Glue Schema Registry data: 7 bytes are too few for the 18-byte header");
  });

  it("decodes a header written by the put side's helper with a zlib payload of its own", () => {
    const payload = fixture("gsr/avro.bin").subarray(18);
    const bytes = new Uint8Array([...gsrHeader(AVRO_ID, "zlib"), ...zlibSync(payload)]);
    expect(decodePayload(bytes, { schemas: lookup() }).value).toStrictEqual(AVRO_READING);
  });
});

describe("records of a stream with an attached schema (reference encoders)", () => {
  const fileInfo = (name: string): SchemaInfo => ({ source: "file", name });

  it("decodes Apache Avro's binary encoding with the stream's .avsc", () => {
    const attached = compiled("avro", "gsr/sensor-reading.avsc", fileInfo("sensor-reading.avsc"));
    const d = decodePayload(fixture("ref/reading.avro"), { schemas: lookup(attached) });
    expect(d).toStrictEqual({
      chain: ["base64", "avro"],
      format: "avro",
      value: { sensorId: "sensor-0042", temperature: 21.5, humidity: null, takenAt: 1764633600123, counter: -5, status: "FAIL", tags: ["basement"], raw: "" },
      schema: { source: "file", name: "sensor-reading.avsc" },
    });
  });

  it("decodes Google protobuf's encoding with a .proto and its message type", () => {
    const attached = compiled("protobuf", "gsr/sensors.proto", fileInfo("sensors.proto"), "demo.sensors.Reading");
    const d = decodePayload(fixture("ref/reading.pb"), { schemas: lookup(attached) });
    expect(d.chain).toStrictEqual(["base64", "protobuf"]);
    expect(d.value).toStrictEqual({
      sensor_id: "sensor-0007",
      temperature: -3.25,
      taken_at: "9007199254740993",
      labels: { site: "oslo" },
      location: { lat: 59.91, lon: 10.75 },
      status: "FAIL",
    });
  });

  it("decodes with a compiled descriptor set (protoc --descriptor_set_out)", () => {
    const result = compileSchema({
      format: "protobuf",
      descriptorSet: fixture("ref/sensors.desc"),
      messageType: "demo.sensors.Reading",
      info: fileInfo("sensors.desc"),
    });
    if (!result.ok) throw new Error(result.reason);
    const d = decodePayload(fixture("ref/reading.pb"), { schemas: lookup({ ok: true, schema: result.schema }) });
    expect(d.value).toMatchObject({ sensor_id: "sensor-0007", taken_at: "9007199254740993", status: "FAIL" });
    expect(result.schema.text).toContain("message demo.sensors.Reading");
  });

  it("decodes with the JSON form of a descriptor set (what the schema store keeps)", () => {
    const fromSet = compileSchema({ format: "protobuf", descriptorSet: fixture("ref/sensors.desc"), info: fileInfo("x") });
    if (!fromSet.ok) throw new Error(fromSet.reason);
    const desc = protobuf.Root.fromDescriptor(fixture("ref/sensors.desc"), { keepCase: true });
    const json = JSON.stringify(desc.toJSON());
    const attached = compileSchema({ format: "protobuf", text: json, messageType: "demo.sensors.Reading", info: fileInfo("sensors.desc") });
    if (!attached.ok) throw new Error(attached.reason);
    const d = decodePayload(fixture("ref/reading.pb"), { schemas: lookup({ ok: true, schema: attached.schema }) });
    expect(d.value).toMatchObject({ sensor_id: "sensor-0007", location: { lat: 59.91, lon: 10.75 } });
  });

  it("still shows JSON records as JSON, and text as text, on a stream with a schema", () => {
    const attached = compiled("avro", "gsr/sensor-reading.avsc", fileInfo("sensor-reading.avsc"));
    expect(decodePayload(new TextEncoder().encode('{"a":1}'), { schemas: lookup(attached) }).format).toBe("json");
    const t = decodePayload(new TextEncoder().encode("hello there"), { schemas: lookup(attached) });
    expect(t.format).toBe("text");
  });

  it("can be forced, and says when no schema of that kind is attached", () => {
    const attached = compiled("avro", "gsr/sensor-reading.avsc", fileInfo("sensor-reading.avsc"));
    expect(decodePayload(fixture("ref/reading.avro"), { decoder: "avro", schemas: lookup(attached) }).format).toBe("avro");
    const d = decodePayload(fixture("ref/reading.avro"), { decoder: "protobuf", schemas: lookup(attached) });
    expect(d.warning).toBe("Not decoded as Protobuf: the schema attached to this stream is avro");
    expect(decodePayload(fixture("ref/reading.avro"), { decoder: "avro" }).warning).toBe("Not decoded as Avro: no Avro schema is attached to this stream");
  });

  it("recognises Confluent framing and reports it when no registry is configured", () => {
    const bytes = new Uint8Array([0, 0, 0, 0, 42, ...fixture("ref/reading.avro")]);
    const d = decodePayload(bytes);
    expect(d).toMatchObject({
      chain: ["base64", "confluent", "hex"],
      format: "binary",
      schema: { source: "confluent", name: "schema id 42", versionId: "42" },
    });
    expect(d.warning).toBe("Confluent Schema Registry framing (schema id 42): no Confluent registry is configured, so the payload is shown as it is");
    const attached = compiled("avro", "gsr/sensor-reading.avsc", fileInfo("sensor-reading.avsc"));
    expect(decodePayload(bytes, { schemas: lookup(attached) })).toMatchObject({ chain: ["base64", "confluent", "avro"], format: "avro" });
  });
});

describe("hostile bytes against a schema", () => {
  const listSchema = compileSchema({
    format: "avro",
    text: JSON.stringify({
      type: "record",
      name: "R",
      fields: [
        { name: "a", type: { type: "array", items: "int" } },
        { name: "m", type: { type: "map", values: "null" } },
      ],
    }),
    info: { source: "file", name: "r.avsc" },
  });
  if (!listSchema.ok) throw new Error(listSchema.reason);
  const attached = lookup({ ok: true, schema: listSchema.schema });

  it("refuses an Avro array claiming a billion items in five bytes (avsc alone would run out of memory)", () => {
    // zigzag(2^30) as a varint: 80 80 80 80 08
    const d = decodePayload(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x08), { decoder: "avro", schemas: attached });
    expect(d.format).toBe("binary");
    expect(d.warning).toMatch(/^Not Avro data of r\.avsc: not Avro data of this schema \(it holds more than 200,000 items\)/);
  });

  it("refuses a map of nulls claiming many items, which take no bytes at all", () => {
    const d = decodePayload(Uint8Array.of(0x00, 0xfe, 0xff, 0xff, 0x0f), { decoder: "avro", schemas: attached });
    expect(d.warning).toMatch(/truncated data|more than 200,000 items/);
  });

  it("decodes a well-formed datum of the same schema", () => {
    // a: [1, 2] in one block; m: {"k": null}
    const d = decodePayload(Uint8Array.of(0x04, 0x02, 0x04, 0x00, 0x02, 0x02, 0x6b, 0x00), { decoder: "avro", schemas: attached });
    expect(d).toMatchObject({ format: "avro", value: { a: [1, 2], m: { k: null } } });
  });
});

describe("MessagePack and CBOR (msgpack, cbor2)", () => {
  const expected = { sensorId: "sensor-0042", temperature: 21.5, ok: true, tags: ["roof", "north"], counter: "1152921504606846976" };

  it("detects and decodes MessagePack", () => {
    expect(decodePayload(fixture("ref/reading.msgpack"))).toStrictEqual({ chain: ["base64", "msgpack"], format: "msgpack", value: expected });
  });

  it("detects and decodes CBOR", () => {
    expect(decodePayload(fixture("ref/reading.cbor"))).toStrictEqual({ chain: ["base64", "cbor"], format: "cbor", value: expected });
  });

  it("takes no random binary for MessagePack or CBOR", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
    const formats = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from({ length: 8 + (i % 200) }, next);
      formats.add(decodePayload(bytes).format);
    }
    expect(formats.has("msgpack")).toBe(false);
    expect(formats.has("cbor")).toBe(false);
  });

  it("takes a lone number for neither, unless forced", () => {
    expect(decodePayload(Uint8Array.of(0x05, 0x06)).format).toBe("binary");
    expect(decodePayload(Uint8Array.of(0xcd, 0x01, 0x00), { decoder: "msgpack" })).toMatchObject({ format: "msgpack", value: 256 });
  });

  it("stops at a CBOR cycle (shared references) in words", () => {
    // tag 28 (shareable) around an array holding tag 29 (shared ref 0): an array that holds itself.
    const cyclic = Uint8Array.of(0xd8, 0x1c, 0x81, 0xd8, 0x1d, 0x00);
    const d = decodePayload(cyclic, { decoder: "cbor" });
    expect(d.format).toBe("binary");
    expect(d.warning).toMatch(/^Not CBOR: it (nests deeper than 64 levels|holds more than)/);
  });

  it("refuses a __proto__ key as a prototype", () => {
    const bytes = Uint8Array.of(0xa1, 0x69, ...new TextEncoder().encode("__proto__"), 0xa1, 0x61, 0x78, 0x01);
    const d = decodePayload(bytes, { decoder: "cbor" });
    expect(Object.getPrototypeOf(d.value)).toBe(Object.prototype);
  });
});
