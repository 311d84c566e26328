// The demo's `sensors` stream (us-east-1, target `local`): records as an IoT team's pipeline
// writes them — GSR-framed Avro readings (two schema versions, some zlib-compressed) and JSON
// Schema alerts, each naming its version in moto's Glue; gateway heartbeats as bare Protobuf,
// decoded with the .proto attached to the stream (placed in the schema directory as the schema
// store keeps it); and a few MessagePack records from an older firmware.
import { CreateStreamCommand, PutRecordsCommand, ResourceInUseException, type KinesisClient } from "@aws-sdk/client-kinesis";
import { encode as encodeMsgpack } from "@msgpack/msgpack";
import fs from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import { encodeGsr } from "../../lib/records/encode/gsr";
import { compileSchemaFile } from "../../lib/schemas/compile-schema-file";
import { schemaDirSegments, schemaFileName, schemaFileSchema, type SchemaFile } from "../../lib/schemas/schema-files";
import { compileSchema } from "../../lib/schemas/serialize-with-schema";
import { createRng } from "../../lib/util/create-rng";
import { SENSOR_ALERT_SCHEMA_JSON, SENSOR_READING_V1, SENSOR_READING_V2, SENSORS_PROTO, SENSORS_PROTO_MESSAGE, type DemoRegistry } from "./demo-schemas";
import { waitUntilActive } from "./demo-streams";

export const SENSORS_STREAM = "sensors";
/** Fixed, so that every demo start rewrites the same file instead of adding another. */
export const SENSORS_PROTO_ID = "5e250125-0000-4000-8000-00000000c0de";
export const SENSORS_PROTO_FILE = "sensors.proto";

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Puts the demo's .proto where the schema store keeps the `sensors` stream's schemas. */
export function placeSensorsSchema(schemaDir: string, target: string, region: string): string {
  const compiled = compileSchemaFile("proto", SENSORS_PROTO, SENSORS_PROTO_MESSAGE);
  if (!compiled.ok) throw new Error(compiled.message);
  const dir = path.join(schemaDir, ...schemaDirSegments(target, region, SENSORS_STREAM));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file: SchemaFile = {
    id: SENSORS_PROTO_ID,
    name: SENSORS_PROTO_FILE,
    kind: "protobuf",
    format: "proto",
    messageType: SENSORS_PROTO_MESSAGE,
    bytes: Buffer.byteLength(SENSORS_PROTO),
    uploadedAt: new Date().toISOString(),
    text: compiled.schema.text,
  };
  const target_ = path.join(dir, schemaFileName(SENSORS_PROTO_ID));
  // Kept as it is when an earlier start placed it: rewriting it would make it newer than a
  // schema a person attached since, and so take that one's place.
  const existing = schemaFileSchema.safeParse(readJson(target_));
  if (existing.success && existing.data.text === file.text && existing.data.messageType === file.messageType) return target_;
  fs.writeFileSync(`${target_}.tmp`, JSON.stringify(file));
  fs.renameSync(`${target_}.tmp`, target_);
  return target_;
}

export interface SensorsRecord {
  partitionKey: string;
  data: Uint8Array;
  /** What the record is, for the demo's log and the tests. */
  kind: "gsr-avro" | "gsr-avro-zlib" | "gsr-json" | "protobuf" | "msgpack";
}

const SITES = ["berlin-1", "hamburg-3", "munich-2"] as const;
const STATUSES = ["OK", "OK", "OK", "WARN", "FAIL"] as const;

/** The records, deterministic for a seed: readings, alerts, heartbeats and MessagePack, interleaved. */
export function buildSensorsRecords(registry: DemoRegistry, seed = 15, now = Date.UTC(2026, 11, 1, 12)): SensorsRecord[] {
  const rng = createRng(seed);
  const v1 = compileSchema("AVRO", JSON.stringify(SENSOR_READING_V1));
  const v2 = compileSchema("AVRO", JSON.stringify(SENSOR_READING_V2));
  const alerts = compileSchema("JSON", JSON.stringify(SENSOR_ALERT_SCHEMA_JSON));
  const root = protobuf.parse(SENSORS_PROTO, { keepCase: true }).root;
  const heartbeat = root.lookupType(SENSORS_PROTO_MESSAGE);
  const must = (r: ReturnType<typeof v1.serialize>) => {
    if (!r.ok) throw new Error(r.message);
    return r.bytes;
  };
  const out: SensorsRecord[] = [];
  for (let i = 0; i < 24; i++) {
    const sensorId = `sensor-${String(1 + Math.floor(rng() * 12)).padStart(3, "0")}`;
    const reading = {
      sensorId,
      site: SITES[i % SITES.length]!,
      temperature: Math.round((15 + rng() * 15) * 100) / 100,
      humidity: i % 5 === 0 ? null : Math.round(rng() * 1000) / 10,
      at: now + i * 1000,
      status: STATUSES[Math.floor(rng() * STATUSES.length)]!,
    };
    const newer = i % 2 === 1;
    const payload = newer ? must(v2.serialize({ ...reading, battery: Math.floor(rng() * 100) })) : must(v1.serialize(reading));
    const zlib = i % 3 === 2;
    out.push({
      partitionKey: sensorId,
      data: encodeGsr(payload, newer ? registry.readingV2 : registry.readingV1, zlib ? "zlib" : "none"),
      kind: zlib ? "gsr-avro-zlib" : "gsr-avro",
    });
    if (i % 6 === 5) {
      const alert = {
        sensorId,
        level: reading.status === "FAIL" ? "critical" : "warning",
        message: `temperature ${reading.temperature} °C`,
        value: reading.temperature,
      };
      out.push({ partitionKey: sensorId, data: encodeGsr(must(alerts.serialize(alert)), registry.alertV1), kind: "gsr-json" });
    }
    if (i % 4 === 3) {
      const gateway = `gw-${SITES[i % SITES.length]}`;
      const message = heartbeat.fromObject({
        gateway_id: gateway,
        uptime_seconds: 3600 + i * 60,
        sensors: [sensorId, "sensor-001"],
        cpu_load: Math.round(rng() * 100) / 100,
        firmware: { version: "2.4.1", update_pending: i % 8 === 7 },
      });
      out.push({ partitionKey: gateway, data: heartbeat.encode(message).finish(), kind: "protobuf" });
    }
    if (i % 8 === 4) {
      out.push({
        partitionKey: sensorId,
        data: encodeMsgpack({ sensorId, firmware: "1.9.0", readings: [reading.temperature, reading.humidity], at: reading.at }),
        kind: "msgpack",
      });
    }
  }
  return out;
}

/** Creates `sensors` (one shard) if needed and writes the records once; answers how many. */
export async function writeSensorsStream(client: KinesisClient, registry: DemoRegistry, log: (line: string) => void = () => {}): Promise<number> {
  try {
    await client.send(new CreateStreamCommand({ StreamName: SENSORS_STREAM, ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  await waitUntilActive(client, SENSORS_STREAM);
  const records = buildSensorsRecords(registry);
  const out = await client.send(
    new PutRecordsCommand({ StreamName: SENSORS_STREAM, Records: records.map((r) => ({ PartitionKey: r.partitionKey, Data: r.data })) }),
  );
  if (out.FailedRecordCount) throw new Error(`kinesis-local refused ${out.FailedRecordCount} of the sensors records`);
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  log(`sensors: ${records.length} records (${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")})`);
  return records.length;
}
