// GSR-encoded records on kinesis-local, their schemas in moto's Glue Schema Registry
// (CreateRegistry, CreateSchema, RegisterSchemaVersion): decoded through the records API (a page,
// and one record with the schema's text) and the tail's SSE route, whose expression filter reads
// Avro fields; an id Glue does not have is said in words.
import { CreateStreamCommand, DeleteStreamCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { CreateRegistryCommand, CreateSchemaCommand, DeleteRegistryCommand, GlueClient, RegisterSchemaVersionCommand } from "@aws-sdk/client-glue";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { zlibSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getRecords } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { GET as getRecord } from "@/app/api/t/[target]/[region]/streams/[name]/records/[seq]/route";
import { GET as getTail } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { buildKplAggregate } from "@/lib/records/encode/build-kpl-aggregate";
import { gsrHeader } from "@/lib/records/schemas/wire";
import type { RecordsPageResponse, RecordView } from "@/lib/records/types";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { readSseEvents } from "@/scripts/testing/sse-events";
import { scopeAt, streamCtx, TEST_API } from "@/scripts/testing/scope";
import { browseRecords } from "@/lib/server/kinesis/records";
import { freePort } from "@/scripts/lib/free-port";

const fixtures = path.join(__dirname, "../../records/fixtures/gsr");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(fixtures, name)));
const text = (name: string) => fs.readFileSync(path.join(fixtures, name), "utf8");
/** The serde's payloads without their header: we give them the ids moto hands out. */
const payload = (name: string) => read(name).subarray(18);

const STREAM = `ss-schemas-${randomBytes(4).toString("hex")}`;
const REGISTRY = `ss-registry-${randomBytes(4).toString("hex")}`;
const SHARD = "shardId-000000000000";

let kinesis: KinesisClient;
let glue: GlueClient;
let avroV2: string;
let protoV1: string;
const unknownId = randomUUID();

const AVSC_V2 = JSON.stringify({
  ...JSON.parse(text("sensor-reading.avsc")),
  fields: [...JSON.parse(text("sensor-reading.avsc")).fields, { name: "site", type: ["null", "string"], default: null }],
});

const gsr = (id: string, body: Uint8Array, zlib = false) => new Uint8Array([...gsrHeader(id, zlib ? "zlib" : "none"), ...(zlib ? zlibSync(body) : body)]);

beforeAll(async () => {
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  glue = new GlueClient({ endpoint: inject("motoEndpoint"), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  await glue.send(new CreateRegistryCommand({ RegistryName: REGISTRY }));
  // Version 1 of the Avro schema without the last field; the records name version 2.
  await glue.send(
    new CreateSchemaCommand({
      RegistryId: { RegistryName: REGISTRY },
      SchemaName: "sensor-reading",
      DataFormat: "AVRO",
      Compatibility: "BACKWARD",
      SchemaDefinition: text("sensor-reading.avsc"),
    }),
  );
  const v2 = await glue.send(
    new RegisterSchemaVersionCommand({ SchemaId: { RegistryName: REGISTRY, SchemaName: "sensor-reading" }, SchemaDefinition: AVSC_V2 }),
  );
  avroV2 = v2.SchemaVersionId!;
  const proto = await glue.send(
    new CreateSchemaCommand({
      RegistryId: { RegistryName: REGISTRY },
      SchemaName: "sensors-proto",
      DataFormat: "PROTOBUF",
      Compatibility: "NONE",
      SchemaDefinition: text("sensors.proto"),
    }),
  );
  protoV1 = proto.SchemaVersionId!;
  await waitUntilActive(kinesis, STREAM);

  // The serde's Avro payload lacks v2's field; a writer on v2 adds the union's branch index 0 (null).
  const avroV2Payload = new Uint8Array([...payload("avro.bin"), 0]);
  const records = [
    gsr(avroV2, avroV2Payload),
    gsr(avroV2, avroV2Payload, true),
    buildKplAggregate([
      { partitionKey: "k1", data: gsr(protoV1, payload("protobuf-alert.bin")) },
      { partitionKey: "k2", data: gsr(protoV1, payload("protobuf-reading.bin")) },
    ]),
    gsr(unknownId, avroV2Payload),
  ];
  await kinesis.send(new PutRecordsCommand({ StreamName: STREAM, Records: records.map((Data, i) => ({ Data, PartitionKey: `pk-${i}` })) }));
}, 60_000);

afterAll(async () => {
  await kinesis?.send(new DeleteStreamCommand({ StreamName: STREAM }));
  await glue?.send(new DeleteRegistryCommand({ RegistryId: { RegistryName: REGISTRY } })).catch(() => undefined);
});

const READING = {
  sensorId: "sensor-0042",
  temperature: 21.5,
  humidity: 0.625,
  takenAt: 1764633600123,
  counter: "9007199254740993",
  status: "WARN",
  tags: ["roof", "north"],
  raw: "AQID/w==",
  site: null,
};

async function page(): Promise<RecordsPageResponse> {
  const res = await getRecords(new Request(`http://localhost${TEST_API}/streams/${STREAM}/records?shardId=${SHARD}&from=TRIM_HORIZON`), streamCtx(STREAM));
  expect(res.status).toBe(200);
  return (await res.json()) as RecordsPageResponse;
}

describe("GSR records through the records API", () => {
  it("decodes Avro (plain and zlib) and Protobuf inside a KPL aggregate, naming registry, schema and version", async () => {
    const { records } = await page();
    expect(records).toHaveLength(4);
    const [plain, zlib, kpl, unknown] = records as [RecordView, RecordView, RecordView, RecordView];
    expect(plain.decoded).toStrictEqual({
      chain: ["base64", "gsr", "avro"],
      format: "avro",
      value: READING,
      schema: { source: "glue", registry: REGISTRY, name: "sensor-reading", version: 2, versionId: avroV2 },
    });
    expect(zlib.decoded.chain).toStrictEqual(["base64", "gsr", "zlib", "avro"]);
    expect(zlib.decoded.value).toStrictEqual(READING);
    expect(kpl.decoded.subRecords?.map((s) => [s.decoded.format, s.decoded.schema?.name, s.decoded.schema?.version])).toStrictEqual([
      ["protobuf", "sensors-proto", 1],
      ["protobuf", "sensors-proto", 1],
    ]);
    expect(kpl.decoded.subRecords?.[0]?.decoded.value).toStrictEqual({ sensor_id: "sensor-0042", message: "too warm" });
    expect(unknown.decoded.format).toBe("binary");
    expect(unknown.decoded.warning).toContain(`Glue Schema Registry record (schema version ${unknownId}):`);
    expect(unknown.decoded.warning).toMatch(/no schema version|not found|EntityNotFound/i);
  });

  it("gives one record with the schema's text (the detail view)", async () => {
    const { records } = await page();
    const seq = records[0]!.sequenceNumber;
    const res = await getRecord(new Request(`http://localhost${TEST_API}/streams/${STREAM}/records/${seq}?shardId=${SHARD}`), {
      params: Promise.resolve({ ...(await streamCtx(STREAM).params), seq }),
    });
    expect(res.status).toBe(200);
    const view = (await res.json()) as RecordView;
    expect(view.decoded.schema?.definition).toBe(AVSC_V2);
  });

  it("can force the gsr decoder and the hex decoder", async () => {
    const res = await getRecords(
      new Request(`http://localhost${TEST_API}/streams/${STREAM}/records?shardId=${SHARD}&from=TRIM_HORIZON&decoder=hex`),
      streamCtx(STREAM),
    );
    const { records } = (await res.json()) as RecordsPageResponse;
    expect(records[0]!.decoded.format).toBe("binary");
  });
});

/** The tail from the stream's start with `expr`, until `count` records have come. */
async function tail(expr: string, count: number): Promise<RecordView[]> {
  const controller = new AbortController();
  const req = new Request(`http://localhost${TEST_API}/streams/${STREAM}/tail?from=TRIM_HORIZON&expr=${encodeURIComponent(expr)}`, {
    signal: controller.signal,
  });
  const res = await getTail(req, streamCtx(STREAM));
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

describe("GSR records through the tail", () => {
  it("sends decoded Avro records, and an expression filter reads their fields", async () => {
    // The two Avro records match; the Protobuf records (sensor_id) and the unknown id do not.
    const got = await tail('sensorId == "sensor-0042" and temperature > 20 and status == "WARN"', 2);
    expect(
      got.map((r) => [r.decoded.format, r.decoded.warning, (r.decoded.value as { sensorId?: string } | undefined)?.sensorId, r.decoded.schema?.version]),
    ).toStrictEqual([
      ["avro", undefined, "sensor-0042", 2],
      ["avro", undefined, "sensor-0042", 2],
    ]);
  });

  it("filters on Protobuf fields inside a KPL aggregate as on JSON", async () => {
    const got = await tail('sensor_id == "sensor-0042" and message == "too warm"', 1);
    expect(got.map((r) => [r.decoded.format, r.partitionKey])).toStrictEqual([["kpl", "pk-2"]]);
  });
});

describe("when Glue cannot answer", () => {
  it("says so in each record's warning, without holding the page back for long", async () => {
    // A port nothing listens on: connection refused.
    const port = await freePort();
    const scope = await scopeAt({ kinesis: inject("kinesisEndpoint"), glue: `http://127.0.0.1:${port}` }, "dead-glue");
    const started = Date.now();
    const { records } = await browseRecords(scope, { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(records[0]!.decoded.format).toBe("binary");
    expect(records[0]!.decoded.warning).toMatch(new RegExp(`schema version ${avroV2}\\): (Cannot reach Glue|the schema version has not been fetched yet)`));
  });

  it("an emulator target without a Glue endpoint asks nothing and says why", async () => {
    const scope = await scopeAt({ kinesis: inject("kinesisEndpoint") }, "no-glue");
    const { records } = await browseRecords(scope, { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10 });
    expect(records[0]!.decoded.warning).toContain("target no-glue is a local emulator with no Glue endpoint configured");
  });
});
