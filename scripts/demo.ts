// `npm run demo`: Shardscope against a local Kinesis with live traffic, no AWS account needed.
// Starts two kinesis-locals (the embedded one as target `local` in us-east-1, a second one playing
// eu-west-1 as `local-eu`), creates each one's demo streams, runs a producer into each, builds if
// needed, and runs the app with a targets file naming both. When moto is installed it is the
// local CloudWatch of both regions, fed with the demo traffic's metrics, and the local DynamoDB,
// Lambda and Firehose where the demo's consumers (scripts/lib/demo-consumers.ts) keep their state:
// it plays kinesis-local's account (MOTO_ACCOUNT_ID) so that moto accepts its stream ARNs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onAncestorExit, spawnNode, type ManagedChild } from "./lib/child-process";
import { startDemoCloudWatch, type DemoCloudWatch } from "./lib/demo-cloudwatch";
import { demoConsumersBannerLines, demoLeaseTablesSetting, startDemoConsumers, type DemoConsumers } from "./lib/demo-consumers";
import { KINESIS_LOCAL_ACCOUNT } from "./lib/moto-aws";
import { DEMO_STREAMS, EU_DEMO_MIX, EU_DEMO_STREAMS, EU_REGION, ORDERS_SHARD_LEVEL_METRICS, createDemoStreams, createEuDemoStreams } from "./lib/demo-streams";
import { EU_TARGET, LOCAL_TARGET, demoTargets, writeTargetsFile } from "./lib/demo-targets";
import { startDemoProducer, type DemoProducer } from "./lib/demo-producer";
import { isPortFree } from "./lib/free-port";
import { LOCAL_REGION, createScriptKinesisClient } from "./lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "./lib/kinesis-local";
import { createKinesisLocalLogFilter } from "./lib/kinesis-local-log";
import { buildDoneMessage, buildStartMessage, nodeSupportNote, targetsBannerLines } from "./lib/demo-messages";
import { MOTO_INSTALL_HINT } from "./lib/moto-server";
import { createScriptGlueClient, registerDemoSchemas } from "./lib/demo-schemas";
import { placeSensorsSchema, writeSensorsStream } from "./lib/demo-sensors";
import { NEXT_BIN, buildIsStale, hasBuild, localAwsEnv, startNextServer } from "./lib/next-server";

const ROOT = process.cwd();
const SHUTDOWN_BUDGET_MS = 5_000;

type KinesisClient = ReturnType<typeof createScriptKinesisClient>;

const state: {
  kinesis?: KinesisLocal;
  kinesisEu?: KinesisLocal;
  client?: KinesisClient;
  clientEu?: KinesisClient;
  producer?: DemoProducer;
  producerEu?: DemoProducer<string>;
  consumers?: DemoConsumers;
  /** The directory of the targets file, removed on the way out. */
  targetsDir?: string;
  cloudwatch?: DemoCloudWatch;
  build?: ManagedChild;
  next?: ManagedChild;
  shuttingDown: boolean;
} = { shuttingDown: false };

const say = (line: string) => console.log(`[demo] ${line}`);
const prefixed = (prefix: string) => (line: string) => {
  if (!state.shuttingDown && line.trim() !== "") console.log(`${prefix} ${line}`);
};

function parsePort(name: string, fallback?: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const host = process.env.SHARDSCOPE_HOST || "127.0.0.1";
  const port = parsePort("PORT", 3000)!;
  const kinesisPort = parsePort("SHARDSCOPE_KINESIS_PORT");

  // Checked first so a busy port fails in a second, not after the build.
  if (!(await isPortFree(port))) {
    throw new Error(`port ${port} is in use; set PORT to another one (e.g. PORT=3001 npm run demo)`);
  }

  // The SDK would print its nine-line Node support warning here and again in the server child
  // (which inherits this environment); one line of ours says the same.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const note = nodeSupportNote(process.version);
  if (note) say(note);

  say(`starting two kinesis-locals (target ${LOCAL_TARGET}: ${LOCAL_REGION}, target ${EU_TARGET}: ${EU_REGION})…`);
  // Without the stack traces of the not-found answers the app provokes on purpose.
  const kinesisLog = createKinesisLocalLogFilter(prefixed("[kinesis-local]"));
  const kinesisEuLog = createKinesisLocalLogFilter(prefixed(`[kinesis-local ${EU_REGION}]`));
  // In parallel: each takes a few seconds of CPU to start, and the machine may have only two cores.
  const [home, eu] = await Promise.allSettled([
    startKinesisLocal({ port: kinesisPort, log: (line) => kinesisLog.push(line) }),
    startKinesisLocal({ region: EU_REGION, log: (line) => kinesisEuLog.push(line) }),
  ]);
  if (home.status === "fulfilled") state.kinesis = home.value;
  if (eu.status === "fulfilled") state.kinesisEu = eu.value;
  if (home.status === "rejected") throw home.reason;
  if (eu.status === "rejected") throw new Error(`the second kinesis-local (${EU_REGION}) did not start: ${(eu.reason as Error).message}`);
  const kinesis = home.value;
  const kinesisEu = eu.value;
  void kinesis.exited.then(() => kinesisLog.flush());
  void kinesisEu.exited.then(() => kinesisEuLog.flush());
  watch("kinesis-local", kinesis.exited);
  watch(`kinesis-local (${EU_REGION})`, kinesisEu.exited);
  if (state.shuttingDown) return;

  state.client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  // kinesis-local keeps each region's streams apart: the second one's are made, and read, in eu-west-1.
  state.clientEu = createScriptKinesisClient({ endpoint: kinesisEu.endpoint, region: EU_REGION, maxSockets: 8 });
  const [streams, streamsEu] = await Promise.all([
    createDemoStreams(state.client, { log: (line) => say(line) }),
    createEuDemoStreams(state.clientEu, { log: (line) => say(`${EU_REGION}: ${line}`) }),
  ]);
  if (state.shuttingDown) return;

  say("starting moto as the local CloudWatch, DynamoDB, Lambda and Firehose…");
  let noCloudWatch = `moto is not installed; ${MOTO_INSTALL_HINT}`;
  state.cloudwatch = await startDemoCloudWatch({
    shardLevel: streams.enhancedMonitoring ? { orders: ORDERS_SHARD_LEVEL_METRICS } : {},
    regions: { [EU_REGION]: streamsEu.enhancedMonitoring ? { orders: ORDERS_SHARD_LEVEL_METRICS } : {} },
    log: (line) => !state.shuttingDown && console.warn(`[cloudwatch] ${line}`),
    accountId: KINESIS_LOCAL_ACCOUNT,
  }).catch((e: Error) => {
    noCloudWatch = `moto did not start: ${e.message.split("\n")[0]}`;
    return undefined;
  });
  if (state.shuttingDown) return;
  if (state.cloudwatch) watch("moto (CloudWatch)", state.cloudwatch.exited);
  else say(`CloudWatch is not available: ${noCloudWatch}. The Metrics tab shows live metrics only.`);
  const cloudwatch = state.cloudwatch;

  state.producer = startDemoProducer(state.client, {
    ratePerSecond: 20,
    log: (line) => !state.shuttingDown && console.warn(`[producer] ${line}`),
    onPut: cloudwatch ? (put) => cloudwatch.record(put) : undefined,
  });
  const recordEu = cloudwatch?.recorderFor(EU_REGION);
  state.producerEu = startDemoProducer(state.clientEu, {
    mix: EU_DEMO_MIX,
    ratePerSecond: 8,
    log: (line) => !state.shuttingDown && console.warn(`[producer ${EU_REGION}] ${line}`),
    onPut: recordEu,
  });

  // Schemas: the demo registry in moto's Glue, the `sensors` stream's records written with it,
  // and the .proto its heartbeats decode with placed where the schema store keeps it.
  const schemaDir = process.env.SHARDSCOPE_SCHEMA_DIR || path.join(ROOT, ".shardscope", "schemas");
  placeSensorsSchema(schemaDir, LOCAL_TARGET, LOCAL_REGION);
  if (cloudwatch) {
    const glue = createScriptGlueClient(cloudwatch.endpoint);
    await registerDemoSchemas(glue)
      .then((registry) => writeSensorsStream(state.client!, registry, (line) => say(line)))
      .catch((e: Error) => say(`the sensors stream was not written: ${e.message.split("\n")[0]}`))
      .finally(() => glue.destroy());
    if (state.shuttingDown) return;
  }

  // The consumers: real readers of the demo streams, their state in moto (DynamoDB, Lambda, Firehose).
  if (cloudwatch) {
    state.consumers = await startDemoConsumers({
      kinesis: state.client,
      motoEndpoint: cloudwatch.endpoint,
      log: (line) => !state.shuttingDown && console.warn(`[consumers] ${line}`),
    }).catch((e: Error) => {
      say(`the demo consumers did not start: ${e.message.split("\n")[0]}`);
      return undefined;
    });
    if (state.shuttingDown) return;
  }
  const consumers = state.consumers;

  // The app's targets: both kinesis-locals, each in its region, with moto as their CloudWatch
  // and DynamoDB, Lambda and Firehose (where the consumers keep their state).
  state.targetsDir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-demo-"));
  const targetsFile = writeTargetsFile(
    path.join(state.targetsDir, "targets.json"),
    demoTargets({
      kinesis: kinesis.endpoint,
      kinesisEu: kinesisEu.endpoint,
      cloudwatch: cloudwatch?.endpoint,
      // moto serves these whether or not the consumers started (then it simply holds none).
      consumers: cloudwatch?.endpoint,
    }),
  );

  if (buildIsStale()) {
    say(buildStartMessage(!hasBuild(ROOT), os.availableParallelism()));
    const buildStarted = Date.now();
    state.build = spawnNode({ name: "next build", args: [path.join(ROOT, NEXT_BIN), "build"], cwd: ROOT, onLine: prefixed("[next build]") });
    const { code, signal } = await state.build.exited;
    state.build = undefined;
    if (state.shuttingDown) return;
    if (code !== 0) throw new Error(`next build failed (code ${code}, signal ${signal}); see its output above`);
    say(buildDoneMessage(Date.now() - buildStarted));
  } else {
    say("the existing build is up to date (.next/BUILD_ID is newer than app/, components/, lib/)");
  }

  const next = await startNextServer({
    host,
    port,
    env: {
      ...localAwsEnv(kinesis.endpoint),
      ...(cloudwatch ? { AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch.endpoint } : { SHARDSCOPE_CLOUDWATCH_DISABLED: "1" }),
      ...(cloudwatch
        ? {
            AWS_ENDPOINT_URL_DYNAMODB: cloudwatch.endpoint,
            AWS_ENDPOINT_URL_LAMBDA: cloudwatch.endpoint,
            AWS_ENDPOINT_URL_FIREHOSE: cloudwatch.endpoint,
            AWS_ENDPOINT_URL_GLUE: cloudwatch.endpoint,
          }
        : {}),
      ...(consumers
        ? {
            SHARDSCOPE_KCL_LEASE_TABLES: demoLeaseTablesSetting(consumers),
            // Quicker than the defaults (300 s, 30 s), so that payments-audit shows as stalled a minute after it stops.
            SHARDSCOPE_CONSUMER_STALL_SECONDS: "60",
            SHARDSCOPE_CONSUMERS_REFRESH_SECONDS: "10",
          }
        : {}),
      SHARDSCOPE_TARGETS_FILE: targetsFile,
      // The server logs a JSON line per API request at info: the demo's console shows warnings and errors only.
      SHARDSCOPE_LOG_LEVEL: process.env.SHARDSCOPE_LOG_LEVEL || "warn",
      SHARDSCOPE_SCHEMA_DIR: schemaDir,
    },
    onLine: prefixed("[next]"),
    readyTimeoutMs: 60_000,
  });
  state.next = next.child;
  watch("next start", next.child.exited);
  if (state.shuttingDown) return;
  const url = next.url;

  console.log(
    [
      "",
      "  ┌──────────────────────────────────────────────────────────────────────",
      `  │ Shardscope demo is running:  ${url}`,
      host === "0.0.0.0" || host === "::" ? `  │   (listening on every interface, as SHARDSCOPE_HOST=${host} asks)` : null,
      ...targetsBannerLines(
        url,
        [
          { name: LOCAL_TARGET, region: LOCAL_REGION, endpoint: kinesis.endpoint, streams: DEMO_STREAMS.map((d) => d.name).join(", ") },
          { name: EU_TARGET, region: EU_REGION, endpoint: kinesisEu.endpoint, streams: EU_DEMO_STREAMS.map((d) => d.name).join(", ") },
        ],
        LOCAL_TARGET,
      ).map((line) => `  │ ${line}`),
      "  │   note: kinesis-local has no listen-host option and binds EVERY interface,",
      "  │   so other machines on your network can reach both while the demo runs.",
      `  │ Demo traffic: ~20 records/s in ${LOCAL_TARGET}, ~8 records/s in ${EU_TARGET}.`,
      cloudwatch
        ? `  │ CloudWatch (moto):           ${cloudwatch.endpoint}   (both regions' AWS/Kinesis metrics, 2 demo alarms in ${LOCAL_REGION})`
        : `  │ CloudWatch: not available (moto is not installed); the Metrics tab shows live metrics only.`,
      ...(consumers
        ? demoConsumersBannerLines(consumers, url)
        : ["Consumers: none (they need moto); the Consumers tabs show enhanced fan-out consumers only."]
      ).map((line) => `  │ ${line}`),
      "  │ Press Ctrl-C to stop everything.",
      "  └──────────────────────────────────────────────────────────────────────",
      "",
    ]
      .filter((line) => line !== null)
      .join("\n"),
  );
}

/** A helper process that ends while we are not shutting down takes the whole demo down. */
function watch(name: string, exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>): void {
  void exited.then(async ({ code, signal }) => {
    if (state.shuttingDown) return;
    // A Ctrl-C reaches the children (same process group) as well as us; give our own handler
    // a moment so that a requested stop is not reported as a crash.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (state.shuttingDown) return;
    console.error(`[demo] ${name} exited unexpectedly (code ${code}, signal ${signal}); stopping the demo`);
    void shutdown(1);
  });
}

async function shutdown(exitCode: number): Promise<void> {
  if (state.shuttingDown) return;
  state.shuttingDown = true;
  const started = Date.now();
  say("stopping…");
  // Whatever hangs, we are gone within the budget.
  setTimeout(() => {
    console.error(`[demo] shutdown took over ${SHUTDOWN_BUDGET_MS} ms; exiting anyway`);
    process.exit(exitCode || 1);
  }, SHUTDOWN_BUDGET_MS).unref();

  const steps: string[] = [];
  const timed = async (label: string, work: Promise<unknown>) => {
    const t = Date.now();
    await work;
    steps.push(`${label} ${Date.now() - t} ms`);
  };
  // kinesis-local's own shutdown waits for open keep-alive connections, so ours must close
  // first: give in-flight puts half a second, then destroy the client (aborting the rest).
  const producers = [state.producer?.stop(), state.producerEu?.stop(), state.consumers?.stop()].filter((p) => p !== undefined);
  if (producers.length > 0) {
    await timed("producers and consumers", Promise.race([Promise.all(producers), new Promise((resolve) => setTimeout(resolve, 500))]));
  }
  state.client?.destroy();
  state.clientEu?.destroy();
  if (state.targetsDir) fs.rmSync(state.targetsDir, { recursive: true, force: true });
  // next first matters too (its client holds connections to kinesis-local), but in parallel
  // is fast enough: next closes them as it exits, well within kinesis-local's grace period.
  await Promise.all([
    state.build && timed("next build", state.build.stop(2_500)),
    state.next && timed("next", state.next.stop(2_500)),
    // It keeps nothing on disk (persistence is off), so a short grace costs nothing; its own
    // shutdown can stall for seconds when a request was in flight as the signal came.
    state.kinesis && timed("kinesis-local", state.kinesis.stop(1_000)),
    state.kinesisEu && timed(`kinesis-local ${EU_REGION}`, state.kinesisEu.stop(1_000)),
    state.cloudwatch && timed("moto", state.cloudwatch.stop()),
  ]);
  const sent = state.producer || state.producerEu ? (state.producer?.stats().sent ?? 0) + (state.producerEu?.stats().sent ?? 0) : undefined;
  say(`stopped everything in ${Date.now() - started} ms (${steps.join(", ")})` + (sent !== undefined ? `; ${sent} demo records were sent` : ""));
  process.exit(exitCode);
}

// The first signal starts a bounded shutdown; repeats (npm and tsx relay them too) change nothing.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => void shutdown(0));
}
// `kill <npm pid>` may never reach us (see onAncestorExit): treat our launcher's exit as a SIGTERM.
onAncestorExit(() => {
  say("the process that launched the demo has exited");
  void shutdown(0);
});

main().catch((err: unknown) => {
  if (state.shuttingDown) return;
  console.error(`[demo] ${(err as Error).message ?? err}`);
  void shutdown(1);
});
