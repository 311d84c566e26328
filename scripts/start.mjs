// The production server: Next's request handler behind a plain Node HTTP server, so that what
// Next itself cannot answer is answered here first. Next builds a WHATWG Request for every request
// (for the proxy and the route handlers), and the Request constructor refuses TRACE and TRACK:
// `next start` turns them into a plain-text 500 before any of our code runs. Here they, and any
// other method no route serves, get a JSON 405. Everything else goes to Next unchanged.
//
// `npm start`: listens on SHARDSCOPE_HOST (default 127.0.0.1, never every interface by accident)
// and PORT (default 3000). The demo, the tests and the benchmarks run this very file. The standalone
// build (`npm run build`: scripts/standalone.mjs) runs it too, as `node .next/standalone/server.js`:
// the same start checks (instrumentation.ts) and the same refusals there, with no source tree.
//
// Its own log lines are JSON (pino), as the routes' are (lib/server/ops/log.ts).

import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
// In the standalone build this file sits beside its `.next`; in the source tree, in scripts/.
const standalone = fs.existsSync(path.join(here, ".next", "required-server-files.json"));
const root = standalone ? here : path.resolve(here, "..");
// The configuration the build resolved (next.config.js is not in the standalone build): set as
// the standalone server.js that Next writes sets it; Next then also knows this is no `next start`.
const builtConfig = path.join(root, ".next", "required-server-files.json");
if (fs.existsSync(builtConfig)) {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(fs.readFileSync(builtConfig, "utf8")).config);
}
if (standalone) process.chdir(root);

const next = require("next");
const pino = require("pino");

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const wantedLevel = String(process.env.SHARDSCOPE_LOG_LEVEL ?? "")
  .trim()
  .toLowerCase();
// The same shape as lib/server/ops/log.ts: level names, ISO times, `service`.
const log = pino({
  level: LOG_LEVELS.includes(wantedLevel) ? wantedLevel : "info",
  base: { service: "shardscope" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

const host = process.env.SHARDSCOPE_HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
// As `next start` does: the production build of React, and the port in the environment, where the
// host allow-list (proxy.ts) reads it.
process.env.NODE_ENV = "production";
process.env.PORT = String(port);

/** The methods Shardscope's routes answer (GET also serves HEAD; OPTIONS says which apply). */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function refuseMethod(req, res) {
  const body = JSON.stringify({
    error: {
      code: "method_not_allowed",
      message: `${String(req.method).slice(0, 20)} is not a method Shardscope answers; use GET, or POST where the README's HTTP API says so.`,
    },
  });
  res.writeHead(405, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    allow: [...METHODS].join(", "),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(body);
}

const app = next({ dev: false, dir: root, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();
// In production Next runs instrumentation.ts (our start check of the settings and the targets
// file) in the background, and only each request waits for it. Wait for it before listening, so
// that a bad configuration stops the server (exit 1, every problem listed) before it takes a
// connection. `prepare()` of Next's own server is idempotent: requests then find it done.
await (await app.server?.getServer?.())?.prepare?.();

const server = http.createServer((req, res) => {
  if (!METHODS.has(req.method ?? "")) return refuseMethod(req, res);
  handle(req, res).catch((e) => {
    log.error({ err: e, method: req.method }, "request failed");
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "internal", message: "Shardscope hit an unexpected error; the server log has the details." } }));
  });
});
// A request Node's HTTP parser cannot read (an unknown method such as TRACK, a malformed header):
// Node would answer a bare 400; answer the API's JSON error instead, then close.
server.on("clientError", (err, socket) => {
  if (!socket.writable || err.code === "ECONNRESET") return socket.destroy();
  const body = JSON.stringify({ error: { code: "invalid_input", message: "The request is not valid HTTP/1.1, so Shardscope cannot read it." } });
  socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
});
server.on("error", (e) => {
  log.fatal({ code: e.code, host, port }, `Shardscope cannot listen on ${host}:${port} (${e.code ?? e.message}); choose another PORT or SHARDSCOPE_HOST.`);
  log.flush?.();
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
});
server.listen(port, host, () => {
  log.info({ host, port, standalone }, `Shardscope listening on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
});

// Opt-in memory diagnostic (SHARDSCOPE_DIAGNOSTICS=1; the soak benchmark uses it): on SIGUSR2, a
// full garbage collection when Node runs with --expose-gc, then one line on stdout,
// `[shardscope-diagnostics] {json}`: process.memoryUsage() and v8.getHeapStatistics(), in bytes.
// SHARDSCOPE_DIAGNOSTICS=snapshot also writes a V8 heap snapshot to .test-output/ and names it.
// Tells memory the program still holds (heapUsed after a GC) from pages V8 and the allocator keep
// (RSS). Off by default: a heap snapshot stops the server for seconds and can be large.
const diagnostics = process.env.SHARDSCOPE_DIAGNOSTICS;
if (diagnostics === "1" || diagnostics === "snapshot") {
  process.on("SIGUSR2", () => {
    const gc = typeof globalThis.gc === "function" ? globalThis.gc : undefined;
    // Twice: objects with finalizers or weak callbacks are only freed by the second collection.
    gc?.();
    gc?.();
    const report = { at: new Date().toISOString(), gc: Boolean(gc), memory: process.memoryUsage(), heap: v8.getHeapStatistics() };
    try {
      // Linux: resident memory split into anonymous (heaps, malloc) and file-backed (code) pages.
      const status = fs.readFileSync("/proc/self/status", "utf8");
      report.proc = Object.fromEntries(["VmRSS", "RssAnon", "RssFile"].map((k) => [k, Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024]));
    } catch {
      // not Linux
    }
    if (diagnostics === "snapshot") {
      const dir = path.join(root, ".test-output");
      fs.mkdirSync(dir, { recursive: true });
      report.snapshot = v8.writeHeapSnapshot(path.join(dir, `shardscope-${process.pid}-${Date.now()}.heapsnapshot`));
    }
    console.log(`[shardscope-diagnostics] ${JSON.stringify(report)}`);
  });
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Open event streams never end by themselves: stop taking requests, cut what is open, leave.
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}
