// Schemas in the browser: attaching a schema to a stream and removing it on the stream's overview
// (the server keeps it in SHARDSCOPE_SCHEMA_DIR), and a put with a Glue Schema Registry schema
// (moto's Glue, registered by the e2e server as the demo does) read back from kinesis-local with
// the GSR header naming the chosen version, and in the record browser decoded with its schema named.
import avro from "avsc";
import { unzlibSync } from "fflate";
import { SENSOR_READING_V2 } from "@/scripts/lib/demo-schemas";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { expect, test } from "./fixtures/kinesis";
import { startReadOnlyServer } from "./fixtures/read-only-server";
import { PutPage } from "./pages/put-page";
import { RecordsPage } from "./pages/records-page";

const AVSC = JSON.stringify({ type: "record", name: "Probe", namespace: "e2e", fields: [{ name: "id", type: "string" }] });

test("attach an .avsc to a stream, see it in use, and remove it", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("schemas", 1);
  await page.goto(`/streams/${stream}`);
  const panel = page.getByRole("region", { name: "Schemas" });
  await expect(panel.getByTestId("no-schemas")).toBeVisible();

  await panel.getByLabel("Schema file").setInputFiles({ name: "probe.avsc", mimeType: "application/json", buffer: Buffer.from(AVSC) });
  await panel.getByTestId("attach-schema").click();
  const row = panel.locator('[data-testid="stream-schema"][data-name="probe.avsc"]');
  await expect(row).toContainText("in use");
  await expect(row).toContainText("Avro (.avsc)");
  await expectNoSeriousViolations(page, "the stream overview with a schema attached");

  // It survives a reload (the server keeps it, not the page).
  await page.reload();
  await expect(row).toContainText("in use");

  // A file that does not compile is refused with the reason, and nothing is added.
  await panel.getByLabel("Schema file").setInputFiles({ name: "broken.avsc", mimeType: "application/json", buffer: Buffer.from('{"type":"record"}') });
  await panel.getByTestId("attach-schema").click();
  await expect(panel.getByTestId("error-panel")).toContainText("not a valid Avro schema");
  await expect(panel.getByTestId("stream-schema")).toHaveCount(1);

  await row.getByRole("button", { name: "Remove probe.avsc" }).click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Remove" }).click();
  await expect(panel.getByTestId("no-schemas")).toBeVisible();
});

test("the demo's sensors stream lists the .proto its heartbeats decode with", async ({ page }) => {
  await page.goto("/streams/sensors");
  const row = page.getByRole("region", { name: "Schemas" }).locator('[data-testid="stream-schema"][data-name="sensors.proto"]');
  await expect(row).toContainText("in use");
  await expect(row).toContainText("demo.sensors.Heartbeat");
});

test("put a record with a Glue registry schema: checked against the schema, written GSR-encoded with zlib", async ({ page, kinesis, request }) => {
  const stream = await kinesis.scratchStream("put-gsr", 1);
  const put = new PutPage(page);
  await put.goto(stream);
  await page.getByLabel("Write with a schema").check();
  await page.getByLabel("Registry").selectOption("shardscope-demo");
  await page.getByLabel("Schema", { exact: true }).selectOption("sensor-reading");
  // The newest version is chosen once the versions arrive.
  await expect(page.getByLabel("Schema version")).toHaveValue("2");
  await page.getByLabel("Compression").selectOption("zlib");
  await expect(page.getByTestId("registry-schema-format")).toContainText("Avro schema");
  await expect(put.encoding).toBeDisabled();

  // A value the schema refuses: nothing is written, and the field is named.
  const reading = { sensorId: "e2e-s1", site: "e2e", temperature: 20.5, humidity: null, at: 1764662400000, status: "OK", battery: 50 };
  await put.compose({ key: "e2e-gsr", data: JSON.stringify({ ...reading, temperature: "warm" }) });
  await put.sendAndWait("stopped");
  await expect(put.state).toContainText('Field temperature is "warm", but the schema wants double.');
  expect(await kinesis.readAll(stream)).toHaveLength(0);

  await put.compose({ data: JSON.stringify(reading) });
  await put.sendAndWait();
  await expect(put.resultRows.first()).toHaveAttribute("data-status", "ok");

  // Read back through the records API: GSR's header names version 2, and the zlib payload is the Avro record.
  const versions = await (await request.get("/api/t/local/us-east-1/schemas/registries/shardscope-demo/schemas/sensor-reading/versions")).json();
  const v2 = versions.versions.find((v: { versionNumber: number }) => v.versionNumber === 2).versionId as string;
  const page1 = await (await request.get(`/api/t/local/us-east-1/streams/${stream}/records?shardId=shardId-000000000000&from=TRIM_HORIZON`)).json();
  expect(page1.records).toHaveLength(1);
  const bytes = Buffer.from(page1.records[0].data, "base64");
  expect([bytes[0], bytes[1]]).toEqual([3, 5]);
  expect(bytes.subarray(2, 18).toString("hex")).toBe(v2.replace(/-/g, ""));
  const type = avro.Type.forSchema(SENSOR_READING_V2 as unknown as avro.Schema);
  expect(type.fromBuffer(Buffer.from(unzlibSync(bytes.subarray(18))))).toEqual(reading);

  // And in the record browser: decoded as Avro, the registry, schema and version named beside it.
  const records = new RecordsPage(page);
  await records.goto(stream, { shard: "shardId-000000000000", from: "TRIM_HORIZON" });
  await expect(records.rowWithKey("e2e-gsr")).toHaveAttribute("data-format", "avro");
  await expect(records.rowWithKey("e2e-gsr")).toContainText('"sensorId":"e2e-s1"');
  await records.open("e2e-gsr");
  await expect(records.drawer.getByTestId("decode-chain").first()).toHaveText(/base64.*gsr.*zlib.*avro/);
  await expect(records.drawer.getByTestId("schema-registry")).toHaveText("shardscope-demo");
  await expect(records.drawer.getByTestId("schema-name")).toHaveText("sensor-reading");
  await expect(records.drawer.getByTestId("schema-version")).toHaveText("2");
  await expect(records.drawer.getByTestId("json-tree")).toContainText('"e2e-s1"');
  await expect(records.drawer.getByTestId("json-tree")).toContainText("20.5");
});

test("a read-only server lists schemas but offers no attach or remove, and refuses both", async ({ browser, request, kinesis }) => {
  const stream = await kinesis.scratchStream("schemas-ro", 1);
  const ro = await startReadOnlyServer(kinesis.endpoint);
  try {
    const page = await browser.newPage({ baseURL: ro.baseURL });
    await page.goto(`/streams/${stream}`);
    const panel = page.getByRole("region", { name: "Schemas" });
    await expect(panel).toContainText("This server is read-only");
    await expect(panel.getByTestId("attach-schema")).toHaveCount(0);
    await expect(panel.getByLabel("Schema file")).toHaveCount(0);
    await page.close();

    const post = await request.post(`${ro.baseURL}/api/streams/${stream}/schemas`, {
      headers: { origin: ro.baseURL },
      data: { fileName: "a.avsc", text: AVSC },
    });
    expect(post.status()).toBe(403);
    expect((await post.json()).error.code).toBe("read_only");
    const del = await request.delete(`${ro.baseURL}/api/streams/${stream}/schemas/5e250125-0000-4000-8000-00000000c0de`, { headers: { origin: ro.baseURL } });
    expect(del.status()).toBe(403);
  } finally {
    await ro.stop();
  }
});
