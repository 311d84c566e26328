// Record injection in the browser against the real kinesis-local: every write is checked by
// reading the stream back with the SDK, so "nothing was written" and "every record landed" are
// facts, not what the page claims.
import { expect, test } from "./fixtures/kinesis";
import { startReadOnlyServer } from "./fixtures/read-only-server";
import { PutPage } from "./pages/put-page";
import { RecordsPage } from "./pages/records-page";
import { TailPage } from "./pages/tail-page";

const port = Number(process.env.E2E_PORT ?? 3100);
const json = (r: { Data?: Uint8Array }) => JSON.parse(Buffer.from(r.Data ?? []).toString("utf8")) as unknown;

test("put a JSON record, see its shard and sequence number, and find it in the record browser", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("put-json", 4);
  const put = new PutPage(page);
  await put.goto(stream);
  await expect(page.getByTestId("write-target-stream")).toHaveText(stream);
  await expect(page.getByTestId("write-target-account")).toHaveText("local");
  await expect(page.getByTestId("write-target-region")).toHaveText("us-east-1");

  await put.compose({ key: "e2e-put-json", encoding: "json", data: '{"orderId":"e2e-42","total":19.99,"items":[{"sku":"a"}]}' });
  await page.getByRole("button", { name: "Format JSON" }).click();
  await expect(put.data).toHaveValue('{\n  "orderId": "e2e-42",\n  "total": 19.99,\n  "items": [\n    {\n      "sku": "a"\n    }\n  ]\n}');
  const predicted = await put.predictedShard();

  await put.sendAndWait();
  const row = put.resultRows.first();
  await expect(row).toHaveAttribute("data-status", "ok");
  await expect(row.getByTestId("result-shard")).toHaveText(predicted);
  await expect(page.getByTestId("prediction-check")).toHaveText("predicted shard matched for 1 of 1");
  const link = row.getByTestId("result-sequence-number");
  const href = (await link.getAttribute("href")) ?? "";
  const seq = new URL(href, "http://x").searchParams.get("at") ?? "";
  expect(seq).toMatch(/^\d{20,}$/);

  const stored = await kinesis.readAll(stream);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ ShardId: predicted, SequenceNumber: seq, PartitionKey: "e2e-put-json" });
  expect(json(stored[0]!)).toEqual({ orderId: "e2e-42", total: 19.99, items: [{ sku: "a" }] });

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/streams/${stream}/records\\?shard=${predicted}&from=AT_SEQUENCE_NUMBER&at=${seq}&seq=${seq}`));
  const records = new RecordsPage(page);
  await expect(records.rows.first()).toContainText("e2e-put-json");
  await expect(records.rows.first()).toHaveAttribute("data-format", "json");
  // The link opens the record: the drawer is already open on it.
  await expect(records.drawer.getByTestId("detail-sequence-number")).toHaveText(seq);
});

test("a record put from the form appears in the live tail of its stream", async ({ page, context, kinesis }) => {
  const stream = await kinesis.scratchStream("put-tail", 2);
  const tail = new TailPage(page);
  await tail.goto(stream);
  await tail.waitLive();

  const form = await context.newPage();
  const put = new PutPage(form);
  await put.goto(stream);
  await put.compose({ key: "e2e-put-tail", encoding: "json", data: '{"seen":"in the tail"}' });
  await put.sendAndWait();
  const row = put.resultRows.first();
  await expect(row).toHaveAttribute("data-status", "ok");
  const shard = (await row.getByTestId("result-shard").textContent()) ?? "";

  await expect(tail.row("e2e-put-tail")).toBeVisible();
  await expect(tail.row("e2e-put-tail")).toContainText('"seen":"in the tail"');
  await expect(tail.row("e2e-put-tail")).toContainText(shard);
  await form.close();
});

test("N copies expand {{uuid}}, {{seq}} and {{now}} in the key and data", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("put-copies", 2);
  const put = new PutPage(page);
  await put.goto(stream);
  await put.compose({ key: "copy-{{seq}}", encoding: "json", data: '{"id":"{{uuid}}","n":{{seq}},"at":"{{now}}"}', copies: 25 });
  await expect(put.prediction).toHaveAttribute("data-shard", "");
  await expect(put.send).toHaveText("Put 25 records");
  const before = Date.now();
  await put.sendAndWait();
  await expect(page.getByTestId("results-ok")).toHaveText("25 written");
  await expect(page.getByTestId("prediction-check")).toHaveText("predicted shard matched for 25 of 25");

  const stored = await kinesis.readAll(stream);
  expect(stored).toHaveLength(25);
  const bodies = stored.map((r) => ({ key: r.PartitionKey, body: json(r) as { id: string; n: number; at: string } }));
  for (const { key, body } of bodies) {
    expect(key).toBe(`copy-${body.n}`);
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(body.at)).toBeGreaterThanOrEqual(before - 60_000);
  }
  expect(new Set(bodies.map((b) => b.body.n))).toEqual(new Set(Array.from({ length: 25 }, (_, i) => i + 1)));
  expect(new Set(bodies.map((b) => b.body.id)).size).toBe(25);
});

test("the predicted shard is the one Kinesis picks, for many keys and for explicit hash keys at range edges", async ({ page, kinesis }) => {
  test.setTimeout(120_000);
  const stream = await kinesis.scratchStream("put-predict", 4);
  const shards = await kinesis.shards(stream);
  const put = new PutPage(page);
  await put.goto(stream);

  // Typed keys: the prediction shown before sending, then the shard Kinesis answered.
  const keys = ["a", "customer-0042", "order-1", "order-2", "Ünïcødé-ключ", "😀-emoji", "x".repeat(256), "42"];
  const seen = new Set<string>();
  for (const key of keys) {
    await put.compose({ key, encoding: "text", data: `for ${key}` });
    const predicted = await put.predictedShard();
    await put.sendAndWait();
    await expect(put.resultRows.first().getByTestId("result-shard")).toHaveText(predicted);
    seen.add(predicted);
  }
  expect(seen.size).toBeGreaterThan(1);

  // Explicit hash keys at both edges of every shard's range.
  await put.compose({ key: "edge" });
  for (const s of shards) {
    for (const hk of [s.start, s.end]) {
      await put.hashKey.fill(hk);
      await expect(put.prediction).toHaveAttribute("data-shard", s.shardId);
      await expect(page.getByTestId("predicted-hash-key")).toHaveText(hk);
      await put.sendAndWait();
      await expect(put.resultRows.first().getByTestId("result-shard")).toHaveText(s.shardId);
    }
  }
  await put.hashKey.fill("");

  // Many keys at once: 300 lines, each with its own key; every prediction is compared.
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ partitionKey: `many-${i}-${(i * 7919) % 1000}`, data: { i } }));
  await put.chooseFile("many-keys.ndjson", `${lines.join("\n")}\n`);
  await expect(page.getByTestId("upload-summary")).toHaveAttribute("data-records", "300");
  await put.sendAndWait();
  await expect(page.getByTestId("prediction-check")).toHaveText("predicted shard matched for 300 of 300");

  const stored = await kinesis.readAll(stream);
  expect(stored).toHaveLength(keys.length + shards.length * 2 + 300);
  const edge = stored.filter((r) => r.PartitionKey === "edge");
  expect(edge.map((r) => r.ShardId).sort()).toEqual(shards.flatMap((s) => [s.shardId, s.shardId]).sort());
  expect(new Set(stored.filter((r) => r.PartitionKey?.startsWith("many-")).map((r) => r.ShardId)).size).toBe(4);
});

test("each kind of bad input shows its message and writes nothing", async ({ page, kinesis, request }) => {
  const stream = await kinesis.scratchStream("put-bad", 1);
  const put = new PutPage(page);
  await put.goto(stream);

  // An empty key is pointed out when sending, and nothing is sent.
  await put.compose({ encoding: "text", data: "hello" });
  await put.send.click();
  await expect(put.fieldError("partitionKey")).toContainText("The partition key is empty");
  await expect(page.getByTestId("send-problems")).toContainText("Nothing was sent");

  const cases: { fill: Parameters<PutPage["compose"]>[0]; field: "partitionKey" | "explicitHashKey" | "data" | "copies"; message: string }[] = [
    { fill: { key: "k".repeat(257), data: "x" }, field: "partitionKey", message: "257 characters long; Kinesis allows at most 256" },
    { fill: { key: "😀".repeat(129) }, field: "partitionKey", message: "emoji count as two" },
    { fill: { key: "ok", hashKey: "12ab" }, field: "explicitHashKey", message: "must be a decimal integer" },
    { fill: { hashKey: "340282366920938463463374607431768211456" }, field: "explicitHashKey", message: "larger than 2^128 − 1" },
    { fill: { hashKey: "-1" }, field: "explicitHashKey", message: "must be a decimal integer" },
    {
      fill: { hashKey: "", encoding: "json", data: '{"a": 1,\n "b": }' },
      field: "data",
      message: "Invalid JSON: Unexpected '}' where a value was expected at line 2, column 7",
    },
    { fill: { encoding: "base64", data: "aGVsbG8*" }, field: "data", message: "Invalid base64: '*' at character 8" },
    { fill: { encoding: "base64", data: "aGVsb" }, field: "data", message: "leave one stray character" },
    { fill: { encoding: "hex", data: "00 ff zz" }, field: "data", message: "Invalid hex: 'z' at character 7" },
    { fill: { encoding: "hex", data: "abc" }, field: "data", message: "odd number" },
    {
      fill: { encoding: "text", data: "a".repeat(1024 * 1024 + 1) },
      field: "data",
      message: "1,048,577 bytes after decoding; a record of this stream holds at most 1 MiB (1,048,576 bytes)",
    },
    { fill: { data: "fine", copies: 0 }, field: "copies", message: "Copies must be a whole number" },
  ];
  for (const c of cases) {
    await put.compose(c.fill);
    await expect(put.fieldError(c.field), c.message).toContainText(c.message);
    if (await put.send.isEnabled()) {
      await put.send.click();
      await expect(page.getByTestId("send-problems")).toContainText("Nothing was sent");
    }
  }
  await put.compose({ copies: 1 });

  // A file with bad lines: each one is reported with its number, and the file cannot be sent.
  const file = ['{"ok":1}', '{"broken":', '{"fine":true}', '{"partitionKey":"","data":"x"}', '{"data":"zz","encoding":"hex"}', "plain text is not JSON"].join(
    "\n",
  );
  await put.chooseFile("bad.ndjson", file);
  await expect(page.getByTestId("upload-summary")).toHaveAttribute("data-bad-lines", "4");
  const problems = page.getByTestId("upload-problems").locator("li");
  await expect(problems).toHaveCount(4);
  await expect(problems.nth(0)).toHaveAttribute("data-line", "2");
  await expect(problems.nth(0)).toContainText("Invalid JSON: Unexpected end of input");
  await expect(problems.nth(1)).toHaveAttribute("data-line", "4");
  await expect(problems.nth(1)).toContainText("partition key is empty");
  await expect(problems.nth(2)).toHaveAttribute("data-line", "5");
  await expect(problems.nth(2)).toContainText("Invalid hex");
  await expect(problems.nth(3)).toHaveAttribute("data-line", "6");
  await expect(put.send).toBeDisabled();
  // With the form's key empty too, the lines that need it (1, 3 and 5 have no key of their own,
  // 4 has an empty one) are named once, all of them; the other problems stay listed by line.
  await put.key.fill("");
  await expect(page.getByTestId("upload-key-problem")).toContainText("Lines 1, 3–5: The partition key is empty");
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(1)).toHaveAttribute("data-line", "5");
  await expect(put.send).toBeDisabled();

  // The API itself refuses a request with one bad record among good ones, naming it.
  const res = await request.post(`/api/streams/${stream}/records`, {
    headers: { origin: `http://127.0.0.1:${port}` },
    data: {
      records: [
        { partitionKey: "good", data: "x", encoding: "text" },
        { partitionKey: "bad", data: "@@", encoding: "base64" },
      ],
    },
  });
  expect(res.status()).toBe(400);
  expect((await res.json()).error).toMatchObject({
    code: "invalid_input",
    message: expect.stringContaining("1 record is invalid, so nothing was written"),
    details: [{ index: 1, field: "data", message: "Invalid base64: '@' at character 1" }],
  });

  expect(await kinesis.readAll(stream)).toHaveLength(0);
});

test("writing to a target that is not a local emulator asks first", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("put-confirm", 1);
  // Pretend the server talks to AWS; the write itself still goes to kinesis-local.
  await page.route("**/api/t/*/*/target", (route) =>
    route.fulfill({
      json: {
        name: "local",
        kind: "default",
        region: "eu-west-1",
        account: "123456789012",
        endpoint: "https://kinesis.eu-west-1.amazonaws.com",
        local: false,
        readOnly: false,
      },
    }),
  );
  const put = new PutPage(page);
  await put.goto(stream);
  await expect(page.getByTestId("write-target-account")).toHaveText("123456789012");
  await expect(page.getByTestId("write-target-aws")).toBeVisible();
  await put.compose({ key: "confirm-me", encoding: "text", data: "careful" });

  await put.send.click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText(`to stream ${stream} in account 123456789012, region eu-west-1`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await kinesis.readAll(stream)).toHaveLength(0);

  await put.send.click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Put 1 record" }).click();
  await expect(put.state).toHaveAttribute("data-state", "done");
  expect((await kinesis.readAll(stream)).map((r) => r.PartitionKey)).toEqual(["confirm-me"]);
});

test("Put records from the top bar, with a stream picker", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("put-picker", 1);
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Put records" }).click();
  await expect(page).toHaveURL(/\/put$/);
  await page.getByTestId("stream-picker").selectOption(stream);
  await expect(page).toHaveURL(new RegExp(`/put\\?stream=${stream}$`));
  const put = new PutPage(page);
  await expect(page.getByTestId("write-target-stream")).toHaveText(stream);
  await put.compose({ key: "from-the-top-bar", encoding: "text", data: "picked" });
  await put.sendAndWait();
  expect((await kinesis.readAll(stream)).map((r) => r.PartitionKey)).toEqual(["from-the-top-bar"]);
});

test("a cross-site POST is refused and writes nothing", async ({ page, request, kinesis }) => {
  const stream = await kinesis.scratchStream("put-csrf", 1);
  const body = { records: [{ partitionKey: "csrf", data: "x", encoding: "text" }] };

  // Forged headers, as a page on another site would send them.
  const forged = await request.post(`/api/streams/${stream}/records`, {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    data: body,
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe("forbidden");

  // A real browser on another site (localhost is not the same site as 127.0.0.1) posting a
  // "simple" request, which needs no CORS preflight. The page cannot read the answer, so the
  // request is observed on its way: the headers the browser set, and what the server said.
  const seen: { headers: Record<string, string>; status: number; body: string }[] = [];
  await page.route(`http://127.0.0.1:${port}/api/streams/${stream}/records`, async (route) => {
    const headers = await route.request().allHeaders();
    const response = await route.fetch({ headers });
    seen.push({ headers, status: response.status(), body: await response.text() });
    await route.fulfill({ response });
  });
  // The other site's page is served by the test, not by Shardscope: a page of Shardscope's own
  // would carry its Content-Security-Policy, whose connect-src 'self' stops the request earlier.
  await page.route(`http://localhost:${port}/other-site`, (route) => route.fulfill({ contentType: "text/html", body: "<p>another site</p>" }));
  await page.goto(`http://localhost:${port}/other-site`);
  const type = await page.evaluate(
    async ({ url, body }) =>
      (await fetch(url, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) })).type,
    { url: `http://127.0.0.1:${port}/api/streams/${stream}/records`, body },
  );
  expect(type).toBe("opaque");
  expect(seen).toHaveLength(1);
  expect(seen[0]!.headers.origin).toBe(`http://localhost:${port}`);
  expect(seen[0]!.status).toBe(403);
  // Refused for where it came from, before anything else about the request was looked at.
  expect(JSON.parse(seen[0]!.body).error.code).toBe("forbidden");

  // The same request from the app's own origin goes through the same checks and is accepted,
  // so the refusal above was the origin's doing.
  const own = await request.post(`/api/streams/${stream}/records`, {
    headers: { origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" },
    data: body,
  });
  expect(own.status()).toBe(200);
  expect((await kinesis.readAll(stream)).map((r) => r.PartitionKey)).toEqual(["csrf"]);
});

test("a 10,000-line NDJSON upload completes with progress, and every record lands", async ({ page, kinesis }) => {
  test.setTimeout(240_000);
  const stream = await kinesis.scratchStream("put-10k", 4);
  const put = new PutPage(page);
  await put.goto(stream);
  await page.getByRole("radio", { name: "Random per record" }).check();

  // Plain JSON lines (random key) mixed with envelopes that carry their own key and encoding.
  const lines = Array.from({ length: 10_000 }, (_, i) =>
    i % 4 === 0
      ? JSON.stringify({ partitionKey: `own-${i}`, data: Buffer.from(`line ${i + 1}`).toString("base64"), encoding: "base64" })
      : JSON.stringify({ line: i + 1, event: "e2e-bulk", payload: "x".repeat(100) }),
  );
  await put.chooseFile("bulk.ndjson", `${lines.join("\n")}\n`);
  await expect(page.getByTestId("upload-summary")).toHaveAttribute("data-records", "10000");
  await expect(put.send).toHaveText("Put 10,000 records");

  // Every value the progress bar shows, as the page renders it.
  await page.evaluate(() => {
    const w = window as unknown as { progressSeen: number[] };
    w.progressSeen = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="upload-progress"] [role="progressbar"]');
      const v = Number(bar?.getAttribute("aria-valuenow") ?? NaN);
      if (Number.isFinite(v) && w.progressSeen.at(-1) !== v) w.progressSeen.push(v);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const started = Date.now();
  await put.sendAndWait("done", 200_000);
  const seconds = (Date.now() - started) / 1000;
  console.log(`10,000-record upload took ${seconds.toFixed(1)} s`);

  await expect(page.getByTestId("progress-sent")).toHaveText("10,000");
  await expect(page.getByTestId("progress-failed")).toHaveText("0");
  await expect(page.getByTestId("progress-left")).toHaveText("0");
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
  expect(seen.filter((v) => v > 0 && v < 10_000).length).toBeGreaterThan(3);
  expect(seen.at(-1)).toBe(10_000);

  const stored = await kinesis.readAll(stream);
  expect(stored).toHaveLength(10_000);
  const own = stored.filter((r) => r.PartitionKey?.startsWith("own-"));
  expect(own).toHaveLength(2_500);
  expect(Buffer.from(own.find((r) => r.PartitionKey === "own-0")!.Data!).toString()).toBe("line 1");
  const plainLines = new Set(stored.filter((r) => !r.PartitionKey?.startsWith("own-")).map((r) => (json(r) as { line: number }).line));
  expect(plainLines.size).toBe(7_500);
});

test("cancel stops an upload, and exactly the records reported written are in the stream", async ({ page, kinesis }) => {
  test.setTimeout(120_000);
  const stream = await kinesis.scratchStream("put-cancel", 2);
  const put = new PutPage(page);
  await put.goto(stream);
  await page.getByRole("radio", { name: "Random per record" }).check();
  // Delay each request a little so there is time to press Cancel mid-way, whatever the machine.
  await page.route(`**/api/streams/${stream}/records`, async (route) => {
    await new Promise((r) => setTimeout(r, 300));
    await route.continue();
  });
  const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ n: i }));
  await put.chooseFile("cancel.ndjson", lines.join("\n"));
  await put.send.click();
  await expect.poll(async () => Number((await page.getByTestId("progress-sent").textContent())?.replace(/,/g, "") ?? 0)).toBeGreaterThan(0);
  await page.getByTestId("cancel").click();
  await expect(put.state).toHaveAttribute("data-state", "cancelled", { timeout: 30_000 });
  const written = Number((await page.getByTestId("progress-sent").textContent())?.replace(/,/g, ""));
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThan(10_000);
  await expect(page.getByTestId("results-not-sent")).toHaveText(`${(10_000 - written).toLocaleString("en-US")} not sent`);
  expect(await kinesis.readAll(stream)).toHaveLength(written);
});

test.describe("read-only mode", () => {
  test("shows no write controls, and the server refuses writes", async ({ browser, request, kinesis }) => {
    const stream = await kinesis.scratchStream("put-ro", 1);
    const ro = await startReadOnlyServer(kinesis.endpoint);
    try {
      const page = await browser.newPage({ baseURL: ro.baseURL });
      await page.goto(`/streams/${stream}`);
      await expect(page.getByTestId("target")).toContainText("read-only");
      await expect(page.getByRole("navigation", { name: "Stream sections" }).getByRole("link")).toHaveText([
        "Overview",
        "Records",
        "Tail",
        "Search",
        "Metrics",
        "Consumers",
      ]);
      await expect(page.getByRole("banner").getByRole("link", { name: "Put records" })).toHaveCount(0);
      // Search reads, so it stays; replaying its results writes, so that is not offered.
      await page.goto(`/streams/${stream}/search?run=1`);
      await expect(page.getByTestId("search-done")).toHaveAttribute("data-reason", "window");
      await expect(page.getByTestId("replay-panel")).toHaveCount(0);

      await page.goto(`/streams/${stream}/put`);
      await expect(page.getByTestId("writes-disabled")).toContainText("Writes are disabled");
      await expect(page.getByRole("form", { name: "Put records" })).toHaveCount(0);
      await expect(page.getByTestId("send")).toHaveCount(0);
      await page.goto("/put");
      await expect(page.getByTestId("writes-disabled")).toBeVisible();
      await expect(page.getByTestId("stream-picker")).toHaveCount(0);
      await page.close();

      const body = { records: [{ partitionKey: "ro", data: "x", encoding: "text" }] };
      const res = await request.post(`${ro.baseURL}/api/streams/${stream}/records`, { headers: { origin: ro.baseURL }, data: body });
      expect(res.status()).toBe(403);
      expect((await res.json()).error).toEqual({ code: "read_only", message: expect.stringContaining("read-only") });
      // The main server, on the same kinesis-local, shows the tab: the difference is the setting.
      const main = await request.get(`/streams/${stream}/put`);
      expect(await main.text()).toContain('data-testid="send"');
    } finally {
      await ro.stop();
    }
    expect(await kinesis.readAll(stream)).toHaveLength(0);
  });
});

test("a fresh form shows no problems, and a long partition key stays visible in full", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("put-polish", 1);
  const put = new PutPage(page);
  await put.goto(stream);
  await expect(page.getByTestId("write-target-stream")).toHaveText(stream);
  await expect(page.locator('[data-testid^="error-"]')).toHaveCount(0);
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);

  const key = "tenant-0042/customer-00000000-1111-4222-8333-444444444444";
  await put.key.fill(key);
  const fits = await put.key.evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth);
  expect(fits).toBe(true);
  await expect(page.locator('[data-testid^="error-"]')).toHaveCount(0);
});
