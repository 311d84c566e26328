// Benchmark of GET /api/streams with 300 streams in kinesis-local: the first (cold) request, then
// warm ones (list cache hit), then uncached ones, beside a plain SDK baseline. Prints
// `name value unit` lines on stdout; bench/README.md records the figures.
import { CreateStreamCommand, LimitExceededException } from "@aws-sdk/client-kinesis";
import fs from "node:fs";
import path from "node:path";
import { listAllStreamNames, waitUntilActive } from "../scripts/lib/demo-streams";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "../scripts/lib/kinesis-local";
import { hasBuild, localAwsEnv, startNextServer, type NextServer } from "../scripts/lib/next-server";
import { BenchFailure, progress, runBench } from "./lib/run-bench";

const STREAM_COUNT = 300;
const SETUP_CONCURRENCY = 10;
const WARM_REQUESTS = 20;
const ROUTE_FILE = path.join("app", "api", "streams", "route.ts");

const results: string[] = [];
const report = (name: string, value: number, unit: string) => {
  const line = `${name} ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
  results.push(line);
  console.log(line);
};

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function reportSeries(prefix: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  report(`${prefix}_p50_ms`, percentile(sorted, 50), "ms");
  report(`${prefix}_p95_ms`, percentile(sorted, 95), "ms");
  report(`${prefix}_max_ms`, sorted[sorted.length - 1]!, "ms");
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function mapLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function getStreams(url: string): Promise<{ count: number; bytes: number }> {
  const response = await fetch(`${url}/api/streams`, { signal: AbortSignal.timeout(120_000) });
  const body = await response.text();
  if (!response.ok) throw new BenchFailure(`GET /api/streams answered ${response.status}: ${body.slice(0, 500)}`);
  const parsed = JSON.parse(body) as { streams?: unknown[] };
  if (!Array.isArray(parsed.streams)) throw new BenchFailure(`GET /api/streams gave no streams array: ${body.slice(0, 200)}`);
  return { count: parsed.streams.length, bytes: Buffer.byteLength(body) };
}

function expectCount(what: string, count: number): void {
  if (count !== STREAM_COUNT) throw new BenchFailure(`${what} returned ${count} streams, expected ${STREAM_COUNT}`);
}

const cleanups: (() => Promise<void>)[] = [];

async function cleanup(): Promise<void> {
  // Last registered, first stopped: next before kinesis-local, whose shutdown waits for its connections.
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
}

async function startApp(kinesis: KinesisLocal, extraEnv: Record<string, string> = {}): Promise<NextServer> {
  const port = await freePort();
  const server = await startNextServer({
    host: "127.0.0.1",
    port,
    env: { ...localAwsEnv(kinesis.endpoint), ...extraEnv },
    onLine: (line) => process.env.BENCH_VERBOSE && console.error(`[next] ${line}`),
  });
  cleanups.push(() => server.child.stop(3_000));
  return server;
}

async function main(): Promise<void> {
  if (!hasBuild()) {
    throw new BenchFailure("no production build: .next/BUILD_ID is missing. Run `npm run build` first.");
  }
  if (!fs.existsSync(ROUTE_FILE)) throw new BenchFailure(`${ROUTE_FILE} does not exist yet: nothing to measure`);

  progress(`starting kinesis-local and creating ${STREAM_COUNT} streams (1 shard each, ${SETUP_CONCURRENCY} at a time)…`);
  const kinesis = await startKinesisLocal({
    shardLimit: STREAM_COUNT + 50,
    // Setup only, not measured: streams turn ACTIVE sooner.
    env: { CREATE_STREAM_DURATION: "100ms" },
  });
  cleanups.push(() => kinesis.stop());
  const setupClient = createScriptKinesisClient({ endpoint: kinesis.endpoint, maxSockets: SETUP_CONCURRENCY });
  cleanups.push(async () => setupClient.destroy());

  const names = Array.from({ length: STREAM_COUNT }, (_, i) => `bench-stream-${String(i).padStart(3, "0")}`);
  const setup = await timed(async () => {
    await mapLimit(names, SETUP_CONCURRENCY, async (name) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await setupClient.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
          return;
        } catch (err) {
          // Real Kinesis allows few concurrent CreateStream calls; back off if the emulator does too.
          if (!(err instanceof LimitExceededException) || attempt > 20) throw err;
          await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
        }
      }
    });
    await mapLimit(names, SETUP_CONCURRENCY, (name) => waitUntilActive(setupClient, name, 60_000));
  });
  report("setup_create_streams_ms", Math.round(setup.ms), "ms");

  // Baseline: what listing costs with the SDK alone, paging 100 at a time as the route does.
  const sdkClient = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  cleanups.push(async () => sdkClient.destroy());
  const sdkCold = await timed(() => listAllStreamNames(sdkClient));
  expectCount("ListStreams (SDK)", sdkCold.value.length);
  report("sdk_list_streams_cold_ms", Math.round(sdkCold.ms), "ms");
  const sdkWarm: number[] = [];
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const run = await timed(() => listAllStreamNames(sdkClient));
    expectCount("ListStreams (SDK)", run.value.length);
    sdkWarm.push(run.ms);
  }
  reportSeries("sdk_list_streams_warm", sdkWarm);

  progress("starting next (default settings)…");
  const app = await startApp(kinesis);
  const cold = await timed(() => getStreams(app.url));
  expectCount("GET /api/streams", cold.value.count);
  report("list_streams_cold_ms", Math.round(cold.ms), "ms");
  report("list_streams_response_bytes", cold.value.bytes, "bytes");
  const warm: number[] = [];
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const run = await timed(() => getStreams(app.url));
    expectCount("GET /api/streams", run.value.count);
    warm.push(run.ms);
  }
  reportSeries("list_streams_warm", warm);
  await app.child.stop(3_000);

  // The warm figures above are mostly hits of the server's list cache (SHARDSCOPE_LIST_TTL_SECONDS,
  // 5 s by default); a near-zero TTL shows what every request costs when the cache has expired.
  progress("starting next with SHARDSCOPE_LIST_TTL_SECONDS=0.001 (list cache off)…");
  const uncachedApp = await startApp(kinesis, { SHARDSCOPE_LIST_TTL_SECONDS: "0.001" });
  expectCount("GET /api/streams", (await getStreams(uncachedApp.url)).count);
  const uncached: number[] = [];
  for (let i = 0; i < WARM_REQUESTS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const run = await timed(() => getStreams(uncachedApp.url));
    expectCount("GET /api/streams", run.value.count);
    uncached.push(run.ms);
  }
  reportSeries("list_streams_uncached", uncached);
  report("streams_returned", cold.value.count, "streams");
}

runBench(main, cleanup);
