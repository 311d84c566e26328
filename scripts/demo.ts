// `npm run demo`: Shardscope against a local Kinesis with live traffic, no AWS account needed.
// Starts kinesis-local, creates the demo streams, runs the producer, builds if needed, runs next.
// When moto is installed it is the local CloudWatch, fed with the demo traffic's metrics.
import os from "node:os";
import path from "node:path";
import { onAncestorExit, spawnNode, type ManagedChild } from "./lib/child-process";
import { startDemoCloudWatch, type DemoCloudWatch } from "./lib/demo-cloudwatch";
import { ORDERS_SHARD_LEVEL_METRICS, createDemoStreams } from "./lib/demo-streams";
import { startDemoProducer, type DemoProducer } from "./lib/demo-producer";
import { isPortFree } from "./lib/free-port";
import { createScriptKinesisClient } from "./lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "./lib/kinesis-local";
import { createKinesisLocalLogFilter } from "./lib/kinesis-local-log";
import { buildDoneMessage, buildStartMessage, nodeSupportNote } from "./lib/demo-messages";
import { MOTO_INSTALL_HINT } from "./lib/moto-server";
import { NEXT_BIN, buildIsStale, hasBuild, localAwsEnv, startNextServer } from "./lib/next-server";

const ROOT = process.cwd();
const SHUTDOWN_BUDGET_MS = 5_000;

type KinesisClient = ReturnType<typeof createScriptKinesisClient>;

const state: {
  kinesis?: KinesisLocal;
  client?: KinesisClient;
  producer?: DemoProducer;
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

  say("starting kinesis-local…");
  // Without the stack traces of the not-found answers the app provokes on purpose.
  const kinesisLog = createKinesisLocalLogFilter(prefixed("[kinesis-local]"));
  state.kinesis = await startKinesisLocal({ port: kinesisPort, log: (line) => kinesisLog.push(line) });
  void state.kinesis.exited.then(() => kinesisLog.flush());
  watch("kinesis-local", state.kinesis.exited);
  if (state.shuttingDown) return;

  state.client = createScriptKinesisClient({ endpoint: state.kinesis.endpoint });
  const streams = await createDemoStreams(state.client, { log: (line) => say(line) });
  if (state.shuttingDown) return;

  say("starting moto as the local CloudWatch…");
  let noCloudWatch = `moto is not installed; ${MOTO_INSTALL_HINT}`;
  state.cloudwatch = await startDemoCloudWatch({
    shardLevel: streams.enhancedMonitoring ? { orders: ORDERS_SHARD_LEVEL_METRICS } : {},
    log: (line) => !state.shuttingDown && console.warn(`[cloudwatch] ${line}`),
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
      ...localAwsEnv(state.kinesis.endpoint),
      ...(cloudwatch ? { AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch.endpoint } : { SHARDSCOPE_CLOUDWATCH_DISABLED: "1" }),
    },
    onLine: prefixed("[next]"),
    readyTimeoutMs: 60_000,
  });
  state.next = next.child;
  watch("next start", next.child.exited);
  if (state.shuttingDown) return;
  const url = next.url;

  const created = streams.created.length > 0 ? `created ${streams.created.join(", ")}` : "reused the existing streams";
  console.log(
    [
      "",
      "  ┌──────────────────────────────────────────────────────────────────────",
      `  │ Shardscope demo is running:  ${url}`,
      host === "0.0.0.0" || host === "::" ? `  │   (listening on every interface, as SHARDSCOPE_HOST=${host} asks)` : null,
      `  │ kinesis-local endpoint:      ${state.kinesis.endpoint}   (${created})`,
      "  │   note: kinesis-local has no listen-host option and binds EVERY interface,",
      "  │   so other machines on your network can reach it while the demo runs.",
      "  │ Demo traffic: ~20 records/s into orders, clickstream, telemetry, payments.",
      cloudwatch
        ? `  │ CloudWatch (moto):           ${cloudwatch.endpoint}   (the traffic's AWS/Kinesis metrics, 2 demo alarms)`
        : `  │ CloudWatch: not available (moto is not installed); the Metrics tab shows live metrics only.`,
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
  if (state.producer) {
    await timed("producer", Promise.race([state.producer.stop(), new Promise((resolve) => setTimeout(resolve, 500))]));
  }
  state.client?.destroy();
  // next first matters too (its client holds connections to kinesis-local), but in parallel
  // is fast enough: next closes them as it exits, well within kinesis-local's grace period.
  await Promise.all([
    state.build && timed("next build", state.build.stop(2_500)),
    state.next && timed("next", state.next.stop(2_500)),
    // It keeps nothing on disk (persistence is off), so a short grace costs nothing; its own
    // shutdown can stall for seconds when a request was in flight as the signal came.
    state.kinesis && timed("kinesis-local", state.kinesis.stop(1_000)),
    state.cloudwatch && timed("moto", state.cloudwatch.stop()),
  ]);
  const sent = state.producer?.stats().sent;
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
