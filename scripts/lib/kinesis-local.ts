// Starts kinesis-local (the Node build of kinesis-mock) as a child process on free ports, for the
// demo, integration tests and benchmarks, and stops it again. Nothing else should spawn it.
import { ListStreamsCommand } from "@aws-sdk/client-kinesis";
import fs from "node:fs";
import path from "node:path";
import { localService, spawnNode, waitUntilAnswering, type LocalService } from "./child-process";
import { freePorts, isPortFree } from "./free-port";
import { createScriptKinesisClient } from "./kinesis-client";

export interface StartKinesisLocalOptions {
  /** HTTP port; a free one when omitted. The TLS port is always a free one. */
  port?: number;
  /**
   * The region it says it is in when a request names none (default us-east-1). Each request is
   * served in the region it is signed for, so a client must use this region to see its streams.
   */
  region?: string;
  /** Open shards per account; kinesis-local's default is 50. */
  shardLimit?: number;
  /** On-demand streams per account; kinesis-local's default is 10. */
  onDemandStreamLimit?: number;
  /** Receives every line kinesis-local prints (it logs at WARN only). */
  log?: (line: string) => void;
  /** How long to wait for the first ListStreams answer. */
  startTimeoutMs?: number;
  /** Extra settings, e.g. `{ SPLIT_SHARD_DURATION: "100ms" }`. */
  env?: Record<string, string>;
}

/** kinesis-local on a plain HTTP endpoint on loopback, e.g. http://127.0.0.1:41234. */
export type KinesisLocal = LocalService;

/** Finds node_modules/kinesis-local from the working directory upwards (npm, tsx and vitest run at the root). */
export function kinesisLocalPackageDir(from = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "kinesis-local");
    if (fs.existsSync(path.join(candidate, "main.js"))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(`kinesis-local is not installed (looked for node_modules/kinesis-local above ${from}); run npm install`);
    }
  }
}

export async function startKinesisLocal(opts: StartKinesisLocalOptions = {}): Promise<KinesisLocal> {
  const packageDir = kinesisLocalPackageDir();
  const [freeA, freeB] = await freePorts(2);
  const port = opts.port ?? freeA!;
  const tlsPort = freeA === port ? freeB! : freeA!;
  // Otherwise a leftover instance on a fixed port would answer our probe and pass for this one.
  if (opts.port !== undefined && !(await isPortFree(opts.port))) {
    throw new Error(`cannot start kinesis-local on port ${opts.port}: the port is in use (is an earlier demo still running?)`);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KINESIS_MOCK_PLAIN_PORT: String(port),
    KINESIS_MOCK_TLS_PORT: String(tlsPort),
    // Without an absolute path it looks for server.json in its working directory and fails.
    KINESIS_MOCK_CERT_PATH: path.join(packageDir, "server.json"),
    LOG_LEVEL: "WARN",
    // Its runtime warns "CPU is probably starving" whenever the machine is busy (e.g. during
    // next build): noise for us, since we do not tune kinesis-local. Inf turns the check off.
    CATS_EFFECT_CPU_STARVATION_CHECK_INITIAL_DELAY: "Inf",
    AWS_REGION: opts.region ?? "us-east-1",
    ...(opts.shardLimit !== undefined && { SHARD_LIMIT: String(opts.shardLimit) }),
    ...(opts.onDemandStreamLimit !== undefined && { ON_DEMAND_STREAM_COUNT_LIMIT: String(opts.onDemandStreamLimit) }),
    ...opts.env,
  };
  // Never let a persisted data file from some earlier run leak into this one.
  env.SHOULD_PERSIST_DATA = "false";
  env.LOAD_DATA_IF_EXISTS = "false";

  const child = spawnNode({
    name: "kinesis-local",
    args: [path.join(packageDir, "main.js")],
    cwd: packageDir,
    env,
    onLine: opts.log,
  });
  const service = localService(child, port);

  // One attempt per probe and short timeouts: the wait is the retry.
  const client = createScriptKinesisClient({ endpoint: service.endpoint, region: opts.region, maxAttempts: 1, maxSockets: 1 });
  const probe = {
    request: "ListStreams",
    send: (signal: AbortSignal) => client.send(new ListStreamsCommand({ Limit: 1 }), { abortSignal: signal }),
    // Its shutdown waits on open keep-alive connections, so never leave one behind.
    close: () => client.destroy(),
  };
  try {
    await waitUntilAnswering("kinesis-local", service, probe, opts.startTimeoutMs ?? 30_000);
  } catch (err) {
    await child.stop(1_000);
    const tail = child.tail().trim();
    throw new Error(`${(err as Error).message}${tail ? `\n--- kinesis-local output (last lines) ---\n${tail}` : " (it printed nothing)"}`);
  }
  return service;
}
