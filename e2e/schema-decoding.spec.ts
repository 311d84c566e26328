// Records encoded with the AWS Glue Schema Registry's wire format (payloads written by AWS's own
// serde: lib/records/fixtures/gsr), their schema registered in moto's Glue: decoded in the record
// browser with the registry, schema, version and schema text beside them, and in the tail, whose
// expression filter reads Avro fields as it reads JSON.
import { CreateRegistryCommand, CreateSchemaCommand, DeleteRegistryCommand, GlueClient } from "@aws-sdk/client-glue";
import { CreateStreamCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { zlibSync } from "fflate";
import { gsrHeader } from "@/lib/records/schemas/wire";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { deleteStream } from "@/scripts/lib/stream-contents";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { e2eServices, kinesis } from "./fixtures/services";
import { RecordsPage } from "./pages/records-page";
import { TailPage } from "./pages/tail-page";

const fixtures = path.join(__dirname, "..", "lib", "records", "fixtures", "gsr");
const AVSC = fs.readFileSync(path.join(fixtures, "sensor-reading.avsc"), "utf8");
/** The serde's Avro payload (sensor-0042, 21.5 °C, WARN) without its header. */
const PAYLOAD = new Uint8Array(fs.readFileSync(path.join(fixtures, "avro.bin"))).subarray(18);

const run = randomBytes(3).toString("hex");
const STREAM = `e2e-gsr-${run}`;
const REGISTRY = `e2e-registry-${run}`;
const SHARD = "shardId-000000000000";
let versionId: string;

test.beforeAll(async () => {
  const glue = new GlueClient({ endpoint: e2eServices().cloudwatchEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await glue.send(new CreateRegistryCommand({ RegistryName: REGISTRY }));
  const created = await glue.send(
    new CreateSchemaCommand({
      RegistryId: { RegistryName: REGISTRY },
      SchemaName: "sensor-reading",
      DataFormat: "AVRO",
      Compatibility: "BACKWARD",
      SchemaDefinition: AVSC,
    }),
  );
  versionId = created.SchemaVersionId!;
  glue.destroy();
  const client = kinesis();
  await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
  await waitUntilActive(client, STREAM);
  await client.send(
    new PutRecordsCommand({
      StreamName: STREAM,
      Records: [
        { PartitionKey: "gsr-plain", Data: new Uint8Array([...gsrHeader(versionId, "none"), ...PAYLOAD]) },
        { PartitionKey: "gsr-zlib", Data: new Uint8Array([...gsrHeader(versionId, "zlib"), ...zlibSync(PAYLOAD)]) },
        { PartitionKey: "plain-json", Data: new TextEncoder().encode(JSON.stringify({ sensorId: "sensor-0001", temperature: 30 })) },
      ],
    }),
  );
  client.destroy();
});

// The stream and registry are this spec's own: gone afterwards, so that specs counting the demo's
// streams see only those.
test.afterAll(async () => {
  const client = kinesis();
  await deleteStream(client, STREAM).finally(() => client.destroy());
  const glue = new GlueClient({ endpoint: e2eServices().cloudwatchEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await glue.send(new DeleteRegistryCommand({ RegistryId: { RegistryName: REGISTRY } })).finally(() => glue.destroy());
});

test("a GSR Avro record is decoded in the record browser, its schema named beside it", async ({ page }) => {
  const records = new RecordsPage(page);
  await records.goto(STREAM, { shard: SHARD, from: "TRIM_HORIZON" });
  await expect(records.rowWithKey("gsr-plain")).toHaveAttribute("data-format", "avro");
  await expect(records.rowWithKey("gsr-plain")).toContainText('"sensorId":"sensor-0042"');
  await expect(records.rowWithKey("gsr-zlib")).toHaveAttribute("data-format", "avro");
  await records.open("gsr-plain");
  await expect(records.drawer.getByTestId("decode-chain").first()).toHaveText(/base64.*gsr.*avro/);
  await expect(records.drawer.getByTestId("schema-registry")).toHaveText(REGISTRY);
  await expect(records.drawer.getByTestId("schema-name")).toHaveText("sensor-reading");
  await expect(records.drawer.getByTestId("schema-version")).toHaveText("1");
  await expect(records.drawer.getByTestId("json-tree")).toContainText('"sensor-0042"');
  await records.drawer.getByText("Schema text").click();
  await expect(records.drawer.getByTestId("schema-definition")).toContainText('"name": "SensorReading"');
});

test("the tail decodes GSR Avro records, and an expression filter reads their fields", async ({ page }) => {
  const tail = new TailPage(page);
  await tail.goto(STREAM, `?from=TRIM_HORIZON&expr=${encodeURIComponent('status == "WARN" and temperature > 20')}`);
  await tail.waitLive();
  // The two GSR records (plain and zlib) match; the JSON record has no status.
  await expect(tail.rows).toHaveCount(2);
  await expect(tail.row("gsr-plain")).toBeVisible();
  await expect(tail.row("gsr-zlib")).toBeVisible();
  await expect(tail.row("gsr-plain")).toContainText("sensor-0042");
  await expect(page.getByTestId("tail-scanned")).toContainText("matched 2");
});
