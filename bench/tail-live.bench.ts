// Benchmarks of the live tail through the built app (`next start`) against kinesis-local, with SSE
// clients on plain fetch: PutRecord → SSE latency at the default budget, at 5 calls/s and through
// enhanced fan-out; catch-up throughput from TRIM_HORIZON of a pre-filled 8-shard stream to 1 and
// to 10 clients, beside a plain SDK GetRecords loop, with the server's RSS; and GetRecords calls/s
// per shard with 1, 10 and 50 viewers, counted by a proxy in front of kinesis-local.
// Prints `name value unit` lines on stdout (progress on stderr); bench/README.md records the figures.
//   tsx bench/tail-live.bench.ts [latency] [calls] [catchup] [catchup-synthetic]     (the first three when none is named;
//   catchup-synthetic: the same catch-up from bench/lib/synthetic-kinesis.ts instead of kinesis-local)
//   BENCH_ROUNDS (3) alternating catch-up rounds, BENCH_CATCHUP_RECORDS (100,000)
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import fs from "node:fs";
import { waitUntilActive } from "../scripts/lib/demo-streams";
import { startFaultProxy, type FaultProxy } from "../scripts/lib/fault-proxy";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "../scripts/lib/kinesis-local";
import { localAwsEnv, startNextServer, type NextServer } from "../scripts/lib/next-server";
import { BenchFailure, runBench } from "./lib/run-bench";
import { startSyntheticKinesis } from "./lib/synthetic-kinesis";
import { checkTailBuild as checkBuild, treeRss } from "./lib/server-process";

const PARTS = ["latency", "calls", "catchup", "catchup-synthetic"] as const;
type Part = (typeof PARTS)[number];

const LATENCY_RECORDS = Number(process.env.BENCH_LATENCY_RECORDS ?? 200);
const CATCHUP_RECORDS = Number(process.env.BENCH_CATCHUP_RECORDS ?? 100_000);
const CATCHUP_SHARDS = 8;
/** Alternating rounds of the catch-up part (medians are reported). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CATCHUP_CLIENTS = 10;
const RECORD_BYTES = 200;
const CALLS_WINDOW_S = Number(process.env.BENCH_CALLS_WINDOW_S ?? 20);
const CALLS_SHARDS = 2;
/** The app's defaults; the figures are read against them. */
const IDLE_STOP_MS = 5_000;
const QUEUE_RECORDS = 5_000;

const progress = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const reportFigure = (name: string, value: number, unit: string) =>
  console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 2 : 1)} ${unit}`);
const report = reportFigure;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new BenchFailure(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

const cleanups: (() => Promise<void>)[] = [];

async function cleanup(): Promise<void> {
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
}

async function startApp(kinesisEndpoint: string, extraEnv: Record<string, string> = {}): Promise<NextServer> {
  const server = await startNextServer({
    host: "127.0.0.1",
    port: await freePort(),
    env: {
      ...localAwsEnv(kinesisEndpoint),
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...extraEnv,
    },
    onLine: (line) => process.env.BENCH_VERBOSE && console.error(`[next] ${line}`),
  });
  cleanups.push(() => server.child.stop(3_000));
  return server;
}

/** CPU time (user + system) of a process and its descendants so far, in seconds (Linux /proc); 0 elsewhere. */
function treeCpuSeconds(rootPid: number): number {
  if (!fs.existsSync("/proc/self/stat")) return 0;
  const stats = new Map<number, string[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      stats.set(Number(entry), stat.slice(stat.lastIndexOf(")") + 2).split(" "));
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  for (const pending = [rootPid]; pending.length > 0;) {
    const pid = pending.pop()!;
    const f = stats.get(pid);
    // Fields after the command: state, ppid, …; utime and stime are the 12th and 13th.
    if (f) ticks += Number(f[11]) + Number(f[12]);
    for (const [child, cf] of stats) if (Number(cf[1]) === pid) pending.push(child);
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

function rssSampler(pid: number): { stop(): number } {
  let peak = treeRss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 200);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRss(pid));
    },
  };
}

interface SseEvent {
  event: string;
  /** The raw JSON of the data line: parsing it is up to the caller (catch-up only counts). */
  data: string;
}

interface SseClient {
  done: Promise<void>;
  close(): void;
}

/** Streams an SSE response and calls `onEvent` per event; comments and the `retry` line are skipped. */
function openSse(url: string, onEvent: (e: SseEvent) => void): SseClient {
  const abort = new AbortController();
  const done = (async () => {
    const res = await fetch(url, { signal: abort.signal, headers: { accept: "text/event-stream" } });
    if (!res.ok || !res.body) throw new BenchFailure(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += decoder.decode(value, { stream: true });
      let start = 0;
      for (let end = buffer.indexOf("\n\n", start); end >= 0; end = buffer.indexOf("\n\n", start)) {
        let event = "message";
        let data: string | undefined;
        for (const line of buffer.slice(start, end).split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data = line.slice(6);
        }
        if (data !== undefined) onEvent({ event, data });
        start = end + 2;
      }
      buffer = buffer.slice(start);
    }
  })().catch((e: unknown) => {
    if ((e as Error).name !== "AbortError") throw e;
  });
  return { done, close: () => abort.abort() };
}

const EVENT_END = Buffer.from("\n\n");
const RECORDS_EVENT = Buffer.from("event: records\n");
const SEQUENCE_KEY = Buffer.from('"sequenceNumber"');
const DATA_LINE = Buffer.from("\ndata: ");

/**
 * An SSE client for the catch-up runs, as light as it can be, so that the ten clients' own CPU (on
 * the machine the server and kinesis-local share) takes as little as possible from what is
 * measured: a `records` event is never decoded, its records are counted by their
 * `"sequenceNumber"` keys in the bytes; other events are parsed as `openSse` does.
 */
function openCountingSse(url: string, onRecords: (count: number) => void, onEvent: (e: SseEvent) => void): SseClient {
  const abort = new AbortController();
  const done = (async () => {
    const res = await fetch(url, { signal: abort.signal, headers: { accept: "text/event-stream" } });
    if (!res.ok || !res.body) throw new BenchFailure(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const reader = res.body.getReader();
    let pending = Buffer.alloc(0);
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      // Look for an event's end only in the new bytes (and the last one of before).
      const searchFrom = Math.max(0, pending.length - 1);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let start = 0;
      for (let end = pending.indexOf(EVENT_END, searchFrom); end >= 0; end = pending.indexOf(EVENT_END, start)) {
        const block = pending.subarray(start, end);
        start = end + 2;
        // Its `event:` line comes after the `id:` line (a checkpoint, which can be long), before `data:`.
        const at = block.indexOf(RECORDS_EVENT);
        if (at >= 0 && at < block.indexOf(DATA_LINE)) {
          let n = 0;
          for (let i = block.indexOf(SEQUENCE_KEY, at); i >= 0; i = block.indexOf(SEQUENCE_KEY, i + SEQUENCE_KEY.length)) n++;
          onRecords(n);
          continue;
        }
        let event = "message";
        let data: string | undefined;
        for (const line of block.toString("utf8").split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data = line.slice(6);
        }
        if (data !== undefined) onEvent({ event, data });
      }
      pending = start === 0 ? pending : Buffer.from(pending.subarray(start));
    }
  })().catch((e: unknown) => {
    if ((e as Error).name !== "AbortError") throw e;
  });
  return { done, close: () => abort.abort() };
}

interface StatsShard {
  shardId: string;
  state: string;
  callsPerSecond: number;
  viewers: number;
}

function statsShards(e: SseEvent): StatsShard[] | undefined {
  return e.event === "stats" ? (JSON.parse(e.data) as { shards: StatsShard[] }).shards : undefined;
}

async function createStream(client: KinesisClient, name: string, shards: number): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  await waitUntilActive(client, name, 60_000);
}

/** A JSON payload of exactly RECORD_BYTES bytes. */
function payload(fields: Record<string, number | string>): Uint8Array {
  const bare = JSON.stringify({ ...fields, pad: "" }).length;
  return new TextEncoder().encode(JSON.stringify({ ...fields, pad: "x".repeat(Math.max(0, RECORD_BYTES - bare)) }));
}

// ─── Latency: PutRecord → SSE client ──────────────────────────────────────────────────────────────

/**
 * One viewer from LATEST; records put one at a time at random intervals (so that their arrival
 * falls anywhere in the reader's poll cycle), each timed from just before its PutRecord call to
 * the moment its SSE event has been parsed.
 */
async function latency(label: string, app: NextServer, client: KinesisClient, stream: string, query = ""): Promise<void> {
  const sent = new Map<number, number>();
  const samples: number[] = [];
  const putTimes: number[] = [];
  const rss = rssSampler(app.child.process.pid!);
  let live = false;
  const sse = openSse(`${app.url}/api/streams/${stream}/tail?from=LATEST${query}`, (e) => {
    const shards = statsShards(e);
    if (shards) live = shards.length > 0 && shards.every((s) => s.state === "live");
    if (e.event !== "records") return;
    const now = performance.now();
    for (const r of (JSON.parse(e.data) as { records: { decoded: { value?: { id?: number } } }[] }).records) {
      const id = r.decoded.value?.id;
      const t0 = id === undefined ? undefined : sent.get(id);
      if (t0 !== undefined) samples.push(now - t0);
    }
  });
  try {
    await waitFor(`the ${label} tail to be live`, () => live, 60_000);
    progress(`latency (${label}): ${LATENCY_RECORDS} records, one every 150–350 ms`);
    for (let id = 0; id < LATENCY_RECORDS; id++) {
      const t0 = performance.now();
      sent.set(id, t0);
      await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `k-${id}`, Data: payload({ id }) }));
      putTimes.push(performance.now() - t0);
      await sleep(150 + Math.random() * 200);
    }
    await waitFor(`every ${label} record`, () => samples.length >= LATENCY_RECORDS, 30_000);
  } finally {
    sse.close();
    await sse.done;
  }
  report(`tail_latency_${label}_server_rss_peak_mb`, rss.stop() / 1024 / 1024, "MiB");
  const sorted = [...samples].sort((a, b) => a - b);
  report(`tail_latency_${label}_p50_ms`, percentile(sorted, 50), "ms");
  report(`tail_latency_${label}_p99_ms`, percentile(sorted, 99), "ms");
  report(`tail_latency_${label}_max_ms`, sorted.at(-1)!, "ms");
  report(`tail_latency_${label}_samples`, sorted.length, "records");
  report(
    `sdk_put_record_${label}_p50_ms`,
    percentile(
      [...putTimes].sort((a, b) => a - b),
      50,
    ),
    "ms",
  );
}

async function latencyPart(kinesis: KinesisLocal, client: KinesisClient): Promise<void> {
  const streams = { default: "bench-tail-latency-1cps", fast: "bench-tail-latency-5cps", efo: "bench-tail-latency-efo" };
  await Promise.all(Object.values(streams).map((s) => createStream(client, s, 2)));
  progress("starting next (default budget: 1 GetRecords call/s/shard while caught up)…");
  const app = await startApp(kinesis.endpoint);
  await latency("default", app, client, streams.default);
  // Enhanced fan-out through a consumer Shardscope registers; kinesis-local emulates SubscribeToShard.
  await latency("efo", app, client, streams.efo, "&efo=1");
  await app.child.stop(3_000);
  progress("starting next with SHARDSCOPE_TAIL_CALLS_PER_SECOND=5…");
  const fast = await startApp(kinesis.endpoint, { SHARDSCOPE_TAIL_CALLS_PER_SECOND: "5" });
  await latency("5cps", fast, client, streams.fast);
  await fast.child.stop(3_000);
}

// ─── GetRecords calls/s per shard with 1, 10 and 50 viewers ───────────────────────────────────────

async function callsPart(kinesis: KinesisLocal, client: KinesisClient): Promise<void> {
  const proxy: FaultProxy = await startFaultProxy({ target: kinesis.endpoint });
  cleanups.push(() => proxy.stop());
  progress("starting next behind a counting proxy (default budget)…");
  const app = await startApp(proxy.endpoint);
  const perShard: Record<number, number> = {};
  for (const viewers of [1, 10, 50]) {
    const stream = `bench-tail-calls-${viewers}`;
    await createStream(client, stream, CALLS_SHARDS);
    const live = new Array<boolean>(viewers).fill(false);
    const received = new Array<number>(viewers).fill(0);
    let serverCalls: number[] = [];
    let maxViewers = 0;
    const clients = Array.from({ length: viewers }, (_, i) =>
      openSse(`${app.url}/api/streams/${stream}/tail?from=LATEST`, (e) => {
        const shards = statsShards(e);
        if (shards) {
          live[i] = shards.length === CALLS_SHARDS && shards.every((s) => s.state === "live");
          if (i === 0) serverCalls = shards.map((s) => s.callsPerSecond);
          maxViewers = Math.max(maxViewers, ...shards.map((s) => s.viewers));
        }
        if (e.event === "records") received[i] = received[i]! + (JSON.parse(e.data) as { records: unknown[] }).records.length;
      }),
    );
    try {
      await waitFor(`${viewers} viewers live`, () => live.every(Boolean), 60_000);
      await sleep(2_000);
      progress(`calls: ${viewers} viewer(s) for ${CALLS_WINDOW_S} s, 2 records/s arriving`);
      const before = proxy.counts().GetRecords ?? 0;
      const started = Date.now();
      let put = 0;
      while (Date.now() - started < CALLS_WINDOW_S * 1000) {
        await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `k-${put}`, Data: payload({ put }) }));
        put++;
        await sleep(500);
      }
      const calls = (proxy.counts().GetRecords ?? 0) - before;
      const seconds = (Date.now() - started) / 1000;
      await waitFor("every viewer to receive every record", () => received.every((n) => n >= put), 15_000);
      perShard[viewers] = calls / seconds / CALLS_SHARDS;
      report(`tail_calls_${viewers}_viewers_per_shard_per_s`, perShard[viewers], "calls/s");
      report(`tail_calls_${viewers}_viewers_server_reported_per_shard_per_s`, Math.max(...serverCalls), "calls/s");
      report(`tail_calls_${viewers}_viewers_per_reader_max`, maxViewers, "viewers");
      if (!received.every((n) => n === put)) throw new BenchFailure(`viewers received ${Math.min(...received)}–${Math.max(...received)} of ${put} records`);
    } finally {
      for (const c of clients) c.close();
      await Promise.all(clients.map((c) => c.done));
    }
    // Readers stop IDLE_STOP_MS after their last viewer left; after that no call may be made.
    await sleep(IDLE_STOP_MS + 2_000);
    const quietFrom = proxy.counts().GetRecords ?? 0;
    await sleep(5_000);
    report(`tail_calls_${viewers}_viewers_after_close_per_s`, ((proxy.counts().GetRecords ?? 0) - quietFrom) / 5, "calls/s");
  }
  report("tail_calls_ratio_50_to_1", perShard[50]! / perShard[1]!, "x");
  await app.child.stop(3_000);
}

// ─── Catch-up from TRIM_HORIZON ───────────────────────────────────────────────────────────────────

/** Puts `total` records of RECORD_BYTES bytes, 500 per PutRecords call, two calls in flight. */
async function prefill(client: KinesisClient, stream: string, total: number): Promise<void> {
  const BATCH = 500;
  const started = performance.now();
  let next = 0;
  let done = 0;
  let lastTenth = { at: started, done: 0 };
  const marks: number[] = [];
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < total) {
        const first = next;
        const n = Math.min(BATCH, total - first);
        next += n;
        const entries = Array.from({ length: n }, (_, i) => ({ PartitionKey: `k-${first + i}`, Data: payload({ i: first + i }) }));
        for (let attempt = 0; ; attempt++) {
          const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
          if (!out.FailedRecordCount) break;
          if (attempt > 5) throw new BenchFailure(`PutRecords kept failing (${out.FailedRecordCount} of ${n})`);
          // Retry the whole batch only when all failed; partial failures would reorder, and none are expected.
          if (out.FailedRecordCount !== n) throw new BenchFailure(`PutRecords failed ${out.FailedRecordCount} of ${n}`);
        }
        done += n;
        const tenth = Math.floor((done * 10) / total);
        if (tenth > marks.length) {
          const now = performance.now();
          marks.push((done - lastTenth.done) / ((now - lastTenth.at) / 1000));
          progress(`prefill: ${done} records, ${(marks.at(-1) ?? 0).toFixed(0)} records/s over the last tenth`);
          lastTenth = { at: now, done };
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  report("catchup_prefill_records", total, "records");
  report("catchup_prefill_s", seconds, "s");
  report("catchup_prefill_first_tenth_records_per_s", marks[0] ?? 0, "records/s");
  report("catchup_prefill_last_tenth_records_per_s", marks.at(-1) ?? 0, "records/s");
}

/** Plain SDK: one loop per shard, GetRecords back to back from TRIM_HORIZON until the tip. */
async function sdkCatchUp(client: KinesisClient, stream: string, limit: number): Promise<{ records: number; seconds: number }> {
  const started = performance.now();
  let records = 0;
  await Promise.all(
    Array.from({ length: CATCHUP_SHARDS }, async (_, s) => {
      const shardId = `shardId-${String(s).padStart(12, "0")}`;
      let { ShardIterator: iterator } = await client.send(
        new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }),
      );
      while (iterator) {
        const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
        records += out.Records?.length ?? 0;
        if ((out.Records?.length ?? 0) === 0 && (out.MillisBehindLatest ?? 0) === 0) break;
        iterator = out.NextShardIterator;
      }
    }),
  );
  return { records, seconds: (performance.now() - started) / 1000 };
}

interface CatchUpRun {
  /** Until every client had every record, or had been told it was dropped. */
  seconds: number;
  dropped: number;
  /** Records the client that got the fewest received. */
  minReceived: number;
  rss: number;
  viewersPerReader: number;
}

/** `clients` SSE viewers from TRIM_HORIZON at once; time until every one has every record (or its loss count). */
async function sseCatchUp(app: NextServer, stream: string, clients: number): Promise<CatchUpRun> {
  const counts = new Array<number>(clients).fill(0);
  const lost = new Array<number>(clients).fill(0);
  let viewersPerReader = 0;
  const rss = rssSampler(app.child.process.pid!);
  const started = performance.now();
  const finished = new Array<number>(clients).fill(0);
  const check = (i: number) => {
    if (counts[i]! + lost[i]! >= CATCHUP_RECORDS && !finished[i]) finished[i] = performance.now();
  };
  const sse = Array.from({ length: clients }, (_, i) =>
    openCountingSse(
      `${app.url}/api/streams/${stream}/tail?from=TRIM_HORIZON`,
      (n) => {
        counts[i] = counts[i]! + n;
        check(i);
      },
      (e) => {
        if (e.event === "dropped") {
          lost[i] = lost[i]! + (JSON.parse(e.data) as { count: number }).count;
        } else {
          const shards = statsShards(e);
          if (shards) viewersPerReader = Math.max(viewersPerReader, ...shards.map((s) => s.viewers));
        }
        check(i);
      },
    ),
  );
  try {
    await waitFor(`${clients} client(s) to receive ${CATCHUP_RECORDS} records`, () => finished.every(Boolean), 30 * 60_000);
  } finally {
    for (const c of sse) c.close();
    await Promise.all(sse.map((c) => c.done));
  }
  progress(`catch-up: clients finished after ${finished.map((f) => ((f - started) / 1000).toFixed(2)).join(", ")} s`);
  return {
    seconds: (Math.max(...finished) - started) / 1000,
    dropped: lost.reduce((a, b) => a + b, 0),
    minReceived: Math.min(...counts),
    rss: rss.stop(),
    viewersPerReader,
  };
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** Where the catch-up reads: its endpoint, the process whose CPU is the source's, and the prefix of its figures. */
interface CatchUpSource {
  endpoint: string;
  /** kinesis-local's process; none when the source runs in this process. */
  pid?: number;
  prefix: string;
}

async function catchupPart(kinesis: KinesisLocal, client: KinesisClient): Promise<void> {
  const stream = "bench-tail-catchup";
  await createStream(client, stream, CATCHUP_SHARDS);
  progress(`catch-up: pre-filling ${CATCHUP_RECORDS} records of ${RECORD_BYTES} B into ${CATCHUP_SHARDS} shards (kinesis-local slows down as shards fill)…`);
  await prefill(client, stream, CATCHUP_RECORDS);
  await measureCatchUp({ endpoint: kinesis.endpoint, pid: kinesis.pid, prefix: "catchup" }, stream);
}

/**
 * The same catch-up from a source that costs next to nothing (bench/lib/synthetic-kinesis.ts, in
 * this process): kinesis-local takes a whole core to answer the reads, so on two cores the ten
 * clients' run measures the machine as much as the server; this one measures the server.
 */
async function catchupSyntheticPart(): Promise<void> {
  const stream = "bench-tail-catchup";
  const synthetic = await startSyntheticKinesis({
    name: stream,
    shards: CATCHUP_SHARDS,
    recordsPerShard: CATCHUP_RECORDS / CATCHUP_SHARDS,
    recordBytes: RECORD_BYTES,
    startMs: Date.now() - 3_600_000,
    spacingMs: 1,
  });
  cleanups.push(() => synthetic.stop());
  await measureCatchUp({ endpoint: synthetic.endpoint, prefix: "catchup_synthetic" }, stream);
}

async function measureCatchUp(source: CatchUpSource, stream: string): Promise<void> {
  const report = (name: string, value: number, unit: string) => reportFigure(name.replace(/^catchup/, source.prefix), value, unit);
  const sourceCpu = () => (source.pid === undefined ? 0 : treeCpuSeconds(source.pid));

  const sdkRun = async (limit: number) => {
    const reader = createScriptKinesisClient({ endpoint: source.endpoint, maxSockets: CATCHUP_SHARDS });
    const cpu = sourceCpu();
    const run = await sdkCatchUp(reader, stream, limit);
    reader.destroy();
    if (run.records !== CATCHUP_RECORDS) throw new BenchFailure(`the SDK loop read ${run.records} records, expected ${CATCHUP_RECORDS}`);
    return { rate: run.records / run.seconds, kinesisCpu: sourceCpu() - cpu };
  };
  // kinesis-local's first full read after the prefill is slower than later ones: not measured.
  progress("catch-up: one unmeasured SDK pass");
  report("catchup_sdk_warmup_records_per_s", (await sdkRun(10_000)).rate, "records/s");

  progress("starting next (default settings)…");
  const app = await startApp(source.endpoint);
  // One unmeasured request loads the route, so that the first client does not pay for it.
  const warm = openSse(`${app.url}/api/streams/${stream}/tail?from=LATEST`, () => {});
  await sleep(2_000);
  warm.close();
  await warm.done;
  await sleep(IDLE_STOP_MS + 1_000);
  report("catchup_server_rss_idle_mb", treeRss(app.child.process.pid!) / 1024 / 1024, "MiB");

  const sseRun = async (clients: number) => {
    progress(`catch-up: ${clients} SSE client(s) from TRIM_HORIZON…`);
    const cpu = { server: treeCpuSeconds(app.child.process.pid!), kinesis: sourceCpu(), bench: process.cpuUsage() };
    const run = await sseCatchUp(app, stream, clients);
    const bench = process.cpuUsage(cpu.bench);
    // Readers of the previous run must have stopped before the next one starts.
    await sleep(IDLE_STOP_MS + 1_000);
    return {
      // Delivered records only: what was dropped was not caught up with.
      rate: run.minReceived / run.seconds,
      ...run,
      serverCpu: treeCpuSeconds(app.child.process.pid!) - cpu.server,
      kinesisCpu: sourceCpu() - cpu.kinesis,
      clientsCpu: (bench.user + bench.system) / 1e6,
    };
  };

  // Alternating runs, so that drifts in kinesis-local's speed hit both sides alike.
  const sdk: number[] = [];
  const sdkSmall: number[] = [];
  const one: Awaited<ReturnType<typeof sseRun>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = await sdkRun(10_000);
    sdk.push(a.rate);
    report(`catchup_sdk_limit_10000_round${round + 1}_records_per_s`, a.rate, "records/s");
    report(`catchup_sdk_limit_10000_round${round + 1}_kinesis_local_cpu_s`, a.kinesisCpu, "s");
    const b = await sdkRun(QUEUE_RECORDS / 2);
    sdkSmall.push(b.rate);
    report(`catchup_sdk_limit_${QUEUE_RECORDS / 2}_round${round + 1}_records_per_s`, b.rate, "records/s");
    const r = await sseRun(1);
    one.push(r);
    report(`catchup_sse_1_client_round${round + 1}_records_per_s`, r.rate, "records/s");
    report(`catchup_sse_1_client_round${round + 1}_dropped`, r.dropped, "records");
    report(`catchup_sse_1_client_round${round + 1}_server_cpu_s`, r.serverCpu, "s");
    report(`catchup_sse_1_client_round${round + 1}_kinesis_local_cpu_s`, r.kinesisCpu, "s");
    report(`catchup_sse_1_client_round${round + 1}_server_rss_peak_mb`, r.rss / 1024 / 1024, "MiB");
  }
  const ten: Awaited<ReturnType<typeof sseRun>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = await sseRun(CATCHUP_CLIENTS);
    ten.push(r);
    const tag = `catchup_sse_${CATCHUP_CLIENTS}_clients_round${round + 1}`;
    report(`${tag}_s`, r.seconds, "s");
    report(`${tag}_records_per_s_per_client`, r.rate, "records/s");
    report(`${tag}_dropped`, r.dropped, "records");
    report(`${tag}_viewers_per_reader_max`, r.viewersPerReader, "viewers");
    report(`${tag}_server_cpu_s`, r.serverCpu, "s");
    report(`${tag}_kinesis_local_cpu_s`, r.kinesisCpu, "s");
    report(`${tag}_bench_clients_cpu_s`, r.clientsCpu, "s");
    report(`${tag}_server_rss_peak_mb`, r.rss / 1024 / 1024, "MiB");
  }
  await app.child.stop(3_000);

  const base = median(sdk);
  report("catchup_sdk_limit_10000_median_records_per_s", base, "records/s");
  report(`catchup_sdk_limit_${QUEUE_RECORDS / 2}_median_records_per_s`, median(sdkSmall), "records/s");
  report("catchup_sse_1_client_median_records_per_s", median(one.map((r) => r.rate)), "records/s");
  report("catchup_sse_1_client_ratio_to_sdk", median(one.map((r) => r.rate)) / base, "x");
  report("catchup_sse_1_client_server_rss_peak_mb", Math.max(...one.map((r) => r.rss)) / 1024 / 1024, "MiB");
  report(`catchup_sse_${CATCHUP_CLIENTS}_clients_median_records_per_s_per_client`, median(ten.map((r) => r.rate)), "records/s");
  report(`catchup_sse_${CATCHUP_CLIENTS}_clients_ratio_to_sdk`, median(ten.map((r) => r.rate)) / base, "x");
  report(`catchup_sse_${CATCHUP_CLIENTS}_clients_dropped_max`, Math.max(...ten.map((r) => r.dropped)), "records");
  report(`catchup_sse_${CATCHUP_CLIENTS}_clients_server_rss_peak_mb`, Math.max(...ten.map((r) => r.rss)) / 1024 / 1024, "MiB");
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  for (const a of asked) if (!PARTS.includes(a as Part)) throw new BenchFailure(`unknown part ${a}; choose from ${PARTS.join(", ")}`);
  const parts = asked.length > 0 ? (asked as Part[]) : PARTS.filter((p) => p !== "catchup-synthetic");
  checkBuild();

  progress("starting kinesis-local…");
  const kinesis = await startKinesisLocal({ shardLimit: 200 });
  cleanups.push(() => kinesis.stop());
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint, maxSockets: 16 });
  cleanups.push(async () => client.destroy());

  if (parts.includes("latency")) await latencyPart(kinesis, client);
  if (parts.includes("calls")) await callsPart(kinesis, client);
  if (parts.includes("catchup")) await catchupPart(kinesis, client);
  if (parts.includes("catchup-synthetic")) await catchupSyntheticPart();
}

runBench(main, cleanup);
