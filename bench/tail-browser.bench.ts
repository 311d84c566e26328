// The tail in a real browser under load: records arrive at ~1,000/s for 30 s while the Tail tab is
// open. Prints the DOM row count (it must stay bounded) and the main thread's long tasks (goal: none
// over 100 ms), as `name value unit` lines on stdout; bench/README.md records the figures.
import { CreateStreamCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { chromium } from "@playwright/test";
import { waitUntilActive } from "../scripts/lib/demo-streams";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal } from "../scripts/lib/kinesis-local";
import { hasBuild, localAwsEnv, startNextServer } from "../scripts/lib/next-server";
import { CHROMIUM_LAUNCH_OPTIONS } from "../scripts/lib/chromium";

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SHARDS = 4;
const BATCH = 100;
const STREAM = "bench-tail-browser";

const progress = (line: string) => console.error(`[bench] ${line}`);
const report = (name: string, value: number, unit: string) => console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`);

async function main(): Promise<void> {
  if (!hasBuild()) throw new Error("no production build: run `npm run build` first");
  const kinesis = await startKinesisLocal({ shardLimit: 100 });
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint, maxSockets: 16 });
  const port = await freePort();
  const app = await startNextServer({
    host: "127.0.0.1",
    port,
    env: { ...localAwsEnv(kinesis.endpoint), NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: SHARDS }));
    await waitUntilActive(client, STREAM);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${app.url}/streams/${STREAM}/tail`);
    await page.getByTestId("tail-connection").filter({ hasText: "live" }).waitFor({ timeout: 60_000 });
    await page
      .getByTestId("reader-state")
      .first()
      .filter({ hasText: /live|catching-up/ })
      .waitFor({ timeout: 60_000 });
    // Long tasks while the page loaded are not what this measures.
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));

    progress(`putting ${RATE} records/s for ${SECONDS} s`);
    let put = 0;
    let seq = 0;
    const payload = (i: number) => Buffer.from(JSON.stringify({ i, ts: Date.now(), pad: "x".repeat(140) }));
    const started = Date.now();
    const rows: number[] = [];
    const sampler = setInterval(() => {
      void page
        .evaluate(() => document.querySelectorAll('[data-testid="tail-row"]').length)
        .then((n) => rows.push(n))
        .catch(() => undefined);
    }, 1000);
    const deadline = started + SECONDS * 1000;
    // Paced by a running total (rate × elapsed), with a few batches in flight: kinesis-local answers
    // one PutRecords slowly, so sequential batches alone would not reach the rate.
    const inFlight = new Set<Promise<unknown>>();
    while (Date.now() < deadline) {
      const due = Math.floor(((Date.now() - started) / 1000) * RATE);
      if (seq >= due || inFlight.size >= 12) {
        await (inFlight.size >= 12 ? Promise.race(inFlight) : new Promise((r) => setTimeout(r, 10)));
        continue;
      }
      const n = Math.min(BATCH, due - seq);
      const entries = Array.from({ length: n }, () => ({ PartitionKey: `key-${seq % 500}`, Data: payload(seq++) }));
      const p: Promise<unknown> = client
        .send(new PutRecordsCommand({ StreamName: STREAM, Records: entries }))
        .then((o) => (put += n - (o.FailedRecordCount ?? 0)))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    const elapsed = (Date.now() - started) / 1000;
    // Let the tail deliver what is still in flight.
    await new Promise((r) => setTimeout(r, 4000));
    clearInterval(sampler);

    const received = Number(await page.evaluate(() => document.querySelector('[data-testid="tail-status"]')?.textContent?.match(/received (\d+)/)?.[1] ?? "0"));
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    const sortedRows = [...rows].sort((a, b) => a - b);

    report("tail_browser_put_rate", put / elapsed, "records/s");
    report("tail_browser_records_put", put, "records");
    report("tail_browser_records_received", received, "records");
    report("tail_browser_dom_rows_max", sortedRows.at(-1) ?? 0, "rows");
    report("tail_browser_dom_rows_median", sortedRows[Math.floor(sortedRows.length / 2)] ?? 0, "rows");
    report("tail_browser_long_tasks", longTasks.length, "tasks");
    report("tail_browser_long_task_max_ms", longTasks.length ? Math.max(...longTasks) : 0, "ms");
    report("tail_browser_long_tasks_over_100ms", longTasks.filter((d) => d > 100).length, "tasks");
    report("tail_browser_js_heap_mb", heap / 1024 / 1024, "MiB");
    if (received < put * 0.99) progress(`warning: the tail received ${received} of ${put} records`);
  } finally {
    await browser.close().catch(() => undefined);
    client.destroy();
    await app.child.stop(3000);
    await kinesis.stop(1000);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
