// Starts moto's server (from `pip install "moto[server]"`) as the local CloudWatch for tests, the
// demo and benchmarks, on a free loopback port, waits until it answers, and stops it again.
//
// It runs what the `moto_server` command runs (moto.server.main with -H and -p), under the Python
// that has moto, plus one thing: a thread that exits when our pipe to its stdin closes. We hold
// the write end, so moto ends when we do for any reason — even SIGKILL, when no handler of ours
// runs — as kinesis-local does through child-process.ts.
import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import { freePort } from "./free-port";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./kinesis-client";

const BOOT = [
  "import os, sys, threading",
  "def watch():",
  "    try:",
  "        while sys.stdin.buffer.read(65536): pass",
  "    except Exception: pass",
  "    os._exit(0)",
  "threading.Thread(target=watch, daemon=True).start()",
  "from moto.server import main",
  "main(sys.argv[1:])",
].join("\n");

export interface MotoServer {
  /** e.g. http://127.0.0.1:41235 — what AWS_ENDPOINT_URL_CLOUDWATCH is set to. */
  endpoint: string;
  port: number;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when moto is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartMotoOptions {
  port?: number;
  /** The Python that has moto installed; `python3` by default (MOTO_PYTHON overrides). */
  python?: string;
  startTimeoutMs?: number;
  /** Receives every line moto prints (werkzeug logs each request). */
  log?: (line: string) => void;
}

export function motoPython(): string {
  return process.env.MOTO_PYTHON || "python3";
}

export const MOTO_INSTALL_HINT = 'pip install "moto[server]", or set MOTO_PYTHON to the Python that has it';

/** Whether moto's server can be started here (it is optional for the demo). */
export function motoAvailable(python = motoPython()): boolean {
  const r = spawnSync(python, ["-c", "import moto.server, flask"], { stdio: "ignore", timeout: 30_000 });
  return !r.error && r.status === 0;
}

/** A CloudWatch client for scripts and tests that play AWS's part against moto. */
export function createScriptCloudWatchClient(endpoint: string, maxAttempts = 3): CloudWatchClient {
  return new CloudWatchClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    maxAttempts,
    // The SDK gzips large PutMetricData bodies and moto cannot read them ("Not a gzipped file").
    disableRequestCompression: true,
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 8 }),
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
    }),
  });
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startMotoServer(opts: StartMotoOptions = {}): Promise<MotoServer> {
  const port = opts.port ?? (await freePort());
  const python = opts.python ?? motoPython();
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // When we exit without stopping it; `exit` handlers must be synchronous.
    process.on("exit", () => {
      for (const p of live) p.kill("SIGKILL");
    });
  }
  const child = spawn(python, ["-c", BOOT, "-H", "127.0.0.1", "-p", String(port)], {
    // Same process group: a Ctrl-C in the terminal reaches moto too.
    detached: false,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  live.add(child);
  child.stdin?.on("error", () => {});

  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 40) lines.shift();
        opts.log?.(line);
      }
    });
  }
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true;
      live.delete(child);
      resolve({ code, signal });
    });
    // A spawn failure (e.g. ENOENT) emits `error` and never `exit`.
    child.once("error", (err) => {
      lines.push(`cannot run ${python}: ${err.message}`);
      done = true;
      live.delete(child);
      resolve({ code: null, signal: null });
    });
  });
  const stop = async (graceMs = 3_000) => {
    if (done) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (!done) child.kill("SIGKILL");
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, exited, opts.startTimeoutMs ?? 30_000);
  } catch (err) {
    await stop(1_000);
    const tail = lines.join("\n").trim();
    const missing = /cannot run|No module named/.test(tail);
    throw new Error(
      `${(err as Error).message}.${missing ? ` moto is not installed for ${python}; ${MOTO_INSTALL_HINT}.` : ""}${tail ? `\n--- moto output (last lines) ---\n${tail}` : ""}`,
    );
  }
  return { endpoint, port, pid: child.pid ?? -1, exited, stop };
}

async function waitUntilAnswering(
  endpoint: string,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  timeoutMs: number,
): Promise<void> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => (exit = e));
  const client = createScriptCloudWatchClient(endpoint, 1);
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer yet";
  try {
    for (;;) {
      if (exit) throw new Error(`moto exited before it answered (code ${exit.code}, signal ${exit.signal})`);
      try {
        await client.send(new ListMetricsCommand({ Namespace: "AWS/Kinesis" }), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch (err) {
        lastError = (err as Error).message || (err as Error).name;
      }
      if (Date.now() > deadline) throw new Error(`moto did not answer ListMetrics at ${endpoint} within ${timeoutMs} ms (last error: ${lastError})`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  } finally {
    client.destroy();
  }
}
