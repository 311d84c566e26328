// The API route handlers themselves, called with a Request and the context Next passes, against the
// run's kinesis-local: the README's response shapes, error bodies and statuses, and no leaks.
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DeleteStreamCommand,
  PutRecordCommand,
  SplitShardCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getHealth } from "@/app/api/t/[target]/[region]/health/route";
import { GET as getStreams } from "@/app/api/t/[target]/[region]/streams/route";
import { GET as getStream } from "@/app/api/t/[target]/[region]/streams/[name]/route";
import { GET as getDetails } from "@/app/api/t/[target]/[region]/streams/[name]/details/route";
import { GET as getRecords } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { GET as getShards } from "@/app/api/t/[target]/[region]/streams/[name]/shards/route";
import { freePort } from "@/scripts/lib/free-port";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { forgetAppState } from "@/scripts/testing/app-state";
import { scopeCtx, streamCtx } from "@/scripts/testing/scope";

const prefix = `ss-routes-${randomBytes(4).toString("hex")}`;
const STREAM = `${prefix}-orders`;
const SPLIT = `${prefix}-split`;
const MISSING = `${prefix}-missing`;
const SHARD = "shardId-000000000000";
const HALF = 2n ** 127n;
const MAX_HASH = (2n ** 128n - 1n).toString();
// kinesis-local does not check signatures; a distinctive secret lets us prove it never leaks.
const SECRET = "Sh4rdsc0pe/TEST+secret/9f3c1a7e5b2d";

/** "    at fn (/app/x.ts:1:2)", "at node:internal/…:3:4", "at file:///…:5:6": what a stack trace is made of. */
const STACK_FRAME = /\n\s+at |\bat [^\s()]+ \([^)]*:\d+:\d+\)|\bat (file:\/\/|node:|\/)\S*:\d+:\d+|"stack"/;

let client: KinesisClient;
const savedEnv = { secret: process.env.AWS_SECRET_ACCESS_KEY, kinesisEndpoint: process.env.AWS_ENDPOINT_URL_KINESIS };
const puts: { seq: string; partitionKey: string; data: Uint8Array }[] = [];

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

interface Called {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** Calls a handler as Next would, and checks what every response must never contain. */
async function call<C>(handler: Handler<C>, path: string, ctx: C): Promise<Called> {
  const res = await handler(new Request(`http://localhost${path}`), ctx);
  const text = await res.text();
  expect(text, `${path} leaks the secret access key`).not.toContain(SECRET);
  expect(text, `${path} leaks a stack frame`).not.toMatch(STACK_FRAME);
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
}

const ctxFor = (name: string) => streamCtx(name);
const streamPath = (name: string, rest = "") => `/api/streams/${encodeURIComponent(name)}${rest}`;

function recordsCall(name: string, query: Record<string, string>) {
  return call(getRecords, streamPath(name, `/records?${new URLSearchParams(query)}`), ctxFor(name));
}

function expectError(r: Called, status: number, code: string, message?: string): void {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: { code, message: message ?? expect.any(String) } });
  expect(r.body.error.message.length).toBeGreaterThan(0);
}

beforeAll(async () => {
  process.env.AWS_SECRET_ACCESS_KEY = SECRET;
  forgetAppState();
  client = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await Promise.all(
    [STREAM, SPLIT].map((name) => client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" } }))),
  );
  await Promise.all([waitUntilActive(client, STREAM), waitUntilActive(client, SPLIT)]);
  const payloads = [
    { partitionKey: "customer-1", data: new TextEncoder().encode(JSON.stringify({ order: 1, total: 9.5 })) },
    { partitionKey: "customer-2", data: new TextEncoder().encode("plain text line") },
    { partitionKey: "customer-3", data: new Uint8Array([0x00, 0xff, 0x10, 0x80, 0x01]) },
  ];
  for (const p of payloads) {
    const out = await client.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: p.partitionKey, Data: p.data }));
    puts.push({ seq: out.SequenceNumber!, ...p });
  }
  await client.send(new AddTagsToStreamCommand({ StreamName: STREAM, Tags: { team: "commerce", env: "test" } }));
  await client.send(new SplitShardCommand({ StreamName: SPLIT, ShardToSplit: SHARD, NewStartingHashKey: HALF.toString() }));
  await waitUntilActive(client, SPLIT);
});

afterAll(async () => {
  process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
  forgetAppState();
  await Promise.all([STREAM, SPLIT].map((name) => client.send(new DeleteStreamCommand({ StreamName: name }))));
  client.destroy();
});

describe("GET /api/streams", () => {
  it("returns { streams } with every stream, names only until a summary is known", async () => {
    const r = await call(getStreams, "/api/streams", scopeCtx());
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(r.body)).toEqual(["streams"]);
    expect(r.body.streams).toEqual(expect.arrayContaining([{ name: STREAM }, { name: SPLIT }]));
  });

  it("merges summaries already known into the list", async () => {
    await call(getStream, streamPath(STREAM), ctxFor(STREAM));
    const r = await call(getStreams, "/api/streams", scopeCtx());
    const item = r.body.streams.find((s: { name: string }) => s.name === STREAM);
    expect(item).toEqual({
      name: STREAM,
      arn: `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM}`,
      status: "ACTIVE",
      mode: "PROVISIONED",
      openShardCount: 1,
      retentionHours: 24,
      encryption: "NONE",
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });
});

describe("GET /api/streams/{name}", () => {
  it("returns the stream's summary", async () => {
    const r = await call(getStream, streamPath(STREAM), ctxFor(STREAM));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      name: STREAM,
      arn: `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM}`,
      status: "ACTIVE",
      mode: "PROVISIONED",
      openShardCount: 1,
      retentionHours: 24,
      encryption: "NONE",
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      enhancedMonitoring: [],
      consumerCount: 0,
      // kinesis-local gives no MaxRecordSizeInKiB: Kinesis's default, 1 MiB.
      maxRecordSizeKiB: 1024,
    });
  });

  it("is 404 not_found for an unknown stream", async () => {
    const r = await call(getStream, streamPath(MISSING), ctxFor(MISSING));
    expectError(r, 404, "not_found");
    expect(r.body.error.message).toContain(MISSING);
  });

  it.each([
    ["bad name!", "Stream names contain only letters, digits, '_', '.' and '-'."],
    ["a".repeat(129), "Stream names are at most 128 characters."],
    ["bad%", "The stream name in the URL is not valid percent-encoding."],
  ])("is 400 invalid_input for the stream name %j", async (name, message) => {
    expectError(await call(getStream, "/api/streams/x", ctxFor(name)), 400, "invalid_input", message);
  });
});

describe("GET /api/streams/{name}/details", () => {
  it("returns { tags, consumers }", async () => {
    const r = await call(getDetails, streamPath(STREAM, "/details"), ctxFor(STREAM));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["consumers", "tags"]);
    expect([...r.body.tags].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: "env", value: "test" },
      { key: "team", value: "commerce" },
    ]);
    expect(r.body.consumers).toEqual([]);
  });

  it("is 404 not_found for an unknown stream", async () => {
    expectError(await call(getDetails, streamPath(MISSING, "/details"), ctxFor(MISSING)), 404, "not_found");
  });
});

describe("GET /api/streams/{name}/shards", () => {
  it("returns { shards } with lineage, hash ranges and open/closed", async () => {
    const r = await call(getShards, streamPath(SPLIT, "/shards"), ctxFor(SPLIT));
    expect(r.status).toBe(200);
    const seq = expect.stringMatching(/^\d+$/);
    expect(r.body).toEqual({
      shards: [
        {
          shardId: "shardId-000000000000",
          hashKeyRange: { start: "0", end: MAX_HASH },
          sequenceNumberRange: { start: seq, end: seq },
          open: false,
        },
        {
          shardId: "shardId-000000000001",
          parentShardId: "shardId-000000000000",
          hashKeyRange: { start: "0", end: (HALF - 1n).toString() },
          sequenceNumberRange: { start: seq },
          open: true,
        },
        {
          shardId: "shardId-000000000002",
          parentShardId: "shardId-000000000000",
          hashKeyRange: { start: HALF.toString(), end: MAX_HASH },
          sequenceNumberRange: { start: seq },
          open: true,
        },
      ],
    });
  });

  it("is 404 not_found for an unknown stream", async () => {
    expectError(await call(getShards, streamPath(MISSING, "/shards"), ctxFor(MISSING)), 404, "not_found");
  });
});

describe("GET /api/streams/{name}/records", () => {
  it("returns { records, cursor, millisBehindLatest } and pages with the cursor", async () => {
    const first = await recordsCall(STREAM, { shardId: SHARD, limit: "2" });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(["cursor", "millisBehindLatest", "records"]);
    expect(typeof first.body.cursor).toBe("string");
    expect(typeof first.body.millisBehindLatest).toBe("number");
    for (const r of first.body.records) {
      expect(Object.keys(r).sort()).toEqual(["arrivalTime", "data", "decoded", "partitionKey", "sequenceNumber", "shardId", "size"]);
    }
    expect(first.body.records).toEqual([
      {
        shardId: SHARD,
        sequenceNumber: puts[0]!.seq,
        partitionKey: "customer-1",
        arrivalTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        size: puts[0]!.data.byteLength,
        data: Buffer.from(puts[0]!.data).toString("base64"),
        decoded: { chain: ["base64", "json"], format: "json", value: { order: 1, total: 9.5 }, text: '{"order":1,"total":9.5}' },
      },
      {
        shardId: SHARD,
        sequenceNumber: puts[1]!.seq,
        partitionKey: "customer-2",
        arrivalTime: expect.stringMatching(/Z$/),
        size: 15,
        data: Buffer.from("plain text line").toString("base64"),
        decoded: expect.objectContaining({ chain: ["base64", "text"], format: "text", text: "plain text line" }),
      },
    ]);

    const second = await recordsCall(STREAM, { shardId: SHARD, limit: "2", cursor: first.body.cursor });
    expect(second.status).toBe(200);
    expect(second.body.records).toHaveLength(1);
    expect(second.body.records[0]).toMatchObject({
      sequenceNumber: puts[2]!.seq,
      partitionKey: "customer-3",
      size: 5,
      data: Buffer.from([0x00, 0xff, 0x10, 0x80, 0x01]).toString("base64"),
      decoded: { chain: ["base64", "hex"], format: "binary", text: expect.stringMatching(/^00000000  00 ff 10 80 01 /) },
    });
    expect(second.body.millisBehindLatest).toBe(0);
  });

  it("starts at a sequence number or after it", async () => {
    const at = await recordsCall(STREAM, { shardId: SHARD, from: "AT_SEQUENCE_NUMBER", at: puts[1]!.seq });
    expect(at.body.records.map((r: { sequenceNumber: string }) => r.sequenceNumber)).toEqual([puts[1]!.seq, puts[2]!.seq]);
    const after = await recordsCall(STREAM, { shardId: SHARD, from: "AFTER_SEQUENCE_NUMBER", at: puts[1]!.seq });
    expect(after.body.records.map((r: { sequenceNumber: string }) => r.sequenceNumber)).toEqual([puts[2]!.seq]);
  });

  it("accepts AT_TIMESTAMP as epoch milliseconds", async () => {
    const r = await recordsCall(STREAM, { shardId: SHARD, from: "AT_TIMESTAMP", at: String(Date.now() - 10 * 60_000) });
    expect(r.status).toBe(200);
    expect(r.body.records.map((x: { sequenceNumber: string }) => x.sequenceNumber)).toEqual(puts.map((p) => p.seq));
  });

  it("forces a decoder", async () => {
    const r = await recordsCall(STREAM, { shardId: SHARD, limit: "1", decoder: "hex" });
    expect(r.body.records[0].decoded).toMatchObject({ chain: ["base64", "hex"], format: "binary" });
  });

  it("is 404 not_found for an unknown stream or shard", async () => {
    expectError(await recordsCall(MISSING, { shardId: SHARD }), 404, "not_found");
    expectError(
      await recordsCall(STREAM, { shardId: "shardId-000000000042" }),
      404,
      "not_found",
      `Could not find shardId shardId-000000000042 in stream ${STREAM}`,
    );
  });

  it("is 400 for a shard id with characters Kinesis does not allow", async () => {
    expectError(await recordsCall(STREAM, { shardId: "shardId-0/../1" }), 400, "invalid_input", "Shard ids look like shardId-000000000000.");
    expectError(await recordsCall(STREAM, {}), 400, "invalid_input", "shardId is required.");
  });

  it("is 400 for a malformed sequence number, saying what one looks like", async () => {
    expectError(
      await recordsCall(STREAM, { shardId: SHARD, from: "AT_SEQUENCE_NUMBER", at: "4959x" }),
      400,
      "invalid_input",
      "AT_SEQUENCE_NUMBER needs `at`: A sequence number is a decimal number of up to 128 digits.",
    );
  });

  it("is 400 for a timestamp in the future", async () => {
    const future = Date.now() + 60 * 60_000;
    expectError(
      await recordsCall(STREAM, { shardId: SHARD, from: "AT_TIMESTAMP", at: String(future) }),
      400,
      "invalid_input",
      `at: The timestamp ${new Date(future).toISOString()} is in the future.`,
    );
  });

  it("is 400 for a bad limit", async () => {
    expectError(await recordsCall(STREAM, { shardId: SHARD, limit: "5000" }), 400, "invalid_input", "limit is at most 1000.");
    expectError(await recordsCall(STREAM, { shardId: SHARD, limit: "0x10" }), 400, "invalid_input", "limit must be a whole number written in digits, e.g. 1.");
  });

  it("is 400 for a garbage cursor or one from another shard", async () => {
    const r = await recordsCall(STREAM, { shardId: SHARD, cursor: "definitely-not-a-cursor" });
    expectError(r, 400, "invalid_input");
    expect(r.body.error.message).toMatch(/^The cursor is not one this Shardscope issued, or it was altered\. Start again from a position\./);
    const page = await recordsCall(STREAM, { shardId: SHARD, limit: "1" });
    expectError(
      await recordsCall(SPLIT, { shardId: SHARD, cursor: page.body.cursor }),
      400,
      "invalid_input",
      `The cursor belongs to another stream or shard (${STREAM}, ${SHARD}). Start again from a position.`,
    );
  });

  it("is 400 for a cursor rewritten to name another stream, or carrying an iterator of someone's making", async () => {
    // A real cursor of SPLIT, rewritten to say it belongs to STREAM: it would read SPLIT's records
    // and label them as STREAM's.
    const real = await recordsCall(SPLIT, { shardId: "shardId-000000000001", limit: "1", from: "LATEST" });
    expect(real.status).toBe(200);
    expect(real.body.cursor).toEqual(expect.any(String));
    const payload = String(real.body.cursor).split(".")[0]!;
    const fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const rewritten = Buffer.from(JSON.stringify({ ...fields, stream: STREAM, shardId: SHARD }), "utf8").toString("base64url");
    const forgedIterator = Buffer.from(
      JSON.stringify({ ...fields, stream: STREAM, shardId: SHARD, iterator: "AAAAforged", issuedAt: Date.now() }),
      "utf8",
    ).toString("base64url");
    const withOldMac = `${rewritten}.${String(real.body.cursor).split(".")[1] ?? ""}`;
    for (const cursor of [rewritten, forgedIterator, withOldMac]) {
      const r = await recordsCall(STREAM, { shardId: SHARD, cursor });
      expectError(r, 400, "invalid_input");
      expect(r.body.error.message).toMatch(/^The cursor is not one this Shardscope issued, or it was altered\. Start again from a position\./);
    }
  });
});

describe("GET /api/health", () => {
  it("reports Kinesis reachable, the consumers' endpoints (moto here), and CloudWatch in the documented shape", async () => {
    const r = await call(getHealth, "/api/health", scopeCtx());
    expect(r.status).toBe(200);
    const moto = inject("motoEndpoint");
    expect(r.body).toEqual({
      ok: true,
      kinesis: { reachable: true, endpoint: inject("kinesisEndpoint"), region: "us-east-1" },
      cloudwatch: expect.any(Object),
      dynamodb: { reachable: true, endpoint: moto },
      lambda: { reachable: true, endpoint: moto },
      firehose: { reachable: true, endpoint: moto },
    });
    // CloudWatch is not part of this run; it may or may not answer.
    const cw = r.body.cloudwatch;
    expect(typeof cw.reachable).toBe("boolean");
    expect(typeof cw.endpoint).toBe("string");
    if (cw.reachable) expect(Object.keys(cw).sort()).toEqual(["endpoint", "reachable"]);
    else {
      expect(Object.keys(cw).sort()).toEqual(["endpoint", "error", "reachable"]);
      expect(cw.error.length).toBeGreaterThan(0);
    }
  });
});

describe("an endpoint nobody listens on", () => {
  afterEach(() => {
    process.env.AWS_ENDPOINT_URL_KINESIS = savedEnv.kinesisEndpoint;
    forgetAppState();
  });

  it("makes GET /api/streams a 502 endpoint_unreachable naming the endpoint", async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    process.env.AWS_ENDPOINT_URL_KINESIS = endpoint;
    // The default target is discovered again from the environment.
    forgetAppState();

    const r = await call(getStreams, "/api/streams", scopeCtx());

    expectError(r, 502, "endpoint_unreachable", `Cannot reach Kinesis at ${endpoint} (ECONNREFUSED). Check the endpoint setting and your network.`);
  });

  it("makes GET /api/health a 503 that says Kinesis is unreachable", async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    process.env.AWS_ENDPOINT_URL_KINESIS = endpoint;
    forgetAppState();

    const r = await call(getHealth, "/api/health", scopeCtx());

    expect(r.status).toBe(503);
    expect(r.body.ok).toBe(false);
    expect(r.body.kinesis).toEqual({
      reachable: false,
      endpoint,
      region: "us-east-1",
      error: `Cannot reach Kinesis at ${endpoint} (ECONNREFUSED). Check the endpoint setting and your network.`,
    });
  });

  it("leaves the real endpoint working again afterwards", async () => {
    const r = await call(getStreams, "/api/streams", scopeCtx());
    expect(r.status).toBe(200);
    expect(r.body.streams).toEqual(expect.arrayContaining([expect.objectContaining({ name: STREAM })]));
  });
});
