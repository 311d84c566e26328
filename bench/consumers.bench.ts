// The consumers of a stream of 50 shards read by 5 KCL applications: the Kinesis calls one refresh
// costs (goal: 2 per application-shard — one GetShardIterator, one GetRecords — and shared by 10
// concurrent viewers: 10 viewers cost what 1 costs), counted by the API's `usage` and by a proxy in
// front of kinesis-local, and the time to the API's answer (cold, and each refresh). The lease
// tables are written as the KCL writes them (scripts/lib/kcl-lease-items.ts), in moto's DynamoDB,
// each checkpoint a record really in its shard. Prints `name value unit` lines; bench/README.md records them.
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand, type Shard } from "@aws-sdk/client-kinesis";
import { chromium } from "@playwright/test";
import type { StreamConsumersResponse } from "../lib/consumers/types";
import { CHROMIUM_LAUNCH_OPTIONS } from "../scripts/lib/chromium";
import { listAllShards, waitUntilActive } from "../scripts/lib/demo-streams";
import { startFaultProxy } from "../scripts/lib/fault-proxy";
import { freePort } from "../scripts/lib/free-port";
import { createLeaseTable, leaseItem } from "../scripts/lib/kcl-lease-items";
import { LOCAL_CREDENTIALS, LOCAL_REGION, createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal } from "../scripts/lib/kinesis-local";
import { startMotoServer } from "../scripts/lib/moto-server";
import { hasBuild, localAwsEnv, startNextServer } from "../scripts/lib/next-server";
import { BenchFailure, progress, runBench } from "./lib/run-bench";

const SHARDS = Number(process.env.BENCH_SHARDS ?? 50);
const APPS = Number(process.env.BENCH_APPS ?? 5);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 10);
const REFRESHES = 3;
/** Renders of the tab timed on a cached answer. */
const RENDER_RUNS = 5;
/** The app's refresh interval here: short, so that the benchmark waits seconds, not minutes, between refreshes. */
const REFRESH_S = 5;
const STREAM = "bench-consumers";
/** One record per application and one more: every application checkpoints a different record of each shard. */
const RECORDS_PER_SHARD = APPS + 1;

const report = (name: string, value: number, unit: string) => console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup(): Promise<void> {
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
}

async function main(): Promise<void> {
  if (!hasBuild()) throw new BenchFailure("no production build: run `npm run build` first");
  const [kinesis, moto] = await Promise.all([startKinesisLocal({ shardLimit: SHARDS + 50, env: { CREATE_STREAM_DURATION: "100ms" } }), startMotoServer()]);
  cleanups.push(
    () => kinesis.stop(),
    () => moto.stop(),
  );
  const proxy = await startFaultProxy({ target: kinesis.endpoint });
  cleanups.push(() => proxy.stop());
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  const ddb = new DynamoDBClient({ endpoint: moto.endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  cleanups.push(
    async () => client.destroy(),
    async () => ddb.destroy(),
  );

  const setupStarted = performance.now();
  progress(`creating ${STREAM} (${SHARDS} shards) with ${RECORDS_PER_SHARD} records in each…`);
  await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: SHARDS }));
  await waitUntilActive(client, STREAM, 60_000);
  const shards = await listAllShards(client, STREAM);
  const entries = shards.flatMap((s) =>
    Array.from({ length: RECORDS_PER_SHARD }, (_, i) => ({
      PartitionKey: `k${i}`,
      ExplicitHashKey: s.HashKeyRange!.StartingHashKey!,
      Data: new TextEncoder().encode(`${s.ShardId} record ${i}`),
    })),
  );
  for (let i = 0; i < entries.length; i += 250) {
    const out = await client.send(new PutRecordsCommand({ StreamName: STREAM, Records: entries.slice(i, i + 250) }));
    if (out.FailedRecordCount) throw new BenchFailure(`${out.FailedRecordCount} records were not put`);
  }
  // The records as a record processor sees them: the checkpoints are theirs.
  const records = new Map<string, string[]>();
  for (const s of shards) {
    const it = await client.send(new GetShardIteratorCommand({ StreamName: STREAM, ShardId: s.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
    const out = await client.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator!, Limit: 100 }));
    const seqs = (out.Records ?? []).map((r) => r.SequenceNumber!);
    if (seqs.length !== RECORDS_PER_SHARD) throw new BenchFailure(`${s.ShardId} holds ${seqs.length} records, not ${RECORDS_PER_SHARD}`);
    records.set(s.ShardId!, seqs);
  }

  progress(`writing ${APPS} KCL lease tables of ${SHARDS} leases in moto…`);
  const apps = Array.from({ length: APPS }, (_, i) => `bench-app-${i + 1}`);
  await Promise.all(apps.map((app) => createLeaseTable(ddb, app)));
  const lease = (app: number, s: Shard) =>
    leaseItem({
      leaseKey: s.ShardId!,
      owner: `worker-${(Number(s.ShardId!.slice(-4)) % 2) + 1}`,
      counter: 1,
      // Application i has processed i + 1 records of every shard.
      checkpoint: records.get(s.ShardId!)![app]!,
      hashRange: { start: s.HashKeyRange!.StartingHashKey!, end: s.HashKeyRange!.EndingHashKey! },
    });
  for (let a = 0; a < APPS; a++) {
    for (let i = 0; i < shards.length; i += 10) {
      await Promise.all(shards.slice(i, i + 10).map((s) => ddb.send(new PutItemCommand({ TableName: apps[a], Item: lease(a, s) }))));
    }
  }
  report("setup_ms", Math.round(performance.now() - setupStarted), "ms");

  const app = await startNextServer({
    host: "127.0.0.1",
    port: await freePort(),
    env: {
      ...localAwsEnv(proxy.endpoint),
      AWS_ENDPOINT_URL_CLOUDWATCH: moto.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: moto.endpoint,
      AWS_ENDPOINT_URL_FIREHOSE: moto.endpoint,
      SHARDSCOPE_CONSUMERS_REFRESH_SECONDS: String(REFRESH_S),
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    onLine: process.env.BENCH_VERBOSE ? (l) => console.error(`[next] ${l}`) : undefined,
  });
  cleanups.push(() => app.child.stop(3_000));

  const lagCalls = () => (proxy.counts().GetShardIterator ?? 0) + (proxy.counts().GetRecords ?? 0);
  const otherKinesis = () => Object.entries(proxy.counts()).reduce((n, [op, c]) => (op === "GetShardIterator" || op === "GetRecords" ? n : n + c), 0);
  const ask = async (): Promise<{ ms: number; body: StreamConsumersResponse }> => {
    const started = performance.now();
    const res = await fetch(`${app.url}/api/streams/${STREAM}/consumers`, { signal: AbortSignal.timeout(120_000) });
    const text = await res.text();
    const ms = performance.now() - started;
    if (!res.ok) throw new BenchFailure(`GET …/consumers answered ${res.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as StreamConsumersResponse;
    const kcl = body.consumers.filter((c) => c.kind === "kcl");
    if (kcl.length !== APPS) throw new BenchFailure(`expected ${APPS} KCL applications, got ${kcl.length}: ${JSON.stringify(body).slice(0, 500)}`);
    for (const c of kcl) {
      const measured = c.shards?.filter((s) => s.lagMillis !== undefined).length ?? 0;
      if (measured !== SHARDS) throw new BenchFailure(`${c.name}: ${measured} of ${SHARDS} shards have a measured lag (${c.reasons.join("; ")})`);
    }
    return { ms, body };
  };
  const goal = 2 * APPS * SHARDS;

  // 1. The first answer: route loading, table discovery, association, and every lag measured.
  proxy.reset();
  const cold = await ask();
  report("shards", SHARDS, "shards");
  report("kcl_applications", APPS, "apps");
  report("goal_kinesis_calls_per_refresh", goal, "calls");
  report("consumers_api_cold_ms", Math.round(cold.ms), "ms");
  report("cold_kinesis_lag_calls_usage", cold.body.usage.kinesisCalls, "calls");
  report("cold_kinesis_lag_calls_seen_by_proxy", lagCalls(), "calls");
  report("cold_other_kinesis_calls_seen_by_proxy", otherKinesis(), "calls");
  report("cold_other_calls_usage", cold.body.usage.otherCalls, "calls");

  // 2. Refreshes: one viewer, each time after the answer expired.
  const refreshMs: number[] = [];
  const refreshUsage: number[] = [];
  const refreshSeen: number[] = [];
  for (let i = 0; i < REFRESHES; i++) {
    await sleep(REFRESH_S * 1000 + 500);
    proxy.reset();
    const r = await ask();
    refreshMs.push(r.ms);
    refreshUsage.push(r.body.usage.kinesisCalls);
    refreshSeen.push(lagCalls());
  }
  report("refresh_api_median_ms", Math.round(median(refreshMs)), "ms");
  report("refresh_api_max_ms", Math.round(Math.max(...refreshMs)), "ms");
  report("refresh_kinesis_lag_calls_usage_max", Math.max(...refreshUsage), "calls");
  report("refresh_kinesis_lag_calls_seen_by_proxy_max", Math.max(...refreshSeen), "calls");
  report("refresh_kinesis_calls_per_application_shard", Math.max(...refreshSeen) / (APPS * SHARDS), "calls");

  // 3. Ten viewers at once on an expired answer: one refresh's calls, shared.
  await sleep(REFRESH_S * 1000 + 500);
  proxy.reset();
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: VIEWERS }, () => ask()));
  const allMs = performance.now() - started;
  const paid = answers.filter((a) => a.body.usage.kinesisCalls > 0).length;
  const viewersUsage = answers.reduce((n, a) => n + a.body.usage.kinesisCalls, 0);
  report("viewers", VIEWERS, "viewers");
  report("viewers_all_answered_ms", Math.round(allMs), "ms");
  report("viewers_answers_that_paid", paid, "answers");
  report("viewers_kinesis_lag_calls_usage_total", viewersUsage, "calls");
  report("viewers_kinesis_lag_calls_seen_by_proxy", lagCalls(), "calls");
  report("viewers_same_fetchedAt", new Set(answers.map((a) => a.body.fetchedAt)).size === 1 ? 1 : 0, "bool");

  const viewersSeen = lagCalls();
  // The lag history the server kept: one sample per measurement (cold, each refresh, the viewers' one).
  const samples = answers[0]!.body.consumers.filter((c) => c.kind === "kcl").map((c) => c.lagHistory?.points.length ?? 0);
  report("lag_history_samples_per_application_min", Math.min(...samples), "samples");
  if (Math.min(...samples) !== REFRESHES + 2) throw new BenchFailure(`expected ${REFRESHES + 2} lag samples per application, got ${samples.join(", ")}`);

  // 4. Time to the rendered Consumers tab in chromium: from navigation until every application's
  //    row is in the DOM, on an answer the server holds (the usual case: any viewer in the last
  //    refresh interval paid for it) and on an expired one (this viewer waits for the measurement).
  progress("time to the rendered Consumers tab in chromium…");
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  cleanups.push(() => browser.close());
  const render = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = performance.now();
    await page.goto(`${app.url}/streams/${STREAM}/consumers`);
    await page
      .locator('[data-testid="consumer-row"][data-kind="kcl"]')
      .nth(APPS - 1)
      .waitFor({ timeout: 120_000 });
    const ms = performance.now() - started;
    await page.close();
    return ms;
  };
  await render(); // the page's first load compiles nothing in a production build, but warms its chunks
  const cached: number[] = [];
  for (let i = 0; i < RENDER_RUNS; i++) {
    await ask(); // the answer is in the server's cache when the page asks
    cached.push(await render());
  }
  report("consumers_tab_rendered_cached_median_ms", Math.round(median(cached)), "ms");
  report("consumers_tab_rendered_cached_max_ms", Math.round(Math.max(...cached)), "ms");
  const expired: number[] = [];
  for (let i = 0; i < 2; i++) {
    await sleep(REFRESH_S * 1000 + 500);
    expired.push(await render());
  }
  report("consumers_tab_rendered_expired_max_ms", Math.round(Math.max(...expired)), "ms");

  const worst = Math.max(...refreshSeen, viewersSeen, viewersUsage);
  if (worst > goal) throw new BenchFailure(`a refresh cost ${worst} Kinesis lag calls, more than 2 per application-shard (${goal})`);
  if (viewersSeen > Math.max(...refreshSeen))
    throw new BenchFailure(`${VIEWERS} viewers cost ${viewersSeen} calls, more than one viewer's ${Math.max(...refreshSeen)}`);
}

runBench(main, cleanup);
