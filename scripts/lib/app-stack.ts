// The demo's services for tests that need the real, built app over HTTP (the API fuzzer and the
// hostile-input sweep): kinesis-local with the demo streams and a little demo traffic, moto as
// CloudWatch with the demo alarms and the metrics of that traffic, and any number of `next start`
// servers in front of them (e.g. one read-only, one writable), all on free loopback ports.
// `stop()` ends everything this started, and is safe to call twice.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { startDemoCloudWatch, type DemoCloudWatch } from "./demo-cloudwatch";
import { startDemoProducer } from "./demo-producer";
import { ORDERS_SHARD_LEVEL_METRICS, createDemoStreams } from "./demo-streams";
import { freePort } from "./free-port";
import { createScriptKinesisClient } from "./kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "./kinesis-local";
import { MOTO_INSTALL_HINT } from "./moto-server";
import { hasBuild, localAwsEnv, startNextServer, type NextServer } from "./next-server";

export interface AppStack {
  kinesisEndpoint: string;
  cloudwatchEndpoint: string;
  /** A client on kinesis-local, for the caller's own checks and scratch streams. */
  client: KinesisClient;
  /** Starts one more `next start` on these services, with extra settings (e.g. SHARDSCOPE_READ_ONLY). */
  startApp(env?: Record<string, string>): Promise<NextServer>;
  stop(): Promise<void>;
}

export interface StartAppStackOptions {
  /** Seconds of demo traffic before the app starts, so records and metrics exist. */
  trafficSeconds?: number;
  log?: (line: string) => void;
  /** Receives every line a `next start` prints. */
  appLog?: (line: string) => void;
}

export async function startAppStack(opts: StartAppStackOptions = {}): Promise<AppStack> {
  const root = path.resolve(__dirname, "..", "..");
  const log = opts.log ?? (() => {});
  if (!hasBuild(root)) throw new Error("No production build: run `npm run build` first (npm test does it for you).");

  let kinesis: KinesisLocal | undefined;
  let cloudwatch: DemoCloudWatch | undefined;
  let client: KinesisClient | undefined;
  const apps: NextServer[] = [];
  let stopped = false;
  // Schemas attached during a run go to a directory of the run's own, never the working tree.
  const schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-stack-schemas-"));
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([...apps.map((a) => a.child.stop(3_000)), kinesis?.stop(3_000), cloudwatch?.stop()]);
    client?.destroy();
    fs.rmSync(schemaDir, { recursive: true, force: true });
  };

  try {
    kinesis = await startKinesisLocal({ shardLimit: 200, onDemandStreamLimit: 20 });
    log(`kinesis-local at ${kinesis.endpoint}`);
    client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
    const streams = await createDemoStreams(client, { log });
    cloudwatch = await startDemoCloudWatch({ shardLevel: streams.enhancedMonitoring ? { orders: ORDERS_SHARD_LEVEL_METRICS } : {}, log });
    if (!cloudwatch) throw new Error(`moto is not installed; ${MOTO_INSTALL_HINT}.`);
    log(`moto (CloudWatch) at ${cloudwatch.endpoint}`);
    const cw = cloudwatch;
    const producer = startDemoProducer(client, { ratePerSecond: 20, seed: 8, log, onPut: (put) => cw.record(put) });
    await new Promise((resolve) => setTimeout(resolve, (opts.trafficSeconds ?? 3) * 1000));
    await producer.stop();
    await cw.flush();
  } catch (e) {
    await stop();
    throw e;
  }

  const kinesisEndpoint = kinesis.endpoint;
  const cloudwatchEndpoint = cloudwatch.endpoint;
  return {
    kinesisEndpoint,
    cloudwatchEndpoint,
    client,
    async startApp(env = {}) {
      if (stopped) throw new Error("the stack is stopped");
      const server = await startNextServer({
        host: "127.0.0.1",
        port: await freePort(),
        root,
        env: {
          ...localAwsEnv(kinesisEndpoint),
          AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatchEndpoint,
          // moto plays Glue's Schema Registry too (empty here: the registry routes answer empty lists).
          AWS_ENDPOINT_URL_GLUE: cloudwatchEndpoint,
          SHARDSCOPE_SCHEMA_DIR: schemaDir,
          NEXT_TELEMETRY_DISABLED: "1",
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          ...env,
        },
        onLine: opts.appLog,
      });
      apps.push(server);
      log(
        `app at ${server.url}${
          Object.keys(env).length
            ? ` (${Object.entries(env)
                .map(([k, v]) => `${k}=${v}`)
                .join(" ")})`
            : ""
        }`,
      );
      return server;
    },
    stop,
  };
}
