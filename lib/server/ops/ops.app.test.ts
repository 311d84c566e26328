// Operating the built server as an operator and a load balancer see it: /api/metrics after real
// tail and put traffic (read with a Prometheus text-format parser), the separate metrics listener,
// probes that answer any Host while everything else keeps the host allow-list, one JSON log line
// per API request with its request id, and the standalone build started with `node server.js`.
import { CreateStreamCommand, DeleteStreamCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { spawnNode } from "@/scripts/lib/child-process";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { freePort } from "@/scripts/lib/free-port";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { localAwsEnv, STANDALONE_SERVER, startNextServer, type NextServer } from "@/scripts/lib/next-server";
import { parseScrape, sampleSum, sampleValue, type Scrape } from "@/scripts/testing/prometheus";
import { readSseEvents } from "@/scripts/testing/sse-events";

const STREAM = `ss-ops-${randomBytes(4).toString("hex")}`;
/** No targets file: the default chain, named `default`, in us-east-1. */
const SCOPE = { target: "default", region: "us-east-1" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let kinesis: KinesisClient;
let server: NextServer;
let metricsPort: number;
const lines: string[] = [];

beforeAll(async () => {
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
  await waitUntilActive(kinesis, STREAM);
  metricsPort = await freePort();
  server = await startNextServer({
    host: "127.0.0.1",
    port: await freePort(),
    env: {
      ...localAwsEnv(inject("kinesisEndpoint")),
      SHARDSCOPE_CLOUDWATCH_DISABLED: "1",
      SHARDSCOPE_METRICS_PORT: String(metricsPort),
      SHARDSCOPE_LOG_LEVEL: "debug",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    onLine: (l) => lines.push(l),
  });
});

afterAll(async () => {
  await server?.child.stop();
  await kinesis?.send(new DeleteStreamCommand({ StreamName: STREAM, EnforceConsumerDeletion: true })).catch(() => {});
  kinesis?.destroy();
});

const host = () => new URL(server.url).host;

async function scrape(url = `${server.url}/api/metrics`): Promise<Scrape> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseScrape(await res.text());
}

/** Scrapes until `check` holds (a session closes when the server notices its client left). */
async function scrapeUntil(check: (s: Scrape) => boolean): Promise<Scrape> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const s = await scrape();
    if (check(s) || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function put(records: string[], origin = server.url): Promise<Response> {
  // The scoped path: a cross-site write to a short path is refused by proxy.ts before any route.
  return fetch(`${server.url}/api/t/default/us-east-1/streams/${STREAM}/records`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, "sec-fetch-site": origin === server.url ? "same-origin" : "cross-site" },
    body: JSON.stringify({ records: records.map((data, i) => ({ partitionKey: `k${i}`, data })) }),
  });
}

/** JSON log lines the server printed (other lines, such as Node's own warnings, are skipped). */
function logEntries(): Record<string, unknown>[] {
  return lines.flatMap((l) => {
    if (!l.startsWith("{")) return [];
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

async function logLine(match: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
  // pino writes asynchronously: the line follows the response by a moment.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = logEntries().find(match);
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("/api/metrics", () => {
  it("counts real tail and put traffic: sessions, readers, GetRecords per stream, writes by outcome, AWS calls", async () => {
    expect((await put(["one", "two", "three"])).status).toBe(200);
    expect((await put(["refused"], "http://evil.example")).status).toBe(403);
    // The same on a short path, which proxy.ts refuses before any route: counted all the same.
    const short = await fetch(`${server.url}/api/streams/${STREAM}/records`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ records: [{ partitionKey: "k", data: "refused" }] }),
    });
    expect(short.status).toBe(403);
    const empty = await fetch(`${server.url}/api/streams/${STREAM}/records`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ records: [] }),
    });
    expect(empty.status).toBe(400);

    const tail = new AbortController();
    const res = await fetch(`${server.url}/api/streams/${STREAM}/tail?from=TRIM_HORIZON`, { signal: tail.signal, headers: { accept: "text/event-stream" } });
    expect(res.status).toBe(200);
    const received: string[] = [];
    let gotAll!: () => void;
    const all = new Promise<void>((resolve) => (gotAll = resolve));
    const reading = readSseEvents<{ records: { decoded: { text?: string } }[] }>(res.body!, (e) => {
      if (e.event !== "records") return;
      for (const r of e.data.records) received.push(r.decoded.text ?? "");
      if (received.length >= 3) gotAll();
    }).catch(() => {});
    try {
      await all;
      await whileTailOpen(received);
    } finally {
      tail.abort();
      await reading;
    }
    const closed = await scrapeUntil((s) => sampleValue(s, "shardscope_sessions_open", { kind: "tail" }) === 0);
    expect(sampleValue(closed, "shardscope_sessions_open", { kind: "tail" })).toBe(0);

    // A stream that does not exist: Kinesis's error, counted by its code.
    expect((await fetch(`${server.url}/api/streams/${STREAM}-absent`)).status).toBe(404);
    const after = await scrape();
    expect(sampleValue(after, "shardscope_aws_errors_total", { service: "Kinesis", code: "ResourceNotFoundException" })).toBe(1);
  });
});

/** What the metrics say while the tail that received `received` is open. */
async function whileTailOpen(received: string[]): Promise<void> {
  expect(received).toEqual(["one", "two", "three"]);

  const open = await scrape();
  const stream = { ...SCOPE, stream: STREAM };
  expect(sampleValue(open, "shardscope_sessions_open", { kind: "tail" })).toBe(1);
  expect(sampleValue(open, "shardscope_sessions_open", { kind: "search" })).toBe(0);
  expect(sampleValue(open, "shardscope_readers", { ...SCOPE, mode: "polling" })).toBe(1);
  expect(sampleValue(open, "shardscope_getrecords_calls_total", stream)).toBeGreaterThanOrEqual(1);
  expect(sampleValue(open, "shardscope_getrecords_throttles_total", stream)).toBeUndefined();
  expect(sampleValue(open, "shardscope_writes_total", { action: "put", outcome: "ok" })).toBe(1);
  expect(sampleValue(open, "shardscope_writes_total", { action: "put", outcome: "refused" })).toBe(2);
  expect(sampleValue(open, "shardscope_writes_total", { action: "put", outcome: "invalid" })).toBe(1);
  expect(sampleValue(open, "shardscope_aws_calls_total", { service: "Kinesis", operation: "PutRecords" })).toBe(1);
  expect(sampleValue(open, "shardscope_aws_calls_total", { service: "Kinesis", operation: "GetRecords" })).toBeGreaterThanOrEqual(1);
  expect(sampleSum(open, "shardscope_aws_errors_total")).toBe(0);
  // CloudWatch is off for this server: not one call.
  expect(sampleSum(open, "shardscope_cloudwatch_calls_total")).toBe(0);
  expect(sampleValue(open, "shardscope_process_resident_memory_bytes")).toBeGreaterThan(0);
}

describe("the metrics listener", () => {
  it("is also served by the separate listener, at /metrics only", async () => {
    const listener = `http://127.0.0.1:${metricsPort}`;
    const s = await scrape(`${listener}/metrics`);
    expect(s.get("shardscope_writes_total")?.type).toBe("COUNTER");
    expect(sampleValue(s, "shardscope_writes_total", { action: "put", outcome: "ok" })).toBe(1);
    expect((await fetch(`${listener}/metrics`, { method: "HEAD" })).status).toBe(200);
    const post = await fetch(`${listener}/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect((await fetch(`${listener}/api/streams`)).status).toBe(404);
    expect((await fetch(`${listener}/`)).status).toBe(404);
  });
});

describe("probes and hosts", () => {
  it("answer the probes for any Host, as load balancers probe by IP; /api/metrics keeps the host allow-list", async () => {
    const http = await import("node:http");
    const get = (p: string, hostHeader: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(server.url);
        const req = http.request({ host: url.hostname, port: url.port, path: p, headers: { host: hostHeader }, agent: false }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
      });
    for (const hostHeader of ["10.0.3.17:8080", "evil.example", host()]) {
      const live = await get("/api/live", hostHeader);
      expect(live.status, hostHeader).toBe(200);
      expect(JSON.parse(live.body)).toMatchObject({ live: true });
      const ready = await get("/api/ready", hostHeader);
      expect(ready.status, hostHeader).toBe(200);
      expect(JSON.parse(ready.body)).toMatchObject({ ready: true, checks: { settings: "ok", targets: "ok" }, targets: 1, kinesis: { reachable: true } });
    }
    const metrics = await get("/api/metrics", "evil.example");
    expect(metrics.status).toBe(403);
    expect(JSON.parse(metrics.body).error.code).toBe("forbidden");
    expect(metrics.body).not.toContain("shardscope_");
    // Only those two paths: the rest of the API keeps the guard.
    expect((await get("/api/live/x", "evil.example")).status).toBe(403);
    expect((await get("/api/streams", "evil.example")).status).toBe(403);
  });
});

describe("the log", () => {
  it("has one JSON line per API request with method, path, status, duration and the request id", async () => {
    const res = await fetch(`${server.url}/api/streams`, { headers: { "x-request-id": "ops-app-test-0001" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("ops-app-test-0001");
    const line = await logLine((e) => e.reqId === "ops-app-test-0001");
    expect(line).toMatchObject({
      level: "info",
      service: "shardscope",
      msg: "request",
      method: "GET",
      path: "/api/t/default/us-east-1/streams",
      status: 200,
    });
    expect(typeof line!.durationMs).toBe("number");
    expect(Date.parse(line!.time as string)).not.toBeNaN();

    // An id that does not look like one is replaced, and the new one is what the log says.
    const odd = await fetch(`${server.url}/api/streams/${STREAM}-absent`, { headers: { "x-request-id": "not an id <b>" } });
    expect(odd.status).toBe(404);
    const given = odd.headers.get("x-request-id")!;
    expect(given).toMatch(UUID);
    expect(await logLine((e) => e.reqId === given)).toMatchObject({ status: 404, path: `/api/t/default/us-east-1/streams/${STREAM}-absent` });
    expect(logEntries().some((e) => JSON.stringify(e).includes("not an id"))).toBe(false);

    // Probes log at debug (this server runs at debug; the default, info, leaves them out).
    const probe = await fetch(`${server.url}/api/live`, { headers: { "x-request-id": "ops-app-probe-01" } });
    expect(probe.status).toBe(200);
    expect(await logLine((e) => e.reqId === "ops-app-probe-01")).toMatchObject({ level: "debug", path: "/api/live", status: 200 });
    // The server's own lines are JSON too.
    expect(logEntries().find((e) => String(e.msg).startsWith("Shardscope listening on"))).toMatchObject({
      level: "info",
      port: Number(new URL(server.url).port),
    });
    expect(logEntries().find((e) => String(e.msg).startsWith("metrics listener on"))).toMatchObject({ port: metricsPort });
  });
});

describe("the standalone build", () => {
  it("starts with `node .next/standalone/server.js` and serves pages, assets, API and probes", async () => {
    const own: string[] = [];
    const standalone = await startNextServer({
      host: "127.0.0.1",
      port: await freePort(),
      script: STANDALONE_SERVER,
      env: { ...localAwsEnv(inject("kinesisEndpoint")), SHARDSCOPE_CLOUDWATCH_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" },
      onLine: (l) => own.push(l),
    });
    try {
      const ready = await fetch(`${standalone.url}/api/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, kinesis: { reachable: true } });
      const streams = await fetch(`${standalone.url}/api/streams`);
      expect(streams.status).toBe(200);
      expect(((await streams.json()) as { streams: { name: string }[] }).streams.map((s) => s.name)).toContain(STREAM);
      const page = await fetch(`${standalone.url}/t/default/us-east-1`);
      expect(page.status).toBe(200);
      const asset = (await page.text()).match(/\/_next\/static\/[^"]+\.js/)?.[0];
      expect(asset).toBeDefined();
      expect((await fetch(`${standalone.url}${asset}`)).status).toBe(200);
      // Shardscope's own server in front of Next's handler: a method no route serves gets its JSON 405.
      const propfind = await fetch(`${standalone.url}/api/streams`, { method: "PROPFIND" });
      expect(propfind.status).toBe(405);
      expect(((await propfind.json()) as { error: { message: string } }).error.message).toMatch(/^PROPFIND is not a method Shardscope answers/);
      expect(own.join("\n")).toMatch(/"standalone":true,"msg":"Shardscope listening on/);
      expect(own.join("\n")).not.toContain("does not work with");
    } finally {
      await standalone.child.stop();
    }
  });

  it("runs the same start check: a bad setting stops it, exit code 1, every problem listed", async () => {
    const own: string[] = [];
    const child = spawnNode({
      name: "standalone server",
      args: [path.join(process.cwd(), STANDALONE_SERVER)],
      env: {
        ...localAwsEnv(inject("kinesisEndpoint")),
        SHARDSCOPE_HOST: "127.0.0.1",
        PORT: String(await freePort()),
        SHARDSCOPE_DESCRIBE_RATE: "100",
        SHARDSCOPE_LOG_LEVEL: "loud",
      },
      onLine: (l) => own.push(l),
    });
    const timer = setTimeout(() => void child.stop(1_000), 60_000);
    const { code } = await child.exited;
    clearTimeout(timer);
    const output = own.join("\n");
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid Shardscope configuration:\n\s+SHARDSCOPE_DESCRIBE_RATE: .*\n\s+SHARDSCOPE_LOG_LEVEL: must be one of/);
    expect(output).not.toMatch(/Shardscope listening on/);
  });
});
