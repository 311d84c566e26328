// Issue #15's decoder chain and schema store together, against kinesis-local and moto's Glue:
// the demo's `sensors` stream set up by the demo's own functions (its registry, its records, its
// .proto in the schema directory) reads back through the records API with every record decoded
// and each schema named, and the tail's expression filters read its Avro and Protobuf fields; a
// .proto and a protoc descriptor set uploaded through the store's route decode bare Protobuf
// records (also right after the records were read undecoded); and a record put with a Glue
// schema reads back decoded with that schema named.
import { ListStreamsCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { decode as decodeMsgpack } from "@msgpack/msgpack";
import avro from "avsc";
import { unzlibSync } from "fflate";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RecordsPageResponse, RecordView } from "@/lib/records/types";
import type { StoredSchema } from "@/lib/schemas/types";
import {
  createScriptGlueClient,
  registerDemoSchemas,
  SENSOR_ALERT_SCHEMA,
  SENSOR_READING_SCHEMA,
  SENSOR_READING_V1,
  SENSOR_READING_V2,
  SENSORS_PROTO,
  SENSORS_PROTO_MESSAGE,
  type DemoRegistry,
} from "@/scripts/lib/demo-schemas";
import { buildSensorsRecords, placeSensorsSchema, SENSORS_PROTO_FILE, SENSORS_STREAM, writeSensorsStream } from "@/scripts/lib/demo-sensors";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { createStream, deleteStream } from "@/scripts/lib/stream-contents";
import { streamCtx, TEST_API, TEST_SCOPE } from "@/scripts/testing/scope";
import { readSseEvents } from "@/scripts/testing/sse-events";

const run = Date.now().toString(36);
const SHARD = "shardId-000000000000";
const sameOrigin = { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin", "content-type": "application/json" };
const fixture = (name: string) => readFileSync(path.join(__dirname, "../../schemas/__fixtures__", name));

let schemaDir: string;
let kinesis: KinesisClient;
let demo: DemoRegistry;

beforeAll(async () => {
  schemaDir = await mkdtemp(path.join(os.tmpdir(), "shardscope-sensors-"));
  process.env.SHARDSCOPE_SCHEMA_DIR = schemaDir;
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  // As scripts/demo.ts does it: the .proto where the store keeps it, the registry, the records.
  placeSensorsSchema(schemaDir, TEST_SCOPE.target, TEST_SCOPE.region);
  const glue = createScriptGlueClient(inject("motoEndpoint"));
  demo = await registerDemoSchemas(glue, `it-sensors-${run}`);
  glue.destroy();
  // The stream's name is the demo's: one left by an earlier run in this kinesis-local would hold its records too.
  const existing = await kinesis.send(new ListStreamsCommand({}));
  if (existing.StreamNames?.includes(SENSORS_STREAM)) await deleteStream(kinesis, SENSORS_STREAM);
  await writeSensorsStream(kinesis, demo);
});
afterAll(async () => {
  kinesis?.destroy();
  delete process.env.SHARDSCOPE_SCHEMA_DIR;
  await rm(schemaDir, { recursive: true, force: true });
});

async function page(stream: string): Promise<RecordView[]> {
  const { GET } = await import("@/app/api/t/[target]/[region]/streams/[name]/records/route");
  const res = await GET(new Request(`http://localhost${TEST_API}/streams/${stream}/records?shardId=${SHARD}&from=TRIM_HORIZON&limit=100`), streamCtx(stream));
  expect(res.status).toBe(200);
  return ((await res.json()) as RecordsPageResponse).records;
}

async function upload(stream: string, body: Record<string, string>): Promise<StoredSchema> {
  const { POST } = await import("@/app/api/t/[target]/[region]/streams/[name]/schemas/route");
  const res = await POST(new Request("http://127.0.0.1:3000/x", { method: "POST", headers: sameOrigin, body: JSON.stringify(body) }), streamCtx(stream));
  expect(res.status).toBe(200);
  return (await res.json()) as StoredSchema;
}

async function putRaw(stream: string, records: { key: string; data: Uint8Array }[]): Promise<void> {
  const out = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records.map((r) => ({ PartitionKey: r.key, Data: r.data })) }));
  expect(out.FailedRecordCount ?? 0).toBe(0);
}

/** What the reference libraries read from one of the demo's records: avsc, protobufjs, @msgpack/msgpack, JSON. */
function referenceValue(kind: string, data: Uint8Array): unknown {
  if (kind === "msgpack") return decodeMsgpack(data);
  if (kind === "protobuf") {
    const type = protobuf.parse(SENSORS_PROTO, { keepCase: true }).root.lookupType(SENSORS_PROTO_MESSAGE);
    // Every field, defaults too, as Shardscope shows a Protobuf record.
    return type.toObject(type.decode(data), { enums: String, defaults: true, arrays: true, objects: true });
  }
  const body = Buffer.from(data[1] === 5 ? unzlibSync(data.subarray(18)) : data.subarray(18));
  if (kind === "gsr-json") return JSON.parse(body.toString("utf8"));
  const v2 = Buffer.from(data.subarray(2, 18)).toString("hex") === demo.readingV2.replace(/-/g, "");
  // A plain object, as JSON carries it (avsc gives an instance of the record's class).
  return { ...avro.Type.forSchema((v2 ? SENSOR_READING_V2 : SENSOR_READING_V1) as unknown as avro.Schema).fromBuffer(body) };
}

describe("the demo's sensors stream", () => {
  it("reads back with every record decoded, GSR records naming registry, schema and version, heartbeats the attached .proto", async () => {
    const records = await page(SENSORS_STREAM);
    const written = buildSensorsRecords(demo);
    expect(records).toHaveLength(written.length);
    const kinds = new Set<string>();
    records.forEach((record, i) => {
      const source = written[i]!;
      kinds.add(source.kind);
      const d = record.decoded;
      expect(record.partitionKey).toBe(source.partitionKey);
      expect(d.warning).toBeUndefined();
      expect(d.value).toStrictEqual(referenceValue(source.kind, source.data));
      switch (source.kind) {
        case "gsr-avro":
        case "gsr-avro-zlib": {
          const v2 = "battery" in (d.value as object);
          expect(d.format).toBe("avro");
          expect(d.chain).toStrictEqual(source.kind === "gsr-avro" ? ["base64", "gsr", "avro"] : ["base64", "gsr", "zlib", "avro"]);
          expect(d.schema).toStrictEqual({
            source: "glue",
            registry: demo.registry,
            name: SENSOR_READING_SCHEMA,
            version: v2 ? 2 : 1,
            versionId: v2 ? demo.readingV2 : demo.readingV1,
          });
          break;
        }
        case "gsr-json":
          expect([d.format, d.chain]).toStrictEqual(["jsonschema", ["base64", "gsr", "jsonschema"]]);
          expect(d.schema).toStrictEqual({ source: "glue", registry: demo.registry, name: SENSOR_ALERT_SCHEMA, version: 1, versionId: demo.alertV1 });
          break;
        case "protobuf":
          expect([d.format, d.chain]).toStrictEqual(["protobuf", ["base64", "protobuf"]]);
          expect(d.schema).toStrictEqual({ source: "file", name: SENSORS_PROTO_FILE });
          break;
        case "msgpack":
          // Self-describing: no schema to name.
          expect([d.format, d.chain, d.schema]).toStrictEqual(["msgpack", ["base64", "msgpack"], undefined]);
          break;
      }
    });
    expect([...kinds].sort()).toStrictEqual(["gsr-avro", "gsr-avro-zlib", "gsr-json", "msgpack", "protobuf"]);
  });

  it("in the tail, expression filters read Avro fields and the attached .proto's fields", async () => {
    const written = buildSensorsRecords(demo).map((r) => ({ ...r, value: referenceValue(r.kind, r.data) as Record<string, unknown> }));
    const munichWarn = written.filter((r) => r.kind.startsWith("gsr-avro") && r.value.site === "munich-2" && r.value.status === "WARN");
    const berlinGateway = written.filter((r) => r.kind === "protobuf" && r.value.gateway_id === "gw-berlin-1");
    expect(munichWarn.length).toBeGreaterThan(0);
    expect(berlinGateway.length).toBeGreaterThan(0);

    const avroHits = await tail('site == "munich-2" and status == "WARN"', munichWarn.length);
    expect(avroHits.map((r) => [r.decoded.format, r.decoded.value])).toStrictEqual(munichWarn.map((r) => ["avro", r.value]));
    const protoHits = await tail('gateway_id == "gw-berlin-1" and firmware.version == "2.4.1"', berlinGateway.length);
    expect(protoHits.map((r) => [r.decoded.format, r.decoded.schema?.name, r.decoded.value])).toStrictEqual(
      berlinGateway.map((r) => ["protobuf", SENSORS_PROTO_FILE, r.value]),
    );
  });
});

/** The `sensors` tail from the stream's start with `expr`, until `count` records have come. */
async function tail(expr: string, count: number): Promise<RecordView[]> {
  const { GET } = await import("@/app/api/t/[target]/[region]/streams/[name]/tail/route");
  const controller = new AbortController();
  const req = new Request(`http://localhost${TEST_API}/streams/${SENSORS_STREAM}/tail?from=TRIM_HORIZON&expr=${encodeURIComponent(expr)}`, {
    signal: controller.signal,
  });
  const res = await GET(req, streamCtx(SENSORS_STREAM));
  expect(res.status).toBe(200);
  const got: RecordView[] = [];
  await readSseEvents<{ records?: RecordView[] }>(res.body!, (e) => {
    if (e.event === "records") got.push(...(e.data.records ?? []));
    if (got.length >= count) controller.abort();
  }).catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return got;
}

describe("schemas uploaded through the store's route", () => {
  it("a .proto decodes bare Protobuf records read undecoded a moment before", async () => {
    const stream = `sensors-proto-${run}`;
    await createStream(kinesis, stream, 1);
    const type = protobuf.parse(SENSORS_PROTO, { keepCase: true }).root.lookupType(SENSORS_PROTO_MESSAGE);
    const heartbeat = {
      gateway_id: "gw-test",
      uptime_seconds: 42,
      sensors: ["sensor-007"],
      cpu_load: 0.5,
      firmware: { version: "3.0.0", update_pending: true },
    };
    await putRaw(stream, [{ key: "gw-test", data: type.encode(type.fromObject(heartbeat)).finish() }]);

    // Without a schema the bytes are not Protobuf to Shardscope.
    const [before] = await page(stream);
    expect(before!.decoded.format).not.toBe("protobuf");

    const stored = await upload(stream, { fileName: "heartbeat.proto", text: SENSORS_PROTO, messageType: SENSORS_PROTO_MESSAGE });
    expect(stored).toMatchObject({ name: "heartbeat.proto", kind: "protobuf", messageType: SENSORS_PROTO_MESSAGE, inUse: true });
    const [after] = await page(stream);
    expect(after!.decoded).toStrictEqual({
      chain: ["base64", "protobuf"],
      format: "protobuf",
      value: heartbeat,
      schema: { source: "file", name: "heartbeat.proto" },
    });
  });

  it("a descriptor set made by protoc (kept as protobufjs JSON) decodes a record protoc encoded", async () => {
    const stream = `fleet-desc-${run}`;
    await createStream(kinesis, stream, 1);
    await putRaw(stream, [{ key: "v-7", data: new Uint8Array(fixture("position.bin")) }]);
    const stored = await upload(stream, { fileName: "fleet.desc", base64: fixture("fleet.desc").toString("base64"), messageType: "fleet.v1.Position" });
    expect(stored).toMatchObject({ name: "fleet.desc", kind: "protobuf", format: "descriptor-set", messageType: "fleet.v1.Position" });
    const [record] = await page(stream);
    expect(record!.decoded).toMatchObject({ chain: ["base64", "protobuf"], format: "protobuf", schema: { source: "file", name: "fleet.desc" } });
    // protoc: vehicle_id: "v-7" lat: 52.5 lon: 13.4 at { seconds: 1764662400 } status: PARKED
    // (google.protobuf.Timestamp, from the set's imported file, as its message fields.)
    expect(record!.decoded.value).toStrictEqual({ vehicle_id: "v-7", lat: 52.5, lon: 13.4, at: { seconds: 1764662400, nanos: 0 }, status: "PARKED" });
  });
});

describe("a put with a Glue schema", () => {
  it("reads back decoded, naming the registry, schema and version it was written with", async () => {
    const stream = `sensors-put-${run}`;
    await createStream(kinesis, stream, 1);
    const { POST } = await import("@/app/api/t/[target]/[region]/streams/[name]/records/route");
    const reading = { sensorId: "s-put", site: "berlin-1", temperature: 19.5, humidity: null, at: 1_764_000_000_000, status: "WARN", battery: 12 };
    const alert = { sensorId: "s-put", level: "critical", message: "too hot" };
    const post = (data: unknown, schema: Record<string, unknown>) =>
      POST(
        new Request("http://127.0.0.1:3000/x", {
          method: "POST",
          headers: sameOrigin,
          body: JSON.stringify({ records: [{ partitionKey: "s-put", data: JSON.stringify(data) }], schema: { registry: demo.registry, ...schema } }),
        }),
        streamCtx(stream),
      );
    expect((await post(reading, { name: SENSOR_READING_SCHEMA, version: 2, compression: "zlib" })).status).toBe(200);
    expect((await post(alert, { name: SENSOR_ALERT_SCHEMA, version: 1 })).status).toBe(200);

    const records = await page(stream);
    expect(records.map((r) => r.decoded)).toStrictEqual([
      {
        chain: ["base64", "gsr", "zlib", "avro"],
        format: "avro",
        value: reading,
        schema: { source: "glue", registry: demo.registry, name: SENSOR_READING_SCHEMA, version: 2, versionId: demo.readingV2 },
      },
      {
        chain: ["base64", "gsr", "jsonschema"],
        format: "jsonschema",
        value: alert,
        schema: { source: "glue", registry: demo.registry, name: SENSOR_ALERT_SCHEMA, version: 1, versionId: demo.alertV1 },
      },
    ]);
  });
});
