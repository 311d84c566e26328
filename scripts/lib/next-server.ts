// Runs the built app (scripts/start.mjs: Next behind Shardscope's own HTTP server, as `npm start` does) as a child process pointed at kinesis-local, for the demo
// and the benchmarks, and tells when it accepts connections.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { spawnNode, type ManagedChild } from "./child-process";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./kinesis-client";

export const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");
/** The production server, as `npm start` runs it. */
export const START_SCRIPT = path.join("scripts", "start.mjs");

/** The environment that points the app's SDK clients at kinesis-local with fake credentials. */
export function localAwsEnv(kinesisEndpoint: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    AWS_ENDPOINT_URL_KINESIS: kinesisEndpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    SHARDSCOPE_LOCAL_EMULATOR: "1",
  };
  // Any of these would make the SDK use other credentials or ignore the endpoint variable.
  for (const name of ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]) {
    delete env[name];
  }
  return env;
}

export function hasBuild(root = process.cwd()): boolean {
  return fs.existsSync(path.join(root, ".next", "BUILD_ID"));
}

/** A change under these makes the existing build stale. */
const SOURCES = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.js"];

/** Whether `.next` is missing or older than any source file (the demo and the app tests rebuild then). */
export function buildIsStale(root = process.cwd()): boolean {
  const buildIdFile = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildIdFile)) return true;
  const builtAt = fs.statSync(buildIdFile).mtimeMs;
  for (const source of SOURCES) {
    const abs = path.join(root, source);
    if (!fs.existsSync(abs)) continue;
    if (!fs.statSync(abs).isDirectory()) {
      if (fs.statSync(abs).mtimeMs > builtAt) return true;
      continue;
    }
    for (const entry of fs.readdirSync(abs, { recursive: true, withFileTypes: true })) {
      // Tests are not part of the build.
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
      // `parentPath` is Node ≥ 20.12; `path` is its older, deprecated name.
      const parent = (entry as { parentPath?: string }).parentPath ?? (entry as { path?: string }).path ?? abs;
      if (fs.statSync(path.join(parent, entry.name)).mtimeMs > builtAt) return true;
    }
  }
  return false;
}

export interface NextServer {
  /** Where a browser on this machine reaches it. */
  url: string;
  child: ManagedChild;
}

export interface StartNextServerOptions {
  host: string;
  port: number;
  env: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
  root?: string;
  /** Options for Node itself, before the script (e.g. `--expose-gc` for the memory diagnostic). */
  nodeArgs?: string[];
  /** The server to run, relative to `root`: `scripts/start.mjs` unless set (the standalone build's `.next/standalone/server.js`). */
  script?: string;
}

/** The standalone build's server (`npm run build` makes it; scripts/standalone.mjs). */
export const STANDALONE_SERVER = path.join(".next", "standalone", "server.js");

export async function startNextServer(opts: StartNextServerOptions): Promise<NextServer> {
  const root = opts.root ?? process.cwd();
  const child = spawnNode({
    name: "shardscope server",
    // What `npm start` runs: Next's handler behind Shardscope's own HTTP server (scripts/start.mjs).
    args: [...(opts.nodeArgs ?? []), path.join(root, opts.script ?? START_SCRIPT)],
    cwd: root,
    env: { ...opts.env, SHARDSCOPE_HOST: opts.host, PORT: String(opts.port) },
    onLine: opts.onLine,
  });
  const wildcard = opts.host === "0.0.0.0" || opts.host === "::";
  const connectHost = wildcard ? "127.0.0.1" : opts.host;
  const url = `http://${connectHost.includes(":") ? `[${connectHost}]` : connectHost}:${opts.port}`;
  try {
    // Only a TCP connect: an HTTP probe would run app code and warm what a benchmark measures cold.
    await waitForListener(connectHost, opts.port, child, opts.readyTimeoutMs ?? 60_000);
  } catch (err) {
    await child.stop(1_000);
    const tail = child.tail().trim();
    throw new Error(`${(err as Error).message}${tail ? `\n--- next start output (last lines) ---\n${tail}` : ""}`);
  }
  return { url, child };
}

async function waitForListener(host: string, port: number, child: ManagedChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.hasExited()) {
      const { code, signal } = await child.exited;
      throw new Error(`next start exited before it listened (code ${code}, signal ${signal})`);
    }
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.setTimeout(1_000);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`next start did not listen on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
