// A sweep of hostile input over every API route handler, against the run's kinesis-local and moto:
// malformed names, ids, positions, cursors, headers and bodies. Every one must be answered with a
// 4xx JSON error `{ error: { code, message } }` whose message a person can read, never a stack, and
// none may change any stream: a scratch stream's shards and records, and the list of streams, are
// compared before and after the whole sweep.
//
// The first table, SPECIFIC_DEFECTS, holds the defects issue 8 found by probing the demo (number
// and date syntax, lone surrogates, forged cursors, alarms of an unknown stream, a rebinding write,
// a Last-Event-ID with an absurd timestamp); each was answered with a 200 or a 500 before its fix.
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { API_ERROR_CODES } from "@/lib/http/errors";
import { GET as getAlarms } from "@/app/api/t/[target]/[region]/streams/[name]/alarms/route";
import { GET as getConsumers } from "@/app/api/t/[target]/[region]/streams/[name]/consumers/route";
import { GET as getDetails } from "@/app/api/t/[target]/[region]/streams/[name]/details/route";
import { GET as getMetrics } from "@/app/api/t/[target]/[region]/streams/[name]/metrics/route";
import { GET as getRecords, POST as postRecords } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { GET as getStream } from "@/app/api/t/[target]/[region]/streams/[name]/route";
import { GET as getShards } from "@/app/api/t/[target]/[region]/streams/[name]/shards/route";
import { GET as getTail } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { GET as getMonitor } from "@/app/api/t/[target]/[region]/monitor/route";
import { listAllStreamNames, waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import type { StreamRouteContext } from "@/lib/server/http";
import { streamCtx } from "@/scripts/testing/scope";

const SCRATCH = `ss-hostile-${randomBytes(4).toString("hex")}`;
const SHARD0 = "shardId-000000000000";
const SHARD1 = "shardId-000000000001";
const STACK_FRAME = /\n\s+at |\bat [^\s()]+ \([^)]*:\d+:\d+\)|\bat (file:\/\/|node:|\/)\S*:\d+:\d+|"stack"/;

type Handler = (req: Request, ctx: StreamRouteContext) => Promise<Response>;

interface HostileCase {
  /** What is hostile about it. */
  what: string;
  handler: Handler;
  /** The raw path segment Next would hand the route as `name`. */
  name?: string;
  /** Query string, without `?`. */
  query?: string | (() => string);
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: BodyInit | (() => BodyInit);
  /** For the tail: a fresh start (a 200 event stream) is as acceptable as a 4xx; never a 5xx. */
  mayStart?: boolean;
  /** A specific status and code, where the route has a precise answer. */
  status?: number;
  code?: (typeof API_ERROR_CODES)[number];
}

/** A year whose February is less than 15 months ago. */
const RECENT_YEAR = new Date().getUTCMonth() >= 2 ? new Date().getUTCFullYear() : new Date().getUTCFullYear() - 1;

let client: KinesisClient;
/** A real cursor of the scratch stream's first shard, issued by the route in beforeAll. */
let cursor = "";

const json = { "content-type": "application/json" };
const body = (v: unknown) => JSON.stringify(v);
const record = (over: Record<string, unknown> = {}) => ({ partitionKey: "k", data: "hello", ...over });
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");
/** The cursor's readable payload changed, its signature kept: what a person editing a cursor would send. */
const relabel = (raw: string, change: Record<string, unknown>) => {
  const dot = raw.lastIndexOf(".");
  const payload = dot > 0 ? raw.slice(0, dot) : raw;
  const mac = dot > 0 ? raw.slice(dot) : "";
  return `${b64url({ ...JSON.parse(Buffer.from(payload, "base64url").toString("utf8")), ...change })}${mac}`;
};

const STREAM_ROUTES: [string, Handler, string?][] = [
  ["summary", getStream],
  ["details", getDetails],
  ["shards", getShards],
  ["records", getRecords, `shardId=${SHARD0}`],
  ["tail", getTail],
  ["metrics", getMetrics],
  ["alarms", getAlarms],
  ["consumers", getConsumers],
];

const BAD_NAMES: [string, string][] = [
  ["empty", ""],
  ["129 characters", "a".repeat(129)],
  ["a space and '!'", "bad name!"],
  ["a slash", "a/b"],
  ["a percent-encoded slash", "a%2Fb"],
  ["a NUL", "a%00b"],
  ["non-ASCII letters", "ストリーム"],
  ["an emoji", "%F0%9F%92%A5"],
  ["invalid percent-encoding", "%E0%A4%A"],
  ["a 10 kB name", "x".repeat(10_000)],
];

/** The specific defects issue 8 found by probing the demo, each refused now. */
// One case a line, as a table.
// prettier-ignore
const SPECIFIC_DEFECTS: HostileCase[] = [
  { what: "limit in hexadecimal", handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&limit=0x10`, status: 400, code: "invalid_input" },
  { what: "an impossible date (2024-02-31)", handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&from=AT_TIMESTAMP&at=2024-02-31T00:00:00Z`, status: 400, code: "invalid_input" },
  // Within CloudWatch's retention, so that nothing else refuses it.
  { what: "an impossible date in metrics", handler: getMetrics, name: SCRATCH, query: `range=custom&start=${RECENT_YEAR}-02-30T00:00:00Z&end=${RECENT_YEAR}-03-05T00:00:00Z`, status: 400, code: "invalid_input" },
  { what: "a lone surrogate partition key", handler: postRecords, name: SCRATCH, method: "POST", headers: json, body: body({ records: [record({ partitionKey: "a\ud800" })] }), status: 400, code: "invalid_input" },
  { what: "a cursor relabelled for another shard", handler: getRecords, name: SCRATCH, query: () => `shardId=${SHARD1}&cursor=${relabel(cursor, { shardId: SHARD1 })}`, status: 400, code: "invalid_input" },
  { what: "a cursor with a forged iterator", handler: getRecords, name: SCRATCH, query: () => `shardId=${SHARD0}&cursor=${relabel(cursor, { iterator: "AAAAforged" })}`, status: 400, code: "invalid_input" },
  { what: "alarms of an unknown stream", handler: getAlarms, name: `${SCRATCH}-missing`, status: 404, code: "not_found" },
  {
    what: "a write from a rebound host (Host and Origin both evil.example)",
    handler: postRecords,
    name: SCRATCH,
    method: "POST",
    // An empty batch: refused whatever the guard decides, so nothing is written even before the fix.
    headers: { ...json, host: "evil.example:3000", origin: "http://evil.example:3000" },
    body: body({ records: [] }),
    status: 403,
    code: "forbidden",
  },
  // (a 500 before: the resume position was an invalid date)
  { what: "a Last-Event-ID with a huge timestamp", handler: getTail, name: SCRATCH, headers: { "last-event-id": b64url({ t: 9e15, c: {}, d: [] }) }, status: 400, code: "invalid_input" },
  { what: "a Last-Event-ID from the far future", handler: getTail, name: SCRATCH, headers: { "last-event-id": b64url({ s: SCRATCH, t: Date.now() + 86_400_000 * 365, c: {}, d: [] }) }, status: 400, code: "invalid_input" },
];

// One case a line, as a table.
// prettier-ignore
const CASES: HostileCase[] = [
  // names, on every stream route
  ...STREAM_ROUTES.flatMap(([route, handler, query]) =>
    BAD_NAMES.map(([what, name]): HostileCase => ({ what: `${route}: a stream name with ${what}`, handler, name, query, status: 400, code: "invalid_input" })),
  ),
  { what: "records POST: a stream name with a space", handler: postRecords, name: "bad name", method: "POST", headers: json, body: body({ records: [record()] }), status: 400, code: "invalid_input" },
  ...STREAM_ROUTES.filter(([route]) => route !== "alarms").map(
    ([route, handler, query]): HostileCase => ({ what: `${route}: an unknown stream`, handler, name: `${SCRATCH}-missing`, query, status: 404, code: "not_found" }),
  ),

  // shard ids and consumer names
  { what: "no shardId", handler: getRecords, name: SCRATCH, status: 400, code: "invalid_input" },
  { what: "an empty shardId", handler: getRecords, name: SCRATCH, query: "shardId=", status: 400, code: "invalid_input" },
  { what: "a shardId with a path", handler: getRecords, name: SCRATCH, query: "shardId=shardId-0/../1", status: 400, code: "invalid_input" },
  { what: "a 129-character shardId", handler: getRecords, name: SCRATCH, query: `shardId=${"s".repeat(129)}`, status: 400, code: "invalid_input" },
  { what: "a unicode shardId", handler: getRecords, name: SCRATCH, query: `shardId=${encodeURIComponent("шард")}`, status: 400, code: "invalid_input" },
  { what: "a shard that does not exist", handler: getRecords, name: SCRATCH, query: "shardId=shardId-000000000999", status: 404, code: "not_found" },
  { what: "tail: a bad shard id", handler: getTail, name: SCRATCH, query: "shards=shardId-0/../1", status: 400, code: "invalid_input" },
  { what: "tail: a 20 001-character shard list", handler: getTail, name: SCRATCH, query: `shards=${"s,".repeat(10_001)}`, status: 400, code: "invalid_input" },
  { what: "tail: a consumer name with a space", handler: getTail, name: SCRATCH, query: "efo=1&consumer=bad%20name", status: 400, code: "invalid_input" },
  { what: "tail: a 129-character consumer name", handler: getTail, name: SCRATCH, query: `consumer=${"c".repeat(129)}`, status: 400, code: "invalid_input" },
  { what: "metrics: bad shard ids", handler: getMetrics, name: SCRATCH, query: "shards=x/y", status: 400, code: "invalid_input" },
  { what: "metrics: 501 shard ids", handler: getMetrics, name: SCRATCH, query: `shards=${Array.from({ length: 501 }, (_, i) => `shardId-${i}`).join(",")}`, status: 400, code: "invalid_input" },
  { what: "monitor: a bad stream name", handler: getMonitor as Handler, query: "streams=bad%20name!", status: 400, code: "invalid_input" },
  { what: "monitor: 1 001 streams", handler: getMonitor as Handler, query: `streams=${Array.from({ length: 1001 }, (_, i) => `s${i}`).join(",")}`, status: 400, code: "invalid_input" },

  // positions
  ...["BOGUS", "trim_horizon", "", "LATEST%00"].map((from): HostileCase => ({ what: `records: from=${JSON.stringify(from)}`, handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&from=${from}`, status: 400, code: "invalid_input" })),
  ...["garbage", "", "99999999999999999", "1e400", "-1", "2024-13-01", "9999-12-31T00:00:00Z", String(Date.now() + 3_600_000)].map(
    (at): HostileCase => ({ what: `records: AT_TIMESTAMP at=${JSON.stringify(at)}`, handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&from=AT_TIMESTAMP&at=${encodeURIComponent(at)}`, status: 400, code: "invalid_input" }),
  ),
  ...["abc", "", "1".repeat(129), "-5", "1.5"].map(
    (at): HostileCase => ({ what: `records: AT_SEQUENCE_NUMBER at=${JSON.stringify(at.slice(0, 20))}`, handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&from=AT_SEQUENCE_NUMBER&at=${at}`, status: 400, code: "invalid_input" }),
  ),
  ...["0", "-1", "1.5", "1001", "99999999999999999999", "NaN", "abc", ""].map(
    (limit): HostileCase => ({ what: `records: limit=${JSON.stringify(limit)}`, handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&limit=${limit}`, status: 400, code: "invalid_input" }),
  ),
  { what: "records: decoder=bogus", handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&decoder=bogus`, status: 400, code: "invalid_input" },
  { what: "tail: from=BOGUS", handler: getTail, name: SCRATCH, query: "from=BOGUS", status: 400, code: "invalid_input" },
  { what: "tail: AT_TIMESTAMP without at", handler: getTail, name: SCRATCH, query: "from=AT_TIMESTAMP", status: 400, code: "invalid_input" },
  { what: "tail: AT_TIMESTAMP in the future", handler: getTail, name: SCRATCH, query: `from=AT_TIMESTAMP&at=${Date.now() + 3_600_000}`, status: 400, code: "invalid_input" },
  { what: "tail: a 201-character at", handler: getTail, name: SCRATCH, query: `from=AT_TIMESTAMP&at=${"1".repeat(201)}`, status: 400, code: "invalid_input" },
  { what: "tail: a sequence number on all shards", handler: getTail, name: SCRATCH, query: "from=AT_SEQUENCE_NUMBER&at=123", status: 400, code: "invalid_input" },
  { what: "tail: a garbage sequence number", handler: getTail, name: SCRATCH, query: `from=AFTER_SEQUENCE_NUMBER&at=12x&shards=${SHARD0}`, status: 400, code: "invalid_input" },
  { what: "tail: keyMode=regex", handler: getTail, name: SCRATCH, query: "key=a&keyMode=regex", status: 400, code: "invalid_input" },
  { what: "tail: regex=yes", handler: getTail, name: SCRATCH, query: "q=a&regex=yes", status: 400, code: "invalid_input" },
  { what: "tail: an invalid regular expression", handler: getTail, name: SCRATCH, query: "q=(a&regex=1", status: 400, code: "invalid_input" },
  { what: "tail: a backreference (not RE2)", handler: getTail, name: SCRATCH, query: `q=${encodeURIComponent("(a)\\1")}&regex=1`, status: 400, code: "invalid_input" },
  { what: "tail: an expression that does not parse", handler: getTail, name: SCRATCH, query: `expr=${encodeURIComponent("total >")}`, status: 400, code: "invalid_input" },
  { what: "tail: a 1 001-character expression", handler: getTail, name: SCRATCH, query: `expr=${"a".repeat(1001)}`, status: 400, code: "invalid_input" },
  { what: "tail: mode=everything", handler: getTail, name: SCRATCH, query: "mode=everything", status: 400, code: "invalid_input" },
  { what: "tail: efo=maybe", handler: getTail, name: SCRATCH, query: "efo=maybe", status: 400, code: "invalid_input" },
  { what: "metrics: range=1y", handler: getMetrics, name: SCRATCH, query: "range=1y", status: 400, code: "invalid_input" },
  { what: "metrics: custom without end", handler: getMetrics, name: SCRATCH, query: "range=custom&start=2024-01-01T00:00:00Z", status: 400, code: "invalid_input" },
  { what: "metrics: end before start", handler: getMetrics, name: SCRATCH, query: `range=custom&start=${Date.now() - 60_000}&end=${Date.now() - 120_000}`, status: 400, code: "invalid_input" },
  { what: "metrics: start beyond CloudWatch's retention", handler: getMetrics, name: SCRATCH, query: "range=custom&start=1000&end=2000", status: 400, code: "invalid_input" },
  { what: "metrics: garbage start", handler: getMetrics, name: SCRATCH, query: "range=custom&start=yesterday&end=now", status: 400, code: "invalid_input" },
  { what: "metrics: start without range=custom", handler: getMetrics, name: SCRATCH, query: `start=${Date.now() - 60_000}`, status: 400, code: "invalid_input" },
  ...["-60", "1.5", "abc", "0"].map((period): HostileCase => ({ what: `metrics: period=${period}`, handler: getMetrics, name: SCRATCH, query: `period=${period}`, status: 400, code: "invalid_input" })),
  { what: "monitor: range=7d", handler: getMonitor as Handler, query: "range=7d", status: 400, code: "invalid_input" },
  ...["-1", "abc", "1e10"].map((v): HostileCase => ({ what: `monitor: ageWarn=${v}`, handler: getMonitor as Handler, query: `ageWarn=${v}`, status: 400, code: "invalid_input" })),
  { what: "monitor: ageWarn above ageCrit", handler: getMonitor as Handler, query: "ageWarn=600&ageCrit=60", status: 400, code: "invalid_input" },

  // cursors
  { what: "a random cursor", handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&cursor=${randomBytes(48).toString("base64url")}`, status: 400, code: "invalid_input" },
  { what: "a truncated cursor", handler: getRecords, name: SCRATCH, query: () => `shardId=${SHARD0}&cursor=${cursor.slice(0, Math.floor(cursor.length / 2))}`, status: 400, code: "invalid_input" },
  { what: "a cursor of JSON that is not a cursor", handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&cursor=${b64url({ v: 2 })}`, status: 400, code: "invalid_input" },
  { what: "a cursor used on another shard", handler: getRecords, name: SCRATCH, query: () => `shardId=${SHARD1}&cursor=${cursor}`, status: 400, code: "invalid_input" },
  { what: "an 8 193-character cursor", handler: getRecords, name: SCRATCH, query: `shardId=${SHARD0}&cursor=${"A".repeat(8193)}`, status: 400, code: "invalid_input" },

  // headers
  { what: "tail: a 300 kB Last-Event-ID header", handler: getTail, name: SCRATCH, headers: { "last-event-id": "x".repeat(300_000) }, status: 400, code: "invalid_input" },
  { what: "tail: a Last-Event-ID that is not base64", handler: getTail, name: SCRATCH, headers: { "last-event-id": "%%%{not-an-id" }, status: 400, code: "invalid_input" },
  { what: "tail: a Last-Event-ID with a negative timestamp", handler: getTail, name: SCRATCH, headers: { "last-event-id": b64url({ t: -1, c: {}, d: [] }) }, status: 400, code: "invalid_input" },
  { what: "tail: a lastEventId over 200 000 characters", handler: getTail, name: SCRATCH, query: `lastEventId=${"x".repeat(200_001)}`, status: 400, code: "invalid_input" },
  { what: "POST: no content type", handler: postRecords, name: SCRATCH, method: "POST", body: body({ records: [record()] }), status: 400, code: "invalid_input" },
  { what: "POST: text/plain", handler: postRecords, name: SCRATCH, method: "POST", headers: { "content-type": "text/plain" }, body: body({ records: [record()] }), status: 400, code: "invalid_input" },
  { what: "POST: multipart/form-data", handler: postRecords, name: SCRATCH, method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x--", status: 400, code: "invalid_input" },
  { what: "POST: application/jsonx", handler: postRecords, name: SCRATCH, method: "POST", headers: { "content-type": "application/jsonx" }, body: body({ records: [record()] }), status: 400, code: "invalid_input" },
  { what: "POST: cross-site", handler: postRecords, name: SCRATCH, method: "POST", headers: { ...json, "sec-fetch-site": "cross-site" }, body: body({ records: [record()] }), status: 403, code: "forbidden" },
  { what: "POST: from another origin", handler: postRecords, name: SCRATCH, method: "POST", headers: { ...json, origin: "http://evil.example" }, body: body({ records: [record()] }), status: 403, code: "forbidden" },
  { what: "POST: from a null origin", handler: postRecords, name: SCRATCH, method: "POST", headers: { ...json, origin: "null" }, body: body({ records: [record()] }), status: 403, code: "forbidden" },
  { what: "POST: a declared length past 24 MiB", handler: postRecords, name: SCRATCH, method: "POST", headers: { ...json, "content-length": String(25 * 1024 * 1024) }, body: body({ records: [record()] }), status: 413, code: "payload_too_large" },

  // bodies
  ...(
    [
      ["no body", ""],
      ["not JSON", "records: yes"],
      ["truncated JSON", '{"records": [{"partitionKey": "k", "data": "x"'],
      ["JSON null", "null"],
      ["a JSON array", "[]"],
      ["a JSON string", '"records"'],
      ["an empty object", "{}"],
      ["records not an array", body({ records: "x" })],
      ["no records", body({ records: [] })],
      ["501 records", body({ records: Array.from({ length: 501 }, () => record()) })],
      ["a record that is a string", body({ records: ["x"] })],
      ["no partition key", body({ records: [{ data: "x" }] })],
      ["an empty partition key", body({ records: [record({ partitionKey: "" })] })],
      ["a 257-character partition key", body({ records: [record({ partitionKey: "k".repeat(257) })] })],
      ["a numeric partition key", body({ records: [record({ partitionKey: 5 })] })],
      ["no data", body({ records: [{ partitionKey: "k" }] })],
      ["data that is an object", body({ records: [record({ data: { a: 1 } })] })],
      ["an unknown encoding", body({ records: [record({ encoding: "rot13" })] })],
      ["bad base64", body({ records: [record({ data: "%%%", encoding: "base64" })] })],
      ["bad hex", body({ records: [record({ data: "abz", encoding: "hex" })] })],
      ["bad JSON data", body({ records: [record({ data: "{", encoding: "json" })] })],
      ["a hash key that is not a number", body({ records: [record({ explicitHashKey: "abc" })] })],
      ["a hash key of 2^128", body({ records: [record({ explicitHashKey: (2n ** 128n).toString() })] })],
      ["a negative hash key", body({ records: [record({ explicitHashKey: "-1" })] })],
      ["data over 1 MiB", body({ records: [record({ data: "x".repeat(1024 * 1024 + 1) })] })],
      ["records over 10 MiB together", body({ records: Array.from({ length: 11 }, () => record({ data: "x".repeat(1000 * 1000) })) })],
      ["one good and one bad record", body({ records: [record(), record({ partitionKey: "" })] })],
      ["JSON nested 100 000 deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
      ["invalid UTF-8", () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ] as [string, string | (() => BodyInit)][]
  ).map(([what, b]): HostileCase => ({ what: `POST: ${what}`, handler: postRecords, name: SCRATCH, method: "POST", headers: json, body: b, status: 400, code: "invalid_input" })),
  { what: "POST: a body past 24 MiB without a declared length", handler: postRecords, name: SCRATCH, method: "POST", headers: json, body: () => streamOf(25 * 1024 * 1024), status: 413, code: "payload_too_large" },
];

/** A body stream of `size` bytes of JSON-ish text, sent without Content-Length. */
function streamOf(size: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

async function call(c: HostileCase): Promise<{ status: number; type: string; text: string }> {
  const query = typeof c.query === "function" ? c.query() : c.query;
  const url = `http://localhost/api/streams/${c.name ?? ""}/x${query ? `?${query}` : ""}`;
  const b = typeof c.body === "function" ? c.body() : c.body;
  const init: RequestInit & { duplex?: string } = { method: c.method ?? "GET", headers: c.headers };
  if (b !== undefined && b !== "") Object.assign(init, { body: b, duplex: "half" });
  const res = await c.handler(new Request(url, init), streamCtx(c.name ?? ""));
  const type = res.headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream")) {
    // Not an error: close the session it opened and report what came.
    await res.body?.cancel();
    return { status: res.status, type, text: "" };
  }
  return { status: res.status, type, text: await res.text() };
}

function expectRefused(c: HostileCase, r: { status: number; type: string; text: string }): void {
  if (c.mayStart && r.status === 200) {
    expect(r.type).toMatch(/^text\/event-stream/);
    return;
  }
  expect(r.status, `${c.what}: status (${r.text.slice(0, 200)})`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${c.what}: status (${r.text.slice(0, 200)})`).toBeLessThan(500);
  if (c.status) expect(r.status, `${c.what}: ${r.text.slice(0, 200)}`).toBe(c.status);
  expect(r.type).toMatch(/^application\/json/);
  expect(r.text).not.toMatch(STACK_FRAME);
  const parsed = JSON.parse(r.text) as { error: { code: string; message: string } };
  expect(API_ERROR_CODES).toContain(parsed.error.code);
  if (c.code) expect(parsed.error.code).toBe(c.code);
  expect(typeof parsed.error.message).toBe("string");
  expect(parsed.error.message.trim().length).toBeGreaterThan(10);
}

/** What must not change: the stream list, and the scratch stream's shards and every record on them. */
async function snapshot(): Promise<unknown> {
  const shards = (await client.send(new ListShardsCommand({ StreamName: SCRATCH }))).Shards ?? [];
  const records: Record<string, string[]> = {};
  for (const s of shards) {
    const it = await client.send(new GetShardIteratorCommand({ StreamName: SCRATCH, ShardId: s.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    const out = await client.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 10_000 }));
    records[s.ShardId!] = (out.Records ?? []).map((r) => `${r.SequenceNumber}:${r.PartitionKey}:${Buffer.from(r.Data ?? []).toString("base64")}`);
  }
  const streams = (await listAllStreamNames(client)).filter((n) => n.startsWith(SCRATCH)).sort();
  return { streams, shards: shards.map((s) => ({ id: s.ShardId, range: s.HashKeyRange, end: s.SequenceNumberRange?.EndingSequenceNumber })), records };
}

let before: unknown;

beforeAll(async () => {
  client = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await client.send(new CreateStreamCommand({ StreamName: SCRATCH, ShardCount: 2, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  await waitUntilActive(client, SCRATCH);
  await client.send(
    new PutRecordsCommand({
      StreamName: SCRATCH,
      Records: [
        { PartitionKey: "a", Data: new TextEncoder().encode('{"n":1}'), ExplicitHashKey: "0" },
        { PartitionKey: "b", Data: new TextEncoder().encode('{"n":2}'), ExplicitHashKey: "0" },
        { PartitionKey: "c", Data: new TextEncoder().encode("text"), ExplicitHashKey: (2n ** 128n - 1n).toString() },
      ],
    }),
  );
  const page = await getRecords(new Request(`http://localhost/api/streams/${SCRATCH}/records?shardId=${SHARD0}&limit=1`), streamCtx(SCRATCH));
  cursor = ((await page.json()) as { cursor: string }).cursor;
  expect(cursor.length).toBeGreaterThan(10);
  before = await snapshot();
  expect((before as { records: Record<string, string[]> }).records[SHARD0]).toHaveLength(2);
});

afterAll(async () => {
  await client.send(new DeleteStreamCommand({ StreamName: SCRATCH })).catch(() => {});
  client.destroy();
});

describe("hostile input to every route", () => {
  it("has cases for every route handler", () => {
    const handlers = new Set(CASES.map((c) => c.handler));
    for (const h of [getStream, getDetails, getShards, getRecords, postRecords, getTail, getMetrics, getAlarms, getConsumers, getMonitor])
      expect(handlers.has(h as Handler)).toBe(true);
    expect(CASES.length).toBeGreaterThan(150);
  });

  it.each(CASES.map((c) => [c.what, c] as const))("refuses %s with a 4xx JSON error", async (_what, c) => {
    expectRefused(c, await call(c));
  });

  it("changed no stream", async () => {
    expect(await snapshot()).toEqual(before);
  });
});

describe("the hostile inputs issue 8 found", () => {
  it.each(SPECIFIC_DEFECTS.map((c) => [c.what, c] as const))("refuses %s with a 4xx JSON error", async (_what, c) => {
    expectRefused(c, await call(c));
  });

  it("changed no stream either", async () => {
    expect(await snapshot()).toEqual(before);
  });
});
