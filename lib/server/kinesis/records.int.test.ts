// Record browsing against the run's kinesis-local: paging with cursors, every start position,
// renewal of an iterator that is too old, the end of a closed shard, and an unknown shard.
import { CreateStreamCommand, DeleteStreamCommand, ListShardsCommand, PutRecordCommand, SplitShardCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RecordsPageResponse } from "@/lib/records/types";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { AppError } from "@/lib/server/errors";
import { browseRecords, decodeCursor, encodeCursor, type BrowseRequest } from "./records";
import { defaultScope } from "@/lib/server/targets/registry";

const prefix = `ss-records-${randomBytes(4).toString("hex")}`;
const STREAM = `${prefix}-one-shard`;
const SPLIT = `${prefix}-split`;
const LATEST = `${prefix}-latest`;
const SHARD = "shardId-000000000000";
const COUNT = 30;
/** Records put before `boundary`; the rest are put after it. */
const BEFORE_BOUNDARY = 15;

interface Put {
  seq: string;
  partitionKey: string;
  payload: { n: number; id: string };
}

let client: KinesisClient;
const puts: Put[] = [];
let boundary: Date;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function put(stream: string, n: number): Promise<Put> {
  const payload = { n, id: `${prefix}-${n}` };
  const partitionKey = `pk-${n % 3}`;
  const out = await client.send(
    new PutRecordCommand({ StreamName: stream, PartitionKey: partitionKey, Data: new TextEncoder().encode(JSON.stringify(payload)) }),
  );
  return { seq: out.SequenceNumber!, partitionKey, payload };
}

/** Reads pages until the shard's tip (an empty page) or its end (cursor null); at most `maxPages`. */
async function readAll(first: BrowseRequest, maxPages = 20): Promise<{ pages: RecordsPageResponse[] }> {
  const pages: RecordsPageResponse[] = [];
  let page = await browseRecords(await defaultScope(), first);
  pages.push(page);
  while (page.records.length > 0 && page.cursor && pages.length < maxPages) {
    page = await browseRecords(await defaultScope(), { ...first, cursor: page.cursor });
    pages.push(page);
  }
  return { pages };
}

const seqs = (pages: RecordsPageResponse[]) => pages.flatMap((p) => p.records.map((r) => r.sequenceNumber));

beforeAll(async () => {
  client = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  const streams = [STREAM, SPLIT, LATEST];
  await Promise.all(
    streams.map((name) => client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" } }))),
  );
  await Promise.all(streams.map((name) => waitUntilActive(client, name)));
  // One at a time, so that sequence numbers follow the order of n.
  for (let n = 0; n < BEFORE_BOUNDARY; n++) puts.push(await put(STREAM, n));
  await sleep(1_100);
  boundary = new Date();
  await sleep(1_100);
  for (let n = BEFORE_BOUNDARY; n < COUNT; n++) puts.push(await put(STREAM, n));
});

afterAll(async () => {
  await Promise.all([STREAM, SPLIT, LATEST].map((name) => client.send(new DeleteStreamCommand({ StreamName: name }))));
  client.destroy();
});

describe("browseRecords from TRIM_HORIZON", () => {
  it("returns exactly the records put, in order, across pages of 10", async () => {
    const { pages } = await readAll({ stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10 });

    expect(pages.map((p) => p.records.length)).toEqual([10, 10, 10, 0]);
    expect(seqs(pages)).toEqual(puts.map((p) => p.seq));
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => r.decoded.value)).toEqual(puts.map((p) => p.payload));
    expect(records.map((r) => r.partitionKey)).toEqual(puts.map((p) => p.partitionKey));
    const first = records[0]!;
    const bytes = Buffer.from(JSON.stringify(puts[0]!.payload));
    expect(first).toMatchObject({ shardId: SHARD, size: bytes.byteLength, data: bytes.toString("base64") });
    expect(first.decoded).toMatchObject({ chain: ["base64", "json"], format: "json" });
    expect(Number.isNaN(Date.parse(first.arrivalTime))).toBe(false);
    // An open shard at its tip: nothing behind, and a cursor to wait on for more.
    expect(pages.at(-1)!.millisBehindLatest).toBe(0);
    expect(pages.at(-1)!.cursor).not.toBeNull();
  });

  it("carries the last sequence number in the cursor", async () => {
    const page = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10 });
    expect(decodeCursor(page.cursor!, "default/us-east-1", STREAM, SHARD)).toMatchObject({
      v: 1,
      stream: STREAM,
      shardId: SHARD,
      lastSeq: puts[9]!.seq,
      from: "TRIM_HORIZON",
    });
  });
});

describe("browseRecords from a position", () => {
  it("AT_SEQUENCE_NUMBER starts at that record", async () => {
    const page = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "AT_SEQUENCE_NUMBER", at: puts[5]!.seq, limit: 3 });
    expect(page.records.map((r) => r.sequenceNumber)).toEqual(puts.slice(5, 8).map((p) => p.seq));
  });

  it("AFTER_SEQUENCE_NUMBER starts at the next record", async () => {
    const page = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "AFTER_SEQUENCE_NUMBER", at: puts[5]!.seq, limit: 3 });
    expect(page.records.map((r) => r.sequenceNumber)).toEqual(puts.slice(6, 9).map((p) => p.seq));
  });

  it("AT_TIMESTAMP starts at the first record that arrived at or after it", async () => {
    const { pages } = await readAll({ stream: STREAM, shardId: SHARD, from: "AT_TIMESTAMP", at: boundary.toISOString(), limit: 100 });
    expect(seqs(pages)).toEqual(puts.slice(BEFORE_BOUNDARY).map((p) => p.seq));
  });

  it("LATEST returns nothing already in the shard, then what arrives next", async () => {
    await put(LATEST, 0);
    const first = await browseRecords(await defaultScope(), { stream: LATEST, shardId: SHARD, from: "LATEST", limit: 10 });
    expect(first.records).toEqual([]);
    expect(first.millisBehindLatest).toBe(0);
    const later = await put(LATEST, 1);
    const next = await browseRecords(await defaultScope(), { stream: LATEST, shardId: SHARD, from: "LATEST", limit: 10, cursor: first.cursor! });
    expect(next.records.map((r) => r.sequenceNumber)).toEqual([later.seq]);
  });
});

describe("a cursor older than an iterator lives", () => {
  it("is renewed from its last sequence number and continues without gap or duplicate", async () => {
    const page1 = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10 });
    const decoded = decodeCursor(page1.cursor!, "default/us-east-1", STREAM, SHARD);
    const stale = encodeCursor({ ...decoded, issuedAt: Date.now() - 6 * 60_000 });

    const page2 = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10, cursor: stale });
    const page3 = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10, cursor: page2.cursor! });

    expect(seqs([page1, page2, page3])).toEqual(puts.map((p) => p.seq));
    // The renewed cursor is fresh again.
    expect(Date.now() - decodeCursor(page2.cursor!, "default/us-east-1", STREAM, SHARD).issuedAt).toBeLessThan(60_000);
  });

  it("does not use the old iterator at all", async () => {
    const page1 = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10 });
    const decoded = decodeCursor(page1.cursor!, "default/us-east-1", STREAM, SHARD);
    // kinesis-local never expires iterators; a broken one proves the server asked for a new one.
    const stale = encodeCursor({ ...decoded, iterator: "expired-and-gone", issuedAt: Date.now() - 6 * 60_000 });

    const page2 = await browseRecords(await defaultScope(), { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON", limit: 10, cursor: stale });

    expect(page2.records.map((r) => r.sequenceNumber)).toEqual(puts.slice(10, 20).map((p) => p.seq));
  });
});

describe("a closed parent shard", () => {
  it("is read to its end, after which the cursor is null", async () => {
    const before = [];
    for (let n = 0; n < 5; n++) before.push(await put(SPLIT, n));
    await client.send(new SplitShardCommand({ StreamName: SPLIT, ShardToSplit: SHARD, NewStartingHashKey: (2n ** 127n).toString() }));
    await waitUntilActive(client, SPLIT);
    const { Shards } = await client.send(new ListShardsCommand({ StreamName: SPLIT }));
    expect(Shards?.find((s) => s.ShardId === SHARD)?.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();

    const { pages } = await readAll({ stream: SPLIT, shardId: SHARD, from: "TRIM_HORIZON", limit: 2 });

    expect(seqs(pages)).toEqual(before.map((p) => p.seq));
    expect(pages.map((p) => [p.records.length, p.cursor === null])).toEqual([
      [2, false],
      [2, false],
      [1, true],
    ]);
  });
});

describe("an unknown shard", () => {
  it("is reported as not_found", async () => {
    const failure = browseRecords(await defaultScope(), { stream: STREAM, shardId: "shardId-000000000099", from: "TRIM_HORIZON", limit: 10 });
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({
      code: "not_found",
      message: `Could not find shardId shardId-000000000099 in stream ${STREAM}`,
    });
  });
});
