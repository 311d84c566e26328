// Schemas against real services: the registry routes and a put with a schema against moto's Glue
// (its registry as scripts/lib/demo-schemas.ts registers it) and kinesis-local, the bytes read
// back with GSR's header and the Avro payload avsc reads; the schema store's routes on a real
// directory, across a "restart" (a fresh module state), refusing what must be refused.
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import avro from "avsc";
import { unzlibSync } from "fflate";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { PutRecordsResponse } from "@/lib/put/types";
import type { GlueRegistriesResponse, GlueSchemasResponse, GlueSchemaVersionsResponse, StoredSchema, StreamSchemasResponse } from "@/lib/schemas/types";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { createStream, readWholeStream } from "@/scripts/lib/stream-contents";
import {
  createScriptGlueClient,
  registerDemoSchemas,
  SENSOR_READING_V2,
  SENSORS_PROTO,
  SENSORS_PROTO_MESSAGE,
  type DemoRegistry,
} from "@/scripts/lib/demo-schemas";
import { forgetAppState } from "@/scripts/testing/app-state";
import { scopeCtx, streamCtx, TEST_SCOPE } from "@/scripts/testing/scope";

const run = Date.now().toString(36);
const sameOrigin = { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin", "content-type": "application/json" };

let schemaDir: string;
let kinesis: KinesisClient;
let demo: DemoRegistry;
const registry = `it-registry-${run}`;

beforeAll(async () => {
  schemaDir = await mkdtemp(path.join(os.tmpdir(), "shardscope-schemas-"));
  process.env.SHARDSCOPE_SCHEMA_DIR = schemaDir;
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  const glue = createScriptGlueClient(inject("motoEndpoint"));
  demo = await registerDemoSchemas(glue, registry);
  glue.destroy();
});
afterAll(async () => {
  kinesis?.destroy();
  delete process.env.SHARDSCOPE_SCHEMA_DIR;
  await rm(schemaDir, { recursive: true, force: true });
});

describe("the registry routes on moto's Glue", () => {
  it("lists registries, a registry's schemas, and a schema's versions newest first with its data format", async () => {
    const { GET: registries } = await import("@/app/api/t/[target]/[region]/schemas/registries/route");
    const r = (await (await registries(new Request("http://127.0.0.1/x"), scopeCtx())).json()) as GlueRegistriesResponse;
    expect(r.registries.map((x) => x.name)).toContain(registry);

    const { GET: schemas } = await import("@/app/api/t/[target]/[region]/schemas/registries/[registry]/schemas/route");
    const s = (await (
      await schemas(new Request("http://127.0.0.1/x"), { params: Promise.resolve({ ...TEST_SCOPE, registry }) })
    ).json()) as GlueSchemasResponse;
    expect(s.schemas.map((x) => x.name)).toEqual(["sensor-alert", "sensor-reading"]);

    const { GET: versions } = await import("@/app/api/t/[target]/[region]/schemas/registries/[registry]/schemas/[schema]/versions/route");
    const v = (await (
      await versions(new Request("http://127.0.0.1/x"), { params: Promise.resolve({ ...TEST_SCOPE, registry, schema: "sensor-reading" }) })
    ).json()) as GlueSchemaVersionsResponse;
    expect(v.dataFormat).toBe("AVRO");
    expect(v.versions.map((x) => [x.versionNumber, x.versionId])).toEqual([
      [2, demo.readingV2],
      [1, demo.readingV1],
    ]);
  });

  it("answers 404 for a registry Glue does not have, and 400 for a name Glue would refuse", async () => {
    const { GET: schemas } = await import("@/app/api/t/[target]/[region]/schemas/registries/[registry]/schemas/route");
    const missing = await schemas(new Request("http://127.0.0.1/x"), { params: Promise.resolve({ ...TEST_SCOPE, registry: `nope-${run}` }) });
    expect(missing.status).toBe(404);
    const bad = await schemas(new Request("http://127.0.0.1/x"), { params: Promise.resolve({ ...TEST_SCOPE, registry: "a%2Fb" }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("Glue");
  });
});

describe("POST …/records with a registry schema", () => {
  const stream = `put-schema-${run}`;
  beforeAll(() => createStream(kinesis, stream, 1));

  const post = async (body: unknown) => {
    const { POST } = await import("@/app/api/t/[target]/[region]/streams/[name]/records/route");
    return POST(new Request(`http://127.0.0.1:3000/x`, { method: "POST", headers: sameOrigin, body: JSON.stringify(body) }), streamCtx(stream));
  };

  it("writes each JSON record Avro-serialized behind GSR's header (version 3, compression byte, the version's UUID), plain and zlib", async () => {
    const reading = { sensorId: "s-1", site: "berlin", temperature: 21.5, humidity: 40.25, at: 1_764_000_000_000, status: "OK", battery: 87 };
    const plain = await post({ records: [{ partitionKey: "s-1", data: JSON.stringify(reading) }], schema: { registry, name: "sensor-reading", version: 2 } });
    expect(plain.status).toBe(200);
    const zipped = await post({
      records: [{ partitionKey: "s-1", data: JSON.stringify({ ...reading, humidity: null }), encoding: "json" }],
      schema: { registry, name: "sensor-reading", version: 2, compression: "zlib" },
    });
    expect(zipped.status).toBe(200);
    expect(((await zipped.json()) as PutRecordsResponse).results[0]).toHaveProperty("sequenceNumber");

    const stored = await readWholeStream(kinesis, stream);
    expect(stored).toHaveLength(2);
    const uuid = Buffer.from(demo.readingV2.replace(/-/g, ""), "hex");
    const type = avro.Type.forSchema(SENSOR_READING_V2 as unknown as avro.Schema);
    const [a, b] = stored.map((r) => Buffer.from(r.Data!));
    expect([a![0], a![1]]).toEqual([3, 0]);
    expect(a!.subarray(2, 18).equals(uuid)).toBe(true);
    expect(type.fromBuffer(a!.subarray(18))).toEqual(reading);
    expect([b![0], b![1]]).toEqual([3, 5]);
    expect(b!.subarray(2, 18).equals(uuid)).toBe(true);
    expect(type.fromBuffer(Buffer.from(unzlibSync(b!.subarray(18))))).toEqual({ ...reading, humidity: null });
  });

  it("writes JSON Schema records as their JSON text", async () => {
    const alert = { sensorId: "s-2", level: "warning", message: "battery low" };
    const res = await post({ records: [{ partitionKey: "s-2", data: JSON.stringify(alert) }], schema: { registry, name: "sensor-alert", version: 1 } });
    expect(res.status).toBe(200);
    const last = (await readWholeStream(kinesis, stream)).at(-1)!;
    const bytes = Buffer.from(last.Data!);
    expect(bytes.subarray(2, 18).toString("hex")).toBe(demo.alertV1.replace(/-/g, ""));
    expect(JSON.parse(bytes.subarray(18).toString("utf8"))).toEqual(alert);
  });

  it("refuses a record the schema refuses, naming the record and the field, and writes nothing", async () => {
    const before = (await readWholeStream(kinesis, stream)).length;
    const res = await post({
      records: [
        { partitionKey: "ok", data: JSON.stringify({ sensorId: "s", site: "x", temperature: 1, at: 1, status: "OK" }) },
        { partitionKey: "bad", data: JSON.stringify({ sensorId: "s", site: "x", temperature: "hot", at: 1, status: "OK" }) },
        { partitionKey: "bad-json", data: "{ nope" },
      ],
      schema: { registry, name: "sensor-reading", version: 1 },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details).toEqual([
      { index: 1, field: "data", message: 'Field temperature is "hot", but the schema wants double.' },
      { index: 2, field: "data", message: expect.stringContaining("not valid JSON") },
    ]);
    expect(await readWholeStream(kinesis, stream)).toHaveLength(before);
  });

  it("answers 404 for a version Glue does not have, 400 for a bad choice, and writes nothing", async () => {
    const before = (await readWholeStream(kinesis, stream)).length;
    const missing = await post({ records: [{ partitionKey: "k", data: "{}" }], schema: { registry, name: "sensor-reading", version: 9 } });
    expect(missing.status).toBe(404);
    const bad = await post({ records: [{ partitionKey: "k", data: "{}" }], schema: { registry, name: "sensor-reading", version: 0 } });
    expect(bad.status).toBe(400);
    const hex = await post({ records: [{ partitionKey: "k", data: "00", encoding: "hex" }], schema: { registry, name: "sensor-reading", version: 1 } });
    expect(hex.status).toBe(400);
    expect((await hex.json()).error.details[0]).toMatchObject({ index: 0, field: "encoding" });
    expect(await readWholeStream(kinesis, stream)).toHaveLength(before);
  });
});

describe("the schema store routes", () => {
  const stream = `store-${run}`;
  const avsc = JSON.stringify({ type: "record", name: "Thing", fields: [{ name: "id", type: "string" }] });

  const routes = () => import("@/app/api/t/[target]/[region]/streams/[name]/schemas/route");
  const upload = async (body: unknown, headers: Record<string, string> = sameOrigin) =>
    (await routes()).POST(new Request("http://127.0.0.1:3000/x", { method: "POST", headers, body: JSON.stringify(body) }), streamCtx(stream));
  const list = async () => (await (await (await routes()).GET(new Request("http://127.0.0.1:3000/x"), streamCtx(stream))).json()) as StreamSchemasResponse;
  const remove = async (id: string, headers: Record<string, string> = sameOrigin) => {
    const { DELETE } = await import("@/app/api/t/[target]/[region]/streams/[name]/schemas/[id]/route");
    return DELETE(new Request("http://127.0.0.1:3000/x", { method: "DELETE", headers }), { params: Promise.resolve({ ...TEST_SCOPE, name: stream, id }) });
  };

  beforeAll(() => createStream(kinesis, stream, 1));

  it("keeps an uploaded .avsc and .proto, newest in use, and still has them after a restart", async () => {
    const a = await upload({ fileName: "../../etc/thing.avsc", text: avsc });
    expect(a.status).toBe(200);
    const first = (await a.json()) as StoredSchema;
    expect(first).toMatchObject({ name: "thing.avsc", kind: "avro", format: "avsc", inUse: true });
    const p = await upload({ fileName: "sensors.proto", text: SENSORS_PROTO, messageType: SENSORS_PROTO_MESSAGE });
    expect(p.status).toBe(200);

    // A new server process: nothing kept in memory (modules, and the app's state on globalThis).
    forgetAppState();
    vi.resetModules();
    const { streamSchemaFor } = await import("@/lib/server/schemas/stream-schemas");
    const { resolveScope } = await import("@/lib/server/targets/registry");
    const active = await streamSchemaFor(await resolveScope(TEST_SCOPE.target, TEST_SCOPE.region), stream);
    expect(active).toEqual({ kind: "protobuf", text: SENSORS_PROTO, messageType: SENSORS_PROTO_MESSAGE, name: "sensors.proto" });
    const { schemas } = await list();
    expect(schemas.map((s) => [s.name, s.inUse])).toEqual([
      ["sensors.proto", true],
      ["thing.avsc", false],
    ]);
    // Only files the server named, inside the schema directory.
    const dirs = await readdir(schemaDir, { recursive: true });
    expect(dirs.filter((d) => d.endsWith(".json"))).toHaveLength(2);
    expect(dirs.every((d) => !d.includes("etc"))).toBe(true);

    const removed = await remove(schemas[0]!.id);
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as StreamSchemasResponse).schemas.map((s) => s.name)).toEqual(["thing.avsc"]);
    expect((await list()).schemas.map((s) => [s.name, s.inUse])).toEqual([["thing.avsc", true]]);
    expect((await remove(schemas[0]!.id)).status).toBe(404);
  });

  it("refuses what does not compile, bad ids, and writes from other sites, keeping nothing", async () => {
    const before = (await list()).schemas.length;
    const bad = await upload({ fileName: "x.avsc", text: '{"type":"record","name":"x","fields":[{"name":"a","type":"nope"}]}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("not a valid Avro schema");
    const noType = await upload({ fileName: "x.proto", text: 'syntax = "proto3"; message A { int32 a = 1; } message B { int32 b = 1; }' });
    expect(noType.status).toBe(400);
    expect((await noType.json()).error.message).toContain("A, B");
    expect((await upload({ fileName: "x.txt", text: "hi" })).status).toBe(400);
    expect((await upload({ fileName: "x.avsc", text: "x".repeat(300 * 1024) })).status).toBe(413);
    const crossSite = await upload({ fileName: "x.avsc", text: avsc }, { ...sameOrigin, origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect((await remove("../../x")).status).toBe(400);
    const { POST } = await routes();
    const unknown = await POST(
      new Request("http://127.0.0.1:3000/x", { method: "POST", headers: sameOrigin, body: JSON.stringify({ fileName: "x.avsc", text: avsc }) }),
      streamCtx(`no-such-stream-${run}`),
    );
    expect(unknown.status).toBe(404);
    expect((await remove((await list()).schemas[0]!.id, { ...sameOrigin, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await list()).schemas).toHaveLength(before);
  });
});
