// Starts moto's server (from `pip install "moto[server]"`) as the local CloudWatch for tests, the
// demo and benchmarks, on a free loopback port, waits until it answers, and stops it again.
//
// It runs what the `moto_server` command runs (moto.server.main with -H and -p), under the Python
// that has moto, plus one thing: a thread that exits when our pipe to its stdin closes. We hold
// the write end, so moto ends when we do for any reason — even SIGKILL, when no handler of ours
// runs — besides the watchdog of child-process.ts that every child of ours has.
import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { spawnSync } from "node:child_process";
import http from "node:http";
import { localService, spawnChild, waitUntilAnswering, type LocalService } from "./child-process";
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

/** moto on loopback; its endpoint is what AWS_ENDPOINT_URL_CLOUDWATCH is set to. */
export type MotoServer = LocalService;

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

/**
 * A CloudWatch client for scripts and tests that play AWS's part against moto. moto keeps each
 * region's metrics and alarms apart, as CloudWatch does: write in the region the app reads.
 */
export function createScriptCloudWatchClient(endpoint: string, maxAttempts = 3, region: string = LOCAL_REGION): CloudWatchClient {
  return new CloudWatchClient({
    endpoint,
    region,
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

export async function startMotoServer(opts: StartMotoOptions = {}): Promise<MotoServer> {
  const port = opts.port ?? (await freePort());
  const python = opts.python ?? motoPython();
  const child = spawnChild({
    name: "moto",
    command: python,
    args: ["-c", BOOT, "-H", "127.0.0.1", "-p", String(port)],
    // Its watchdog thread reads this pipe: moto ends when it closes.
    stdin: "pipe",
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
    onLine: opts.log,
  });
  const service = localService(child, port);

  const client = createScriptCloudWatchClient(service.endpoint, 1);
  const probe = {
    request: "ListMetrics",
    send: (signal: AbortSignal) => client.send(new ListMetricsCommand({ Namespace: "AWS/Kinesis" }), { abortSignal: signal }),
    close: () => client.destroy(),
  };
  try {
    await waitUntilAnswering("moto", service, probe, opts.startTimeoutMs ?? 30_000);
  } catch (err) {
    await child.stop(1_000);
    const tail = child.tail().trim();
    const missing = /spawn error|No module named/.test(tail);
    throw new Error(
      `${(err as Error).message}.${missing ? ` moto is not installed for ${python}; ${MOTO_INSTALL_HINT}.` : ""}${tail ? `\n--- moto output (last lines) ---\n${tail}` : ""}`,
    );
  }
  return service;
}
