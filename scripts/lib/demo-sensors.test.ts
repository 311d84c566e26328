// The demo's `sensors` records: every kind present, GSR framing naming the right version, and
// each payload readable by the reference library for its format (avsc, protobufjs, msgpack).
import { decode as decodeMsgpack } from "@msgpack/msgpack";
import avro from "avsc";
import { unzlibSync } from "fflate";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { schemaFileSchema } from "@/lib/schemas/schema-files";
import { SENSOR_READING_V1, SENSOR_READING_V2, SENSORS_PROTO, SENSORS_PROTO_MESSAGE } from "./demo-schemas";
import { buildSensorsRecords, placeSensorsSchema } from "./demo-sensors";

const registry = {
  registry: "r",
  readingV1: "11111111-1111-4111-8111-111111111111",
  readingV2: "22222222-2222-4222-8222-222222222222",
  alertV1: "33333333-3333-4333-8333-333333333333",
};
const hexId = (id: string) => id.replace(/-/g, "");

describe("buildSensorsRecords", () => {
  const records = buildSensorsRecords(registry);

  it("has every kind, and is the same for the same seed", () => {
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(["gsr-avro", "gsr-avro-zlib", "gsr-json", "protobuf", "msgpack"]));
    expect(buildSensorsRecords(registry)).toEqual(records);
  });

  it("frames readings and alerts for the registry, and their payloads read back", () => {
    const v1 = avro.Type.forSchema(SENSOR_READING_V1 as unknown as avro.Schema);
    const v2 = avro.Type.forSchema(SENSOR_READING_V2 as unknown as avro.Schema);
    const heartbeat = protobuf.parse(SENSORS_PROTO, { keepCase: true }).root.lookupType(SENSORS_PROTO_MESSAGE);
    for (const r of records) {
      const bytes = Buffer.from(r.data);
      if (r.kind === "protobuf") {
        expect(heartbeat.toObject(heartbeat.decode(bytes))).toMatchObject({ firmware: { version: "2.4.1" } });
        continue;
      }
      if (r.kind === "msgpack") {
        expect(decodeMsgpack(bytes)).toMatchObject({ firmware: "1.9.0" });
        continue;
      }
      expect(bytes[0]).toBe(3);
      expect(bytes[1]).toBe(r.kind === "gsr-avro-zlib" ? 5 : 0);
      const id = bytes.subarray(2, 18).toString("hex");
      const payload = r.kind === "gsr-avro-zlib" ? Buffer.from(unzlibSync(bytes.subarray(18))) : bytes.subarray(18);
      if (r.kind === "gsr-json") {
        expect(id).toBe(hexId(registry.alertV1));
        expect(JSON.parse(payload.toString("utf8"))).toHaveProperty("level");
      } else {
        expect([hexId(registry.readingV1), hexId(registry.readingV2)]).toContain(id);
        const decoded = (id === hexId(registry.readingV1) ? v1 : v2).fromBuffer(payload) as { sensorId: string };
        expect(decoded.sensorId).toBe(r.partitionKey);
      }
    }
  });
});

describe("placeSensorsSchema", () => {
  it("writes the .proto as the schema store keeps it, the same file on every start", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "shardscope-sensors-"));
    try {
      const file = placeSensorsSchema(dir, "local", "us-east-1");
      const stored = schemaFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
      // A second start leaves it as it was (its upload time too).
      expect(placeSensorsSchema(dir, "local", "us-east-1")).toBe(file);
      expect(schemaFileSchema.parse(JSON.parse(readFileSync(file, "utf8")))).toEqual(stored);
      expect(stored).toMatchObject({ name: "sensors.proto", kind: "protobuf", messageType: SENSORS_PROTO_MESSAGE, text: SENSORS_PROTO });
      expect(path.relative(dir, file).split(path.sep)).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
