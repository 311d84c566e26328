// Soak benchmark of the live tail: many SSE clients (200 by default) connect to the built app
// (`next start`) and leave at random points for a few minutes — before the response starts
// (fetch aborted 0–50 ms after it began, raw sockets closed right after the request), mid-stream
// (fetch aborted, sockets reset) — on the demo streams with the demo producer running. Everything
// is measured from outside the server: GetRecords calls per shard, and which readers make them,
// through a counting proxy in front of kinesis-local; the server's RSS from /proc; and, from inside
// (the server runs with --expose-gc and SHARDSCOPE_DIAGNOSTICS=1, see scripts/start.mjs), the V8
// heap in use after a forced full GC.
// Reports what is left once every client has gone: readers still polling (goal 0), GetRecords
// calls per shard per second during the run (goal ≤ the budget) and after (goal 0), and memory:
// the heap in use after a full GC, before and 60 s after the last client left (goal: within 20% of
// the start), with RSS before / peak / after beside it (no goal: see bench/README.md, V8 and
// malloc keep freed pages). BENCH_SOAK_SNAPSHOTS=1 also writes heap snapshots of the server before
// and after to .test-output/ (compare them with `tsx bench/heap-diff.ts BEFORE AFTER`; writing a
// snapshot inflates the RSS figures of that run).
// Prints `name value unit` lines on stdout (progress on stderr); bench/README.md records the figures.
//   tsx bench/tail-soak.bench.ts [--duration SECONDS] [--clients N]
//   (or BENCH_SOAK_SECONDS, default 300; BENCH_SOAK_CLIENTS, default 200; BENCH_SOAK_KINDS limits the
//   ways of leaving, e.g. fetch_abort_mid_stream,fetch_until_end; BENCH_VERBOSE=1 shows next's output)
import net from "node:net";
import { createDemoStreams } from "../scripts/lib/demo-streams";
import { startDemoProducer } from "../scripts/lib/demo-producer";
import { startFaultProxy, type ShardCall } from "../scripts/lib/fault-proxy";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal } from "../scripts/lib/kinesis-local";
import { localAwsEnv, startNextServer, type NextServer } from "../scripts/lib/next-server";
import { BenchFailure, runBench } from "./lib/run-bench";
import { checkTailBuild, treeRss } from "./lib/server-process";

function option(flag: string, envName: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  const raw = i < 0 ? process.env[envName] : args[i]!.includes("=") ? args[i]!.split("=")[1] : args[i + 1];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new BenchFailure(`${flag} (${envName}) must be a positive number, not "${raw}"`);
  return n;
}

const DURATION_S = option("--duration", "BENCH_SOAK_SECONDS", 300);
const CLIENTS = Math.floor(option("--clients", "BENCH_SOAK_CLIENTS", 200));
/** Clients join one after another over this time, so that the machine is not hit all at once. */
const RAMP_MS = Math.min(30_000, (DURATION_S * 1000) / 3);
/** The app's settings the goals are read against (the server inherits them from our environment). */
const BUDGET = Number(process.env.SHARDSCOPE_TAIL_MAX_CALLS_PER_SECOND ?? 5);
const IDLE_STOP_MS = Number(process.env.SHARDSCOPE_TAIL_IDLE_STOP_MS ?? 5_000);
/** After the last client left: readers may run IDLE_STOP_MS more; then this long is watched. */
const SETTLE_MS = IDLE_STOP_MS + 5_000;
const QUIET_WINDOW_MS = 15_000;
/** Memory "after" is read this long after the last client left (V8 gives memory back slowly). */
const RSS_AFTER_MS = 60_000;
const PRODUCER_RATE = 10;
const STREAMS = ["orders", "clickstream", "telemetry", "payments"] as const;
/** Goal for the heap in use after a full GC, after / before. */
const HEAP_GOAL = 1.2;

const progress = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const report = (name: string, value: number, unit: string) =>
  console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 2 : 1)} ${unit}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const mib = (bytes: number) => bytes / 1024 / 1024;

const cleanups: (() => Promise<void>)[] = [];

// ─── The server's memory, from inside ─────────────────────────────────────────────────────────────

/** What the server's SHARDSCOPE_DIAGNOSTICS line says (scripts/start.mjs), after its forced GC. */
interface Diagnostics {
  gc: boolean;
  memory: NodeJS.MemoryUsage;
  heap: { total_heap_size: number; used_heap_size: number; malloced_memory: number; external_memory: number };
  /** Linux: the process's resident memory, anonymous and file-backed. */
  proc?: { VmRSS: number; RssAnon: number; RssFile: number };
  snapshot?: string;
}

const DIAGNOSTICS_PREFIX = "[shardscope-diagnostics] ";
const diagnosticsWaiters: ((d: Diagnostics) => void)[] = [];

/** Lines of the server's output: a diagnostics line goes to whoever asked for one. */
function onServerLine(line: string): void {
  if (line.startsWith(DIAGNOSTICS_PREFIX)) {
    diagnosticsWaiters.shift()?.(JSON.parse(line.slice(DIAGNOSTICS_PREFIX.length)) as Diagnostics);
    return;
  }
  if (process.env.BENCH_VERBOSE) console.error(`[next] ${line}`);
}

/** Asks the server (SIGUSR2) for a full GC and its memory figures; a heap snapshot too with BENCH_SOAK_SNAPSHOTS=1. */
async function serverMemory(pid: number): Promise<Diagnostics> {
  const answer = new Promise<Diagnostics>((resolve) => diagnosticsWaiters.push(resolve));
  process.kill(pid, "SIGUSR2");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchFailure("the server did not answer SIGUSR2 with its memory figures within 60 s")), 60_000);
  });
  try {
    const d = await Promise.race([answer, timeout]);
    if (!d.gc) throw new BenchFailure("the server ran without --expose-gc: heapUsed would not be measured after a full GC");
    return d;
  } finally {
    clearTimeout(timer);
  }
}
async function cleanup(): Promise<void> {
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
}

// ─── The clients ──────────────────────────────────────────────────────────────────────────────────

/** How a session ends: the first four leave before the response has started (or just as it does), the others after. */
const KINDS = [
  // fetch aborted 0–50 ms after it was called
  { name: "fetch_abort_0_50ms", weight: 20 },
  // raw socket: request line and headers written, socket destroyed at once
  { name: "raw_close_after_headers", weight: 12 },
  // raw socket: request written, destroyed 0–50 ms later
  { name: "raw_close_0_50ms", weight: 10 },
  // raw socket: request line and part of the headers, then destroyed (never reaches the route)
  { name: "raw_close_mid_headers", weight: 3 },
  // fetch reading for 0.5–20 s after the response started, then aborted
  { name: "fetch_abort_mid_stream", weight: 35 },
  // raw socket reading for 0.5–10 s after the status line, then reset (RST), as a killed browser tab
  { name: "raw_reset_mid_stream", weight: 12 },
  // fetch reading until the end of the run
  { name: "fetch_until_end", weight: 8 },
] as const;
type Kind = (typeof KINDS)[number]["name"];

/** BENCH_SOAK_KINDS=a,b limits the run to some ways of leaving (e.g. a control run without early ones). */
const KINDS_USED = (() => {
  const asked = (process.env.BENCH_SOAK_KINDS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of asked) {
    if (!KINDS.some((x) => x.name === k)) throw new BenchFailure(`BENCH_SOAK_KINDS: unknown kind ${k}; choose from ${KINDS.map((x) => x.name).join(", ")}`);
  }
  return asked.length > 0 ? KINDS.filter((k) => asked.includes(k.name)) : [...KINDS];
})();

function pickKind(): Kind {
  let r = Math.random() * KINDS_USED.reduce<number>((a, k) => a + k.weight, 0);
  for (const k of KINDS_USED) if ((r -= k.weight) < 0) return k.name;
  return KINDS_USED[0]!.name;
}

/** A tail URL path: a demo stream, TRIM_HORIZON or LATEST, sometimes a filter, sometimes `mode=stats`. */
function pickPath(): { path: string; label: string } {
  const stream = STREAMS[Math.floor(Math.random() * STREAMS.length)]!;
  const q = new URLSearchParams();
  const r = Math.random();
  let label: string;
  if (r < 0.15) {
    q.set("mode", "stats");
    label = "stats";
  } else {
    const trim = Math.random() < 0.3;
    q.set("from", trim ? "TRIM_HORIZON" : "LATEST");
    label = trim ? "trim_horizon" : "latest";
    const f = Math.random();
    if (f < 0.1) q.set("q", "customer");
    else if (f < 0.2) {
      q.set("key", "customer-00");
      q.set("keyMode", "prefix");
    } else if (f < 0.25) {
      q.set("q", "^\\{");
      q.set("regex", "1");
    }
    if (f < 0.25) label += "_filtered";
  }
  return { path: `/api/streams/${stream}/tail?${q}`, label };
}

interface Tally {
  sessions: Map<string, number>;
  /** Status lines seen, by status. */
  statuses: Map<number, number>;
  /** Sessions that ended before any status line arrived. */
  noResponse: number;
  errors: Map<string, number>;
  /** Non-200 answers read by fetch clients, by status, error code and message. */
  errorAnswers: Map<string, number>;
  bytes: number;
}

const bump = <K>(m: Map<K, number>, k: K, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/** How long past the end of the run a client that leaves only after its response waits for it. */
const RESPONSE_GRACE_MS = 20_000;

/** Everything still open, so that the end of the run (or a failure) can close it. */
const openClosers = new Set<() => void>();

/**
 * A fetch client that leaves `leaveAfterMs` after it called fetch, or with `afterResponse`, that
 * long after the response started; never later than `endAt` (with `afterResponse`, a response
 * still to come is waited for until RESPONSE_GRACE_MS past `endAt`, so that such clients never
 * leave before their response).
 */
async function fetchSession(url: string, leaveAfterMs: number, tally: Tally, endAt: number, afterResponse = false): Promise<void> {
  const abort = new AbortController();
  const close = () => abort.abort();
  openClosers.add(close);
  const leaveIn = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(close, Math.max(0, Math.min(ms, endAt - Date.now())));
  };
  let timer: NodeJS.Timeout | undefined;
  let responded = false;
  if (afterResponse) timer = setTimeout(close, Math.max(0, endAt + RESPONSE_GRACE_MS - Date.now()));
  else leaveIn(leaveAfterMs);
  try {
    const res = await fetch(url, { signal: abort.signal, headers: { accept: "text/event-stream" } });
    responded = true;
    bump(tally.statuses, res.status);
    if (res.status !== 200) {
      const body = await res.text();
      const code = /"code"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? body.slice(0, 60);
      bump(tally.errorAnswers, `${res.status} ${code}: ${/"message"\s*:\s*"([^"]{0,160})/.exec(body)?.[1] ?? ""}`);
      return;
    }
    if (afterResponse) leaveIn(leaveAfterMs);
    if (!res.body) return;
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      tally.bytes += value.byteLength;
    }
  } catch (e) {
    const name = (e as Error).name;
    if (name === "AbortError") return;
    bump(tally.errors, `${name}: ${(e as Error).message}`.slice(0, 120));
  } finally {
    clearTimeout(timer);
    openClosers.delete(close);
    if (!responded) tally.noResponse++;
  }
}

/**
 * A raw HTTP/1.1 client: writes `request`, then leaves `leaveAfterMs` later (0: at once, in the
 * same tick as the write), or with `afterResponse`, that long after the status line came; never
 * later than `endAt` (plus RESPONSE_GRACE_MS for a response still to come, as for fetch). It
 * destroys the socket, or with `reset` sends a TCP reset.
 */
function rawSession(
  app: URL,
  request: string,
  leaveAfterMs: number,
  tally: Tally,
  endAt: number,
  opts: { reset?: boolean; afterResponse?: boolean } = {},
): Promise<void> {
  return new Promise<void>((resolve) => {
    const socket = net.connect({ host: app.hostname, port: Number(app.port) });
    let head = "";
    let status: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const close = () => {
      clearTimeout(timer);
      if (opts.reset && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    };
    const leaveIn = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(close, Math.max(0, Math.min(ms, endAt - Date.now())));
    };
    openClosers.add(close);
    socket.on("connect", () => {
      socket.write(request);
      if (opts.afterResponse) timer = setTimeout(close, Math.max(0, endAt + RESPONSE_GRACE_MS - Date.now()));
      else if (leaveAfterMs <= 0) close();
      else leaveIn(leaveAfterMs);
    });
    socket.on("data", (chunk: Buffer) => {
      tally.bytes += chunk.byteLength;
      if (status !== undefined) return;
      head += chunk.toString("latin1", 0, Math.min(chunk.length, 64));
      status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      if (status === undefined) return;
      bump(tally.statuses, Number(status));
      if (opts.afterResponse) leaveIn(status === "200" ? leaveAfterMs : 0);
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "ECONNRESET" && e.code !== "EPIPE") bump(tally.errors, `socket: ${e.code ?? e.message}`);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      openClosers.delete(close);
      if (status === undefined) tally.noResponse++;
      resolve();
    });
  });
}

async function runClient(app: NextServer, startAt: number, endAt: number, tally: Tally): Promise<void> {
  const base = new URL(app.url);
  await sleep(Math.max(0, startAt - Date.now()));
  while (Date.now() < endAt) {
    const kind = pickKind();
    const { path, label } = pickPath();
    bump(tally.sessions, `kind:${kind}`);
    bump(tally.sessions, `position:${label}`);
    const request = `GET ${path} HTTP/1.1\r\nHost: ${base.host}\r\nAccept: text/event-stream\r\nUser-Agent: shardscope-soak\r\n\r\n`;
    switch (kind) {
      case "fetch_abort_0_50ms":
        await fetchSession(app.url + path, rand(0, 50), tally, endAt);
        break;
      case "raw_close_after_headers":
        await rawSession(base, request, 0, tally, endAt);
        break;
      case "raw_close_0_50ms":
        await rawSession(base, request, rand(0, 50), tally, endAt);
        break;
      case "raw_close_mid_headers":
        await rawSession(base, request.slice(0, request.indexOf("Accept:")), rand(0, 50), tally, endAt);
        break;
      case "fetch_abort_mid_stream":
        await fetchSession(app.url + path, rand(500, 20_000), tally, endAt, true);
        break;
      case "raw_reset_mid_stream":
        await rawSession(base, request, rand(500, 10_000), tally, endAt, { reset: true, afterResponse: true });
        break;
      case "fetch_until_end":
        await fetchSession(app.url + path, Infinity, tally, endAt, true);
        break;
    }
    // A short pause, as a person reopening a tab; keeps the connection rate modest.
    await sleep(rand(200, 2_000));
  }
}

// ─── What the proxy saw ───────────────────────────────────────────────────────────────────────────

/**
 * Calls per shard in [from, to): the mean per second, and the most in any sliding 1-s, 5-s and
 * 10-s window. The budget holds for call starts in the server; the proxy sees arrivals, a few ms
 * later and not all equally late, so a 1-s window may show one call more than the budget even when
 * the server kept it; the goal is checked on the 5-s window. Kinesis counts arrivals too: calls
 * that waited in the server (for a socket, or behind a busy event loop) and then arrive together
 * count against the shard's limit together.
 */
function perShard(calls: readonly ShardCall[], from: number, to: number, explain = false) {
  const byShard = new Map<string, number[]>();
  const chains = new Set<number>();
  let unknown = 0;
  for (const c of calls) {
    if (c.at < from || c.at >= to) continue;
    if (c.chain === 0) {
      unknown++;
      continue;
    }
    chains.add(c.chain);
    const times = byShard.get(c.shard);
    if (times) times.push(c.at);
    else byShard.set(c.shard, [c.at]);
  }
  const seconds = (to - from) / 1000;
  let meanMax = 0;
  let peak1s = 0;
  let peak5s = 0;
  let peak10s = 0;
  let peak1sAt: { shard: string; times: number[] } | undefined;
  let peakShard = "";
  let total = 0;
  const most = (times: number[], windowMs: number) => {
    let n = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= windowMs) i++;
      n = Math.max(n, j - i + 1);
    }
    return n;
  };
  for (const [shard, times] of byShard) {
    total += times.length;
    meanMax = Math.max(meanMax, times.length / seconds);
    const in1s = most(times, 1000);
    if (in1s > peak1s) peak1sAt = { shard, times };
    peak1s = Math.max(peak1s, in1s);
    peak10s = Math.max(peak10s, most(times, 10_000));
    const in5s = most(times, 5000);
    if (in5s > peak5s) {
      peak5s = in5s;
      peakShard = shard;
    }
  }
  if (explain && peak1sAt) {
    // Which readers made the busiest second, and what they were answered.
    const { shard, times } = peak1sAt;
    let i = 0;
    for (let j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= 1000) i++;
      if (j - i + 1 === peak1s) {
        const t0 = times[i]!;
        const seen = calls.filter((c) => c.shard === shard && c.at >= t0 && c.at <= times[j]!);
        progress(`busiest second on ${shard}: ${seen.map((c) => `+${c.at - t0}ms reader ${c.chain} → ${c.status ?? "?"}`).join(", ")}`);
        break;
      }
    }
  }
  return {
    shards: byShard.size,
    total,
    perSecondTotal: total / seconds,
    meanMax,
    peak1s,
    peak5sPerSecond: peak5s / 5,
    peak10sPerSecond: peak10s / 10,
    peakShard,
    readers: chains.size,
    unknown,
  };
}

// ─── Main ─────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  checkTailBuild();
  progress(
    `soak: ${CLIENTS} clients for ${DURATION_S} s (joining over ${(RAMP_MS / 1000).toFixed(0)} s), budget ${BUDGET} GetRecords/s/shard, idle stop ${IDLE_STOP_MS} ms`,
  );

  progress("starting kinesis-local and the demo streams…");
  const kinesis = await startKinesisLocal();
  cleanups.push(() => kinesis.stop());
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint, maxSockets: 8 });
  cleanups.push(async () => client.destroy());
  await createDemoStreams(client, { log: (line) => process.env.BENCH_VERBOSE && progress(line) });
  const producer = startDemoProducer(client, { ratePerSecond: PRODUCER_RATE, log: (line) => progress(`[producer] ${line}`) });
  cleanups.push(() => producer.stop());

  const proxy = await startFaultProxy({ target: kinesis.endpoint, trackShards: true });
  cleanups.push(() => proxy.stop());
  progress("starting next behind the counting proxy…");
  const app = await startNextServer({
    host: "127.0.0.1",
    port: await freePort(),
    env: {
      ...localAwsEnv(proxy.endpoint),
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      SHARDSCOPE_CLOUDWATCH_DISABLED: "1",
      // Every client comes from 127.0.0.1: the caps are not what this benchmark measures.
      SHARDSCOPE_TAIL_MAX_SESSIONS: String(Math.max(500, CLIENTS * 2)),
      SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT: String(Math.max(50, CLIENTS * 2)),
      // SIGUSR2 → a full GC and the heap figures on stdout (and heap snapshots in .test-output/ when asked).
      SHARDSCOPE_DIAGNOSTICS: process.env.BENCH_SOAK_SNAPSHOTS === "1" ? "snapshot" : "1",
    },
    nodeArgs: ["--expose-gc"],
    onLine: onServerLine,
  });
  cleanups.push(() => app.child.stop(3_000));
  const pid = app.child.process.pid!;

  // One unmeasured session per stream loads the route and the stream descriptions.
  progress("warming up (one short session per stream)…");
  const warm: Tally = { sessions: new Map(), statuses: new Map(), noResponse: 0, errors: new Map(), errorAnswers: new Map(), bytes: 0 };
  await Promise.all(STREAMS.map((s) => fetchSession(`${app.url}/api/streams/${s}/tail?from=LATEST`, 3_000, warm, Date.now() + 60_000, true)));
  if (warm.statuses.get(200) !== STREAMS.length) {
    throw new BenchFailure(`warm-up sessions answered ${JSON.stringify([...warm.statuses])}, errors ${JSON.stringify([...warm.errors])}`);
  }
  await sleep(SETTLE_MS);
  const idleFrom = Date.now();
  await sleep(5_000);
  const idle = perShard(proxy.shardCalls(), idleFrom, Date.now());
  if (idle.total > 0) throw new BenchFailure(`readers kept polling after the warm-up (${idle.total} GetRecords calls in 5 s)`);
  const rssBefore = treeRss(pid);
  const memBefore = await serverMemory(pid);
  const rssBeforeAfterGc = treeRss(pid);
  progress(
    `server before: RSS ${mib(rssBefore).toFixed(1)} MiB (${mib(rssBeforeAfterGc).toFixed(1)} after a full GC), ` +
      `heap used after GC ${mib(memBefore.memory.heapUsed).toFixed(1)} MiB of ${mib(memBefore.memory.heapTotal).toFixed(1)}, anonymous RSS ${mib(memBefore.proc?.RssAnon ?? 0).toFixed(1)} MiB${memBefore.snapshot ? `, snapshot ${memBefore.snapshot}` : ""}`,
  );

  const tally: Tally = { sessions: new Map(), statuses: new Map(), noResponse: 0, errors: new Map(), errorAnswers: new Map(), bytes: 0 };
  let rssPeak = rssBefore;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, treeRss(pid))), 1_000);
  cleanups.push(async () => clearInterval(rssTimer));
  const runFrom = Date.now();
  const endAt = runFrom + DURATION_S * 1000;
  const status = setInterval(() => {
    const s = perShard(proxy.shardCalls(), Date.now() - 10_000, Date.now());
    const sessions = [...tally.sessions].filter(([k]) => k.startsWith("kind:")).reduce((a, [, n]) => a + n, 0);
    progress(
      `${((Date.now() - runFrom) / 1000).toFixed(0)} s: ${sessions} sessions, ${openClosers.size} open, ` +
        `GetRecords last 10 s: ${s.perSecondTotal.toFixed(1)}/s over ${s.shards} shards by ${s.readers} readers ` +
        `(max ${s.meanMax.toFixed(1)}/s/shard), RSS ${mib(treeRss(pid)).toFixed(0)} MiB`,
    );
  }, 15_000);
  cleanups.push(async () => clearInterval(status));

  progress("clients joining…");
  const clients = Array.from({ length: CLIENTS }, (_, i) => runClient(app, runFrom + (i * RAMP_MS) / CLIENTS, endAt, tally));
  // Bounded however the server behaves: whatever is still open at the end is closed.
  const hardStop = setTimeout(() => [...openClosers].forEach((c) => c()), DURATION_S * 1000 + RESPONSE_GRACE_MS + 5_000);
  await Promise.all(clients);
  clearTimeout(hardStop);
  clearInterval(status);
  const leftAt = Date.now();
  const during = perShard(proxy.shardCalls(), runFrom, leftAt, true);
  progress(`every client has left (${openClosers.size} still open); waiting ${SETTLE_MS / 1000} s for idle readers to stop…`);

  await sleep(SETTLE_MS);
  const quietFrom = Date.now();
  await sleep(QUIET_WINDOW_MS);
  const after = perShard(proxy.shardCalls(), quietFrom, Date.now());
  if (after.readers > 0) {
    // When each reader still polling started (its first GetRecords call), in 10-s steps of the run, and where.
    const first = new Map<number, ShardCall>();
    for (const c of proxy.shardCalls()) if (!first.has(c.chain)) first.set(c.chain, c);
    const polling = new Set(
      proxy
        .shardCalls()
        .filter((c) => c.at >= quietFrom && c.chain !== 0)
        .map((c) => c.chain),
    );
    const bins = new Map<number, number>();
    const streams = new Map<string, number>();
    for (const chain of polling) {
      const c = first.get(chain)!;
      bump(bins, Math.floor((c.at - runFrom) / 10_000) * 10);
      bump(streams, c.shard.split("/")[0]!);
    }
    const when = [...bins].sort((a, b) => a[0] - b[0]).map(([t, n]) => `${t}–${t + 10} s: ${n}`);
    progress(`readers still polling, by when they started: ${when.join(", ")}; by stream: ${[...streams].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  }
  const rssAtQuietEnd = treeRss(pid);
  await sleep(Math.max(0, leftAt + RSS_AFTER_MS - Date.now()));
  clearInterval(rssTimer);
  const rssAfter = treeRss(pid);
  rssPeak = Math.max(rssPeak, rssAfter);
  const memAfter = await serverMemory(pid);
  const rssAfterGc = treeRss(pid);
  progress(
    `server after: RSS ${mib(rssAfter).toFixed(1)} MiB (${mib(rssAfterGc).toFixed(1)} after a full GC), ` +
      `heap used after GC ${mib(memAfter.memory.heapUsed).toFixed(1)} MiB of ${mib(memAfter.memory.heapTotal).toFixed(1)}, anonymous RSS ${mib(memAfter.proc?.RssAnon ?? 0).toFixed(1)} MiB${memAfter.snapshot ? `, snapshot ${memAfter.snapshot}` : ""}`,
  );

  const sessions = (prefix: string) => [...tally.sessions].filter(([k]) => k.startsWith(prefix));
  report("soak_clients", CLIENTS, "clients");
  report("soak_duration_s", (leftAt - runFrom) / 1000, "s");
  report(
    "soak_sessions",
    sessions("kind:").reduce((a, [, n]) => a + n, 0),
    "sessions",
  );
  for (const [k, n] of sessions("kind:")) report(`soak_sessions_${k.slice(5)}`, n, "sessions");
  for (const [k, n] of sessions("position:")) report(`soak_sessions_${k.slice(9)}`, n, "sessions");
  for (const [s, n] of [...tally.statuses].sort((a, b) => a[0] - b[0])) report(`soak_responses_${s}`, n, "responses");
  report("soak_sessions_left_before_response", tally.noResponse, "sessions");
  report(
    "soak_client_errors",
    [...tally.errors.values()].reduce((a, b) => a + b, 0),
    "errors",
  );
  for (const [e, n] of tally.errors) progress(`client error ×${n}: ${e}`);
  for (const [e, n] of tally.errorAnswers) progress(`answer ×${n}: ${e}`);
  report("soak_sse_mib_received", mib(tally.bytes), "MiB");
  report("soak_during_getrecords_per_s", during.perSecondTotal, "calls/s");
  report("soak_during_getrecords_per_shard_per_s_mean_max", during.meanMax, "calls/s");
  report("soak_during_getrecords_per_shard_peak_10s_per_s", during.peak10sPerSecond, "calls/s");
  report("soak_during_getrecords_per_shard_peak_5s_per_s", during.peak5sPerSecond, "calls/s");
  report("soak_during_getrecords_per_shard_peak_1s", during.peak1s, "calls");
  report("soak_during_shards_read", during.shards, "shards");
  report("soak_during_readers_started", during.readers, "readers");
  report("soak_after_leave_readers_polling", after.readers, "readers");
  report("soak_after_leave_shards_polled", after.shards, "shards");
  report("soak_after_leave_getrecords_per_s", after.perSecondTotal, "calls/s");
  report("soak_after_leave_getrecords_per_shard_per_s_max", after.meanMax, "calls/s");
  report("soak_getrecords_unknown_iterator", during.unknown + after.unknown, "calls");
  report("soak_server_rss_before_mb", mib(rssBefore), "MiB");
  report("soak_server_rss_peak_mb", mib(rssPeak), "MiB");
  report(`soak_server_rss_${Math.round((SETTLE_MS + QUIET_WINDOW_MS) / 1000)}s_after_leave_mb`, mib(rssAtQuietEnd), "MiB");
  report("soak_server_rss_after_mb", mib(rssAfter), "MiB");
  report("soak_server_rss_after_to_before", rssAfter / rssBefore, "x");
  report("soak_server_rss_after_gc_before_mb", mib(rssBeforeAfterGc), "MiB");
  report("soak_server_rss_after_gc_after_mb", mib(rssAfterGc), "MiB");
  for (const [name, d] of [
    ["before", memBefore],
    ["after", memAfter],
  ] as const) {
    report(`soak_server_heap_used_after_gc_${name}_mb`, mib(d.memory.heapUsed), "MiB");
    report(`soak_server_heap_total_after_gc_${name}_mb`, mib(d.memory.heapTotal), "MiB");
    report(`soak_server_external_after_gc_${name}_mb`, mib(d.memory.external), "MiB");
    report(`soak_server_array_buffers_after_gc_${name}_mb`, mib(d.memory.arrayBuffers), "MiB");
    report(`soak_server_malloced_after_gc_${name}_mb`, mib(d.heap.malloced_memory), "MiB");
    if (d.proc) report(`soak_server_rss_anon_after_gc_${name}_mb`, mib(d.proc.RssAnon), "MiB");
  }
  report("soak_server_heap_used_after_to_before", memAfter.memory.heapUsed / memBefore.memory.heapUsed, "x");

  const failed: string[] = [];
  if (after.readers > 0) {
    failed.push(
      `${after.readers} reader(s) on ${after.shards} shard(s) kept polling ${SETTLE_MS / 1000}–${(SETTLE_MS + QUIET_WINDOW_MS) / 1000} s after every client left ` +
        `(${after.perSecondTotal.toFixed(1)} GetRecords/s, up to ${after.meanMax.toFixed(1)}/s on one shard): tail sessions leaked`,
    );
  }
  if (during.peak5sPerSecond > BUDGET || during.peak1s > BUDGET + 1) {
    failed.push(
      `up to ${during.peak5sPerSecond.toFixed(1)} GetRecords calls/s over 5 s (${during.peak1s} within 1 s) on ${during.peakShard}; budget ${BUDGET}/s`,
    );
  }
  if (memAfter.memory.heapUsed > memBefore.memory.heapUsed * HEAP_GOAL) {
    failed.push(
      `server heap in use after a full GC ${mib(memBefore.memory.heapUsed).toFixed(1)} → ${mib(memAfter.memory.heapUsed).toFixed(1)} MiB ` +
        `after every client left (goal within ${Math.round((HEAP_GOAL - 1) * 100)}%): something still holds objects; rerun with BENCH_SOAK_SNAPSHOTS=1 and compare the snapshots`,
    );
  }
  if ((tally.statuses.get(200) ?? 0) === 0) failed.push("no session got a 200 answer");
  if (failed.length > 0) throw new BenchFailure(failed.join("; "));
}

runBench(async () => {
  // Bounded in time whatever happens: setup, the run, the wait after it, and slack for a busy machine.
  const limitMs = DURATION_S * 1000 + 5 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchFailure(`gave up after ${limitMs / 1000} s`)), limitMs);
  });
  try {
    await Promise.race([main(), limit]);
  } finally {
    clearTimeout(timer);
    for (const close of [...openClosers]) close();
  }
}, cleanup);
