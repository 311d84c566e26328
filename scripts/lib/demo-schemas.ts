// The Glue Schema Registry the demo, the e2e server and the tests play against moto: one registry
// with an Avro schema in two versions and a JSON Schema schema (CreateRegistry, CreateSchema,
// RegisterSchemaVersion, as a team's CI would register them), and the .proto the demo attaches
// to its `sensors` stream through the schema store.
import { CreateRegistryCommand, CreateSchemaCommand, GlueClient, RegisterSchemaVersionCommand } from "@aws-sdk/client-glue";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./kinesis-client";

export const DEMO_REGISTRY = "shardscope-demo";
export const SENSOR_READING_SCHEMA = "sensor-reading";
export const SENSOR_ALERT_SCHEMA = "sensor-alert";

export const SENSOR_READING_V1 = {
  type: "record",
  name: "SensorReading",
  namespace: "demo.sensors",
  fields: [
    { name: "sensorId", type: "string" },
    { name: "site", type: "string" },
    { name: "temperature", type: "double" },
    { name: "humidity", type: ["null", "double"], default: null },
    { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "status", type: { type: "enum", name: "Status", symbols: ["OK", "WARN", "FAIL"] } },
  ],
} as const;

/** v2 adds a field with a default: BACKWARD compatible, as Glue's default compatibility wants. */
export const SENSOR_READING_V2 = {
  ...SENSOR_READING_V1,
  fields: [...SENSOR_READING_V1.fields, { name: "battery", type: ["null", "int"], default: null }],
} as const;

export const SENSOR_ALERT_SCHEMA_JSON = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: {
    sensorId: { type: "string" },
    level: { type: "string", enum: ["info", "warning", "critical"] },
    message: { type: "string", maxLength: 500 },
    value: { type: "number" },
  },
  required: ["sensorId", "level", "message"],
  additionalProperties: false,
} as const;

/** The .proto the demo attaches to `sensors` (records written as demo.sensors.Heartbeat). */
export const SENSORS_PROTO = `syntax = "proto3";

package demo.sensors;

// A gateway's heartbeat, written by the gateways' firmware.
message Heartbeat {
  string gateway_id = 1;
  uint32 uptime_seconds = 2;
  repeated string sensors = 3;
  double cpu_load = 4;
  Firmware firmware = 5;
}

message Firmware {
  string version = 1;
  bool update_pending = 2;
}
`;
export const SENSORS_PROTO_MESSAGE = "demo.sensors.Heartbeat";

export interface DemoRegistry {
  registry: string;
  /** Schema version ids (UUIDs) by schema and version number. */
  readingV1: string;
  readingV2: string;
  alertV1: string;
}

export function createScriptGlueClient(endpoint: string, region: string = LOCAL_REGION): GlueClient {
  return new GlueClient({ endpoint, region, credentials: { ...LOCAL_CREDENTIALS }, maxAttempts: 3 });
}

/** Registers the demo registry in moto (once per moto: a second call fails with AlreadyExists). */
export async function registerDemoSchemas(glue: GlueClient, registry = DEMO_REGISTRY): Promise<DemoRegistry> {
  await glue.send(new CreateRegistryCommand({ RegistryName: registry, Description: "Schemas of Shardscope's demo streams" }));
  const reading = await glue.send(
    new CreateSchemaCommand({
      RegistryId: { RegistryName: registry },
      SchemaName: SENSOR_READING_SCHEMA,
      DataFormat: "AVRO",
      Compatibility: "BACKWARD",
      Description: "One reading of one sensor",
      SchemaDefinition: JSON.stringify(SENSOR_READING_V1),
    }),
  );
  const readingV2 = await glue.send(
    new RegisterSchemaVersionCommand({
      SchemaId: { RegistryName: registry, SchemaName: SENSOR_READING_SCHEMA },
      SchemaDefinition: JSON.stringify(SENSOR_READING_V2),
    }),
  );
  const alert = await glue.send(
    new CreateSchemaCommand({
      RegistryId: { RegistryName: registry },
      SchemaName: SENSOR_ALERT_SCHEMA,
      DataFormat: "JSON",
      Compatibility: "BACKWARD",
      Description: "An alert raised by a sensor",
      SchemaDefinition: JSON.stringify(SENSOR_ALERT_SCHEMA_JSON),
    }),
  );
  if (!reading.SchemaVersionId || !readingV2.SchemaVersionId || !alert.SchemaVersionId) throw new Error("moto's Glue returned no schema version id");
  return { registry, readingV1: reading.SchemaVersionId, readingV2: readingV2.SchemaVersionId, alertV1: alert.SchemaVersionId };
}
