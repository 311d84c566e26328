// Benchmarks of the search: the filters' cost per core on ~1 KB JSON records (in this process, one
// thread), and, through the built app against kinesis-local on a pre-filled 4-shard stream, the scan
// rate of a search without matches beside a plain SDK GetRecords loop over the same shards at the
// same calls per second, a keyed search beside a full scan, and the server's memory during them.
// Prints `name value unit` lines on stdout (progress on stderr); bench/README.md records the figures.
//   tsx bench/search.bench.ts [filter] [scan]     (both when none is named)
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { decodePayload } from "../lib/records/decode-payload";
import type { RecordView } from "../lib/records/types";
import type { SearchDoneEvent } from "../lib/search/types";
import { compileTailFilter, type TailFilterSpec } from "../lib/tail/tail-filter";
import { waitUntilActive } from "../scripts/lib/demo-streams";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "../scripts/lib/kinesis-local";
import { hasBuild, localAwsEnv, startNextServer, type NextServer } from "../scripts/lib/next-server";
import { readSseEvents } from "../scripts/testing/sse-events";
import { BenchFailure, progress, runBench } from "./lib/run-bench";
import { treeRss } from "./lib/server-process";
import { startSyntheticKinesis } from "./lib/synthetic-kinesis";

const PARTS = ["filter", "scan", "memory"] as const;
const RECORDS = Number(process.env.BENCH_SEARCH_RECORDS ?? 200_000);
const SHARDS = 4;
const KEYS = 1_000;
/** The search's share of each shard's budget in this benchmark; the SDK loop keeps to the same pace. */
const CALLS_PER_SECOND = 5;
const RECORD_BYTES = 1_000;
const FILTER_RECORDS = Number(process.env.BENCH_FILTER_RECORDS ?? 200_000);

const cleanups: (() => Promise<unknown>)[] = [];
const report = (name: string, value: number, unit: string) =>
  console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(unit === "x" ? 2 : 1)} ${unit}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An order of about RECORD_BYTES bytes of JSON. */
function order(n: number): Uint8Array {
  const doc = {
    orderId: `o-${n}`,
    customer: `customer-${String(n % KEYS).padStart(4, "0")}`,
    total: (n * 37) % 2000,
    currency: n % 3 === 0 ? "EUR" : "USD",
    status: ["placed", "paid", "shipped"][n % 3],
    items: [{ sku: `sku-${n % 97}`, qty: 1 + (n % 4), price: 12.5 }],
    note: "",
  };
  const bare = JSON.stringify(doc).length;
  doc.note = "lorem ipsum ".repeat(Math.ceil((RECORD_BYTES - bare) / 12)).slice(0, Math.max(0, RECORD_BYTES - bare));
  return new TextEncoder().encode(JSON.stringify(doc));
}

// ─── Filter cost per core ────────────────────────────────────────────────────────────────────────

function filterPart(): void {
  progress(`filter: ${FILTER_RECORDS} records of ~${RECORD_BYTES} B, decoded once, then each filter over all of them`);
  const raw = Array.from({ length: FILTER_RECORDS }, (_, n) => order(n));
  const view = (bytes: Uint8Array, n: number): RecordView => ({
    shardId: "shardId-000000000000",
    sequenceNumber: String(n),
    partitionKey: `customer-${String(n % KEYS).padStart(4, "0")}`,
    arrivalTime: "2026-12-01T00:00:00.000Z",
    size: bytes.byteLength,
    data: "",
    decoded: decodePayload(bytes, { decoder: "auto" }),
  });
  const decodeStart = performance.now();
  const records = raw.map(view);
  report("filter_decode_json_records_per_s", FILTER_RECORDS / ((performance.now() - decodeStart) / 1000), "records/s");
  const cases: [string, TailFilterSpec][] = [
    ["key_exact", { key: "customer-0042" }],
    ["text", { text: 'sku-42"' }],
    ["regex", { text: 'sku-4[0-9]"', regex: true }],
    ["expr", { expr: 'total > 1500 and currency == "EUR"' }],
  ];
  for (const [name, spec] of cases) {
    const filter = compileTailFilter(spec);
    if (!filter.ok) throw new BenchFailure(filter.error);
    let matched = 0;
    // One unmeasured pass (JIT), then three measured ones: the best is reported.
    for (const r of records.slice(0, 20_000)) filter.test(r);
    let best = 0;
    for (let round = 0; round < 3; round++) {
      matched = 0;
      const started = performance.now();
      for (const r of records) if (filter.test(r)) matched++;
      best = Math.max(best, FILTER_RECORDS / ((performance.now() - started) / 1000));
    }
    report(`filter_${name}_records_per_s`, best, "records/s");
    report(`filter_${name}_matched`, matched, "records");
    if (matched === 0 || matched === FILTER_RECORDS) throw new BenchFailure(`the ${name} filter matched ${matched} of ${FILTER_RECORDS}: not a filter`);
  }
}

// ─── Scan rate, keyed search, memory ─────────────────────────────────────────────────────────────

async function prefill(client: KinesisClient, stream: string): Promise<void> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < RECORDS) {
        const first = next;
        const n = Math.min(500, RECORDS - first);
        next += n;
        const entries = Array.from({ length: n }, (_, i) => ({
          PartitionKey: `customer-${String((first + i) % KEYS).padStart(4, "0")}`,
          Data: order(first + i),
        }));
        for (let attempt = 0; ; attempt++) {
          const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
          if (!out.FailedRecordCount) {
            if (Math.floor((first + n) / (RECORDS / 10)) > Math.floor(first / (RECORDS / 10))) progress(`prefill: ${first + n} records`);
            break;
          }
          if (attempt > 5) throw new BenchFailure(`prefill: ${out.FailedRecordCount} records failed`);
          await sleep(200);
        }
      }
    }),
  );
  report("scan_prefill_s", (performance.now() - started) / 1000, "s");
}

/** A plain SDK loop: every shard from TRIM_HORIZON to its tip, Limit 10,000, at most CALLS_PER_SECOND calls/s per shard. */
async function sdkScan(client: KinesisClient, stream: string): Promise<{ records: number; seconds: number }> {
  const started = performance.now();
  let records = 0;
  await Promise.all(
    Array.from({ length: SHARDS }, async (_, s) => {
      let { ShardIterator: iterator } = await client.send(
        new GetShardIteratorCommand({ StreamName: stream, ShardId: `shardId-${String(s).padStart(12, "0")}`, ShardIteratorType: "TRIM_HORIZON" }),
      );
      let last = 0;
      while (iterator) {
        const wait = last + 1000 / CALLS_PER_SECOND - performance.now();
        if (wait > 0) await sleep(wait);
        last = performance.now();
        const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        records += out.Records?.length ?? 0;
        if ((out.Records?.length ?? 0) === 0 && (out.MillisBehindLatest ?? 0) === 0) break;
        iterator = out.NextShardIterator;
      }
    }),
  );
  return { records, seconds: (performance.now() - started) / 1000 };
}

/** One search through the app, read to its `done`, with the server's RSS sampled meanwhile. */
async function search(app: NextServer, stream: string, query: string): Promise<{ done: SearchDoneEvent; seconds: number; rssPeak: number; matches: number }> {
  const started = performance.now();
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRss(app.child.process.pid!))), 200);
  const res = await fetch(`${app.url}/api/streams/${stream}/search?${query}`);
  if (!res.ok || !res.body) throw new BenchFailure(`search ${query}: HTTP ${res.status} ${await res.text()}`);
  let done: SearchDoneEvent | undefined;
  let matches = 0;
  await readSseEvents<unknown>(res.body, (e) => {
    if (e.event === "done") done = e.data as SearchDoneEvent;
    else if (e.event === "records") matches += (e.data as { records: unknown[] }).records.length;
  });
  clearInterval(sampler);
  if (!done) throw new BenchFailure(`search ${query}: the stream ended without a done event`);
  return { done, seconds: (performance.now() - started) / 1000, rssPeak, matches };
}

async function scanPart(): Promise<void> {
  if (!hasBuild()) throw new BenchFailure("no production build: .next/BUILD_ID is missing. Run `npm run build` first.");
  const kinesis: KinesisLocal = await startKinesisLocal({ shardLimit: 100 });
  cleanups.push(() => kinesis.stop());
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint, maxSockets: SHARDS * 2 });
  cleanups.push(async () => client.destroy());
  const stream = "bench-search";
  await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: SHARDS, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  await waitUntilActive(client, stream, 60_000);
  progress(`scan: pre-filling ${RECORDS} records of ~${RECORD_BYTES} B into ${SHARDS} shards…`);
  await prefill(client, stream);

  progress("scan: one unmeasured SDK pass (kinesis-local's first full read is slower)");
  await sdkScan(client, stream);
  const app = await startNextServer({
    host: "127.0.0.1",
    port: await freePort(),
    env: {
      ...localAwsEnv(kinesis.endpoint),
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      SHARDSCOPE_SEARCH_CALLS_PER_SECOND: String(CALLS_PER_SECOND),
      SHARDSCOPE_SEARCH_CONCURRENCY: String(SHARDS),
    },
    onLine: (line) => process.env.BENCH_VERBOSE && console.error(`[next] ${line}`),
  });
  cleanups.push(() => app.child.stop(3_000));
  await search(app, stream, "max=1"); // loads the route
  report("scan_server_rss_idle_mb", treeRss(app.child.process.pid!) / 1024 / 1024, "MiB");

  // Alternating rounds, so that drifts in kinesis-local's speed hit both sides alike.
  for (let round = 1; round <= 3; round++) {
    progress(`scan round ${round}: SDK loop, then a search without matches (text filter on every decoded record)`);
    const sdk = await sdkScan(client, stream);
    if (sdk.records !== RECORDS) throw new BenchFailure(`the SDK loop read ${sdk.records} records, expected ${RECORDS}`);
    const none = await search(app, stream, "q=no-such-text-anywhere&max=100000");
    if (none.done.scanned !== RECORDS || none.done.matched !== 0)
      throw new BenchFailure(`the search read ${none.done.scanned} and matched ${none.done.matched}`);
    report(`scan_sdk_round${round}_records_per_s`, sdk.records / sdk.seconds, "records/s");
    report(`scan_search_round${round}_records_per_s`, none.done.scanned / none.seconds, "records/s");
    report(`scan_search_round${round}_ratio_to_sdk`, none.done.scanned / none.seconds / (sdk.records / sdk.seconds), "x");
    report(`scan_search_round${round}_server_rss_peak_mb`, none.rssPeak / 1024 / 1024, "MiB");
  }

  progress("keyed: one customer's orders (exact key) vs the same filter as an expression (reads every shard)");
  const keyed = await search(app, stream, "key=customer-0042&max=100000");
  const full = await search(app, stream, `expr=${encodeURIComponent('customer == "customer-0042"')}&max=100000`);
  if (keyed.matches !== full.matches || keyed.matches !== RECORDS / KEYS)
    throw new BenchFailure(`keyed found ${keyed.matches}, full scan ${full.matches}, expected ${RECORDS / KEYS}`);
  report("keyed_matches", keyed.matches, "records");
  report("keyed_records_read", keyed.done.scanned, "records");
  report("keyed_shards_read", keyed.done.shards.length, "shards");
  report("keyed_seconds", keyed.seconds, "s");
  report("full_scan_records_read", full.done.scanned, "records");
  report("full_scan_seconds", full.seconds, "s");
  report("keyed_server_rss_peak_mb", keyed.rssPeak / 1024 / 1024, "MiB");

  progress("memory: a search that matches everything, its client reading as fast as it can");
  const all = await search(app, stream, "max=100000");
  report("all_match_matches", all.matches, "records");
  report("all_match_seconds", all.seconds, "s");
  report("all_match_server_rss_peak_mb", all.rssPeak / 1024 / 1024, "MiB");
}

// ─── Memory over 1,000,000 records ───────────────────────────────────────────────────────────────

/**
 * A search without matches over 1,000,000 records of ~1 KB in 16 shards, read 16 at a time at
 * 10,000 records (10 MB) a call, from a synthetic Kinesis endpoint (bench/lib/synthetic-kinesis.ts:
 * kinesis-local cannot be filled with a million records in a benchmark's time). Twice: with the
 * default search buffer (64 MiB), with the buffer out of the way (64 GiB), and with the default
 * buffer on a server whose V8 old space is capped at 256 MiB; the server's RSS sampled every 200 ms.
 * BENCH_MEMORY_RUNS picks some of them by label (comma-separated).
 */
async function memoryPart(): Promise<void> {
  if (!hasBuild()) throw new BenchFailure("no production build: .next/BUILD_ID is missing. Run `npm run build` first.");
  const shards = Number(process.env.BENCH_MEMORY_SHARDS ?? 16);
  const total = Number(process.env.BENCH_MEMORY_RECORDS ?? 1_000_000);
  const perShard = Math.ceil(total / shards);
  const stream = "bench-memory";
  const synthetic = await startSyntheticKinesis({
    name: stream,
    shards,
    recordsPerShard: perShard,
    recordBytes: RECORD_BYTES,
    startMs: Date.now() - 2 * 3_600_000,
    spacingMs: 1,
  });
  cleanups.push(() => synthetic.stop());
  // The third run caps V8's old space at 256 MiB: if the peak of the first is garbage V8 merely
  // had room to leave uncollected, the capped server finishes the same search at about the same
  // speed with a much lower peak; if it is live data, it slows down or dies of heap exhaustion.
  const runs: readonly (readonly [label: string, bufferMb: number, heapMb?: number])[] = [
    ["buffer_64mb", 64],
    ["buffer_unbounded", 65_536],
    ["buffer_64mb_heap_256mb", 64, 256],
    ["buffer_64mb_heap_512mb", 64, 512],
  ];
  const only = process.env.BENCH_MEMORY_RUNS?.split(",");
  for (const [label, bufferMb, heapMb] of runs.filter(([label]) => !only || only.includes(label))) {
    const app = await startNextServer({
      host: "127.0.0.1",
      port: await freePort(),
      env: {
        ...localAwsEnv(synthetic.endpoint),
        NEXT_TELEMETRY_DISABLED: "1",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        SHARDSCOPE_SEARCH_CALLS_PER_SECOND: String(CALLS_PER_SECOND),
        SHARDSCOPE_SEARCH_CONCURRENCY: String(shards),
        SHARDSCOPE_SEARCH_MAX_SECONDS: "3600",
        SHARDSCOPE_SEARCH_BUFFER_MB: String(bufferMb),
        ...(heapMb ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${heapMb}`.trim() } : {}),
      },
      onLine: (line) => process.env.BENCH_VERBOSE && console.error(`[next] ${line}`),
    });
    try {
      await search(app, stream, `shards=${encodeURIComponent("shardId-000000000000")}&max=1`); // loads the route
      const idle = treeRss(app.child.process.pid!);
      const before = synthetic.stats();
      progress(`memory (${label}): a search without matches over ${shards * perShard} records in ${shards} shards…`);
      const none = await search(app, stream, "q=no-such-text-anywhere&max=100000");
      const after = synthetic.stats();
      if (none.done.scanned !== shards * perShard || none.done.matched !== 0)
        throw new BenchFailure(`memory (${label}): the search read ${none.done.scanned} of ${shards * perShard} and matched ${none.done.matched}`);
      report(`memory_${label}_records_scanned`, none.done.scanned, "records");
      report(`memory_${label}_bytes_served_mb`, (after.bytes - before.bytes) / 1024 / 1024, "MiB");
      report(`memory_${label}_getrecords_calls`, after.getRecords - before.getRecords, "calls");
      report(`memory_${label}_seconds`, none.seconds, "s");
      report(`memory_${label}_records_per_s`, none.done.scanned / none.seconds, "records/s");
      report(`memory_${label}_server_rss_idle_mb`, idle / 1024 / 1024, "MiB");
      report(`memory_${label}_server_rss_peak_mb`, none.rssPeak / 1024 / 1024, "MiB");
    } finally {
      await app.child.stop(3_000);
    }
  }
}

const asked = process.argv.slice(2).filter((a): a is (typeof PARTS)[number] => (PARTS as readonly string[]).includes(a));
runBench(
  async () => {
    const parts = asked.length ? asked : [...PARTS];
    if (parts.includes("filter")) filterPart();
    if (parts.includes("scan")) await scanPart();
    if (parts.includes("memory")) await memoryPart();
  },
  async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  },
);
