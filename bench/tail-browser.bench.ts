// The tail in a real browser under load: records arrive at 5,000/s for 60 s while the Tail tab is
// open, through the real SSE route and the browser's real code. The records come from a benchmark
// source that keeps up with that rate (`bench/lib/synthetic-live-kinesis.ts`, a Kinesis endpoint over
// HTTP); `BENCH_SOURCE=kinesis-local` puts them into kinesis-local instead, which takes ~320/s here.
// Prints whether every record was delivered or counted as dropped, the DOM row count (bounded), the
// main thread's long tasks (goal: none over 50 ms), the JS heap and the server's RSS, as
// `name value unit` lines on stdout; bench/README.md records the figures. Exits 1 when a record is
// neither delivered nor counted.
import { CreateStreamCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { chromium } from "@playwright/test";
import fs from "node:fs";
import { waitUntilActive } from "../scripts/lib/demo-streams";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal } from "../scripts/lib/kinesis-local";
import { hasBuild, localAwsEnv, startNextServer } from "../scripts/lib/next-server";
import { CHROMIUM_LAUNCH_OPTIONS } from "../scripts/lib/chromium";
import { treeRss } from "./lib/server-process";
import { startSyntheticKinesis, type SyntheticKinesis } from "./lib/synthetic-live-kinesis";

const SOURCE = process.env.BENCH_SOURCE ?? "synthetic";
const RATE = Number(process.env.BENCH_RATE ?? (SOURCE === "synthetic" ? 5000 : 1000));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SOURCE === "synthetic" ? 60 : 30));
const SHARDS = 4;
const BATCH = 100;
const STREAM = "bench-tail-browser";

const progress = (line: string) => console.error(`[bench] ${line}`);
const report = (name: string, value: number, unit: string) => console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`);

/**
 * BENCH_TRACE=<file>: record a Chromium trace of the run (main thread tasks, V8 execution and
 * garbage collection) and tell what each task over 50 ms spent its time on.
 */
const TRACE = process.env.BENCH_TRACE;
const TRACE_CATEGORIES = ["toplevel", "devtools.timeline", "v8", "v8.execute", "disabled-by-default-v8.gc", "blink", "loading"];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
}

/** Each task over 50 ms on the page's main thread, with the events inside it that took longest. */
function explainLongTasks(file: string): string[] {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === "X" && main.has(`${e.pid}:${e.tid}`));
  // A task is `RunTask` or, with these categories, `ThreadControllerImpl::RunTask`.
  const all = onMain.filter((e) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask");
  const isTask = new Set(all);
  const tasks = all.filter((e) => (e.dur ?? 0) > 50_000);
  const longest = Math.max(0, ...all.map((e) => e.dur ?? 0)) / 1000;
  const lines = [`trace: ${all.length} main-thread tasks, the longest ${longest.toFixed(1)} ms; ${tasks.length} over 50 ms`];
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const inside = new Map<string, number>();
    for (const e of onMain) {
      if (e === task || e.ts < task.ts || e.ts >= end || isTask.has(e)) continue;
      const what = e.name === "FunctionCall" && e.args?.data?.functionName ? `FunctionCall ${e.args.data.functionName}` : e.name;
      inside.set(what, (inside.get(what) ?? 0) + (e.dur ?? 0));
    }
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 6);
    lines.push(`  ${(task.dur! / 1000).toFixed(0)} ms: ${top.map(([name, us]) => `${name} ${(us / 1000).toFixed(0)} ms`).join(", ")}`);
  }
  return lines;
}

type Counters = { scanned: number; matched: number; received: number; dropped: number; inFlight: number };

async function main(): Promise<void> {
  if (!hasBuild()) throw new Error("no production build: run `npm run build` first");
  const synthetic: SyntheticKinesis | undefined =
    SOURCE === "synthetic" ? await startSyntheticKinesis({ name: STREAM, shards: SHARDS, rate: RATE, seconds: SECONDS, recordBytes: 200 }) : undefined;
  const kinesis = synthetic ? undefined : await startKinesisLocal({ shardLimit: 100 });
  const endpoint = synthetic?.endpoint ?? kinesis!.endpoint;
  const client = createScriptKinesisClient({ endpoint, maxSockets: 16 });
  const port = await freePort();
  const app = await startNextServer({
    host: "127.0.0.1",
    port,
    env: { ...localAwsEnv(endpoint), NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    if (!synthetic) {
      await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: SHARDS }));
      await waitUntilActive(client, STREAM);
    }
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
    if (TRACE) await browser.startTracing(page, { path: TRACE, categories: TRACE_CATEGORIES });
    // A string, not a function: tsx would wrap a function's inner helpers in `__name`, unknown in the page.
    const counters = () =>
      page.evaluate<Counters>(`(() => {
        const counts = {};
        for (const name of ["scanned", "matched", "received", "dropped", "inFlight"]) {
          counts[name] = Number(document.querySelector('[data-testid="tail-count-' + name + '"]')?.getAttribute("data-value") ?? "0");
        }
        return counts;
      })()`);
    progress(`${RATE} records/s for ${SECONDS} s from ${SOURCE}`);
    const started = Date.now();
    const rows: number[] = [];
    const heaps: number[] = [];
    let rssPeak = treeRss(app.child.process.pid!);
    const rssSampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRss(app.child.process.pid!))), 500);
    const sampler = setInterval(() => {
      void page
        .evaluate(() => ({
          rows: document.querySelectorAll('[data-testid="tail-row"]').length,
          heap: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
        }))
        .then((x) => {
          rows.push(x.rows);
          heaps.push(x.heap);
        })
        .catch(() => undefined);
    }, 1000);
    let put: number;
    if (synthetic) {
      synthetic.start();
      await new Promise((r) => setTimeout(r, SECONDS * 1000 + 100));
      put = synthetic.total;
    } else {
      put = 0;
      let seq = 0;
      const payload = (i: number) => Buffer.from(JSON.stringify({ i, ts: Date.now(), pad: "x".repeat(140) }));
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
    }
    const elapsed = (Date.now() - started) / 1000;
    // Let the tail deliver what is still on its way: until every record is received or counted as
    // dropped (at most 60 s more).
    const settleDeadline = Date.now() + 60_000;
    let last = await counters();
    while (Date.now() < settleDeadline && (last.received + last.dropped < put || last.inFlight > 0)) {
      await new Promise((r) => setTimeout(r, 500));
      last = await counters();
    }
    const settleS = (Date.now() - started) / 1000 - elapsed;
    clearInterval(sampler);
    clearInterval(rssSampler);
    if (TRACE) {
      await browser.stopTracing();
      for (const line of explainLongTasks(TRACE)) progress(line);
    }

    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const heapEnd = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    const sortedRows = [...rows].sort((a, b) => a - b);
    const mb = (b: number) => b / 1024 / 1024;

    report("tail_browser_source_rate", put / elapsed, "records/s");
    report("tail_browser_records_put", put, "records");
    report("tail_browser_records_scanned", last.scanned, "records");
    report("tail_browser_records_received", last.received, "records");
    report("tail_browser_records_dropped", last.dropped, "records");
    report("tail_browser_records_unaccounted", put - last.received - last.dropped, "records");
    report("tail_browser_settle_s", settleS, "s");
    report("tail_browser_dom_rows_max", sortedRows.at(-1) ?? 0, "rows");
    report("tail_browser_dom_rows_median", sortedRows[Math.floor(sortedRows.length / 2)] ?? 0, "rows");
    report("tail_browser_long_tasks", longTasks.length, "tasks");
    report("tail_browser_long_task_max_ms", longTasks.length ? Math.max(...longTasks) : 0, "ms");
    report("tail_browser_long_tasks_over_50ms", longTasks.filter((d) => d > 50).length, "tasks");
    report("tail_browser_js_heap_max_mb", mb(Math.max(0, ...heaps)), "MiB");
    report("tail_browser_js_heap_first_half_max_mb", mb(Math.max(0, ...heaps.slice(0, Math.floor(heaps.length / 2)))), "MiB");
    report("tail_browser_js_heap_second_half_max_mb", mb(Math.max(0, ...heaps.slice(Math.floor(heaps.length / 2)))), "MiB");
    report("tail_browser_js_heap_end_mb", mb(heapEnd), "MiB");
    report("tail_browser_server_rss_peak_mb", mb(rssPeak), "MiB");
    if (synthetic) report("tail_browser_source_getrecords_calls", synthetic.served.calls, "calls");
    if (last.received + last.dropped !== put) {
      console.error(`[bench] FAILED: ${put} records arrived; the page received ${last.received} and was told of ${last.dropped} dropped`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close().catch(() => undefined);
    client.destroy();
    await app.child.stop(3000);
    await kinesis?.stop(1000);
    await synthetic?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
