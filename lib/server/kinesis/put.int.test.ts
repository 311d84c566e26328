// Record injection against a real kinesis-local: the route writes what it is given and answers
// each record's shard and sequence number; the predicted shard is the one Kinesis picks; a bad
// request writes nothing; throttled entries are retried until every record landed exactly once.
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PutRecordsResponse } from "@/lib/put/types";
import type { ShardView } from "@/lib/streams/types";
import { uploadRecords } from "@/lib/put/batch-upload";
import { MAX_HASH_KEY } from "@/lib/put/limits";
import { shardPredictor } from "@/lib/put/predict-shard";
import { prepareRecord, type PutRecordInput } from "@/lib/put/prepare-record";
import { listAllShards } from "@/lib/server/kinesis/shards";
import { putRecords, recordsFromBody } from "@/lib/server/kinesis/put";
import { POST } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { createStream, readWholeStream } from "@/scripts/lib/stream-contents";
import { startThrottlingProxy } from "@/scripts/testing/throttling-proxy";
import { scopeAt, streamCtx } from "@/scripts/testing/scope";

const run = Date.now().toString(36);
const ctx = (name: string) => streamCtx(name);
const post = (stream: string, records: unknown[]) =>
  POST(
    new Request(`http://127.0.0.1:3000/api/streams/${stream}/records`, {
      method: "POST",
      headers: { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin", "content-type": "application/json" },
      body: JSON.stringify({ records }),
    }),
    ctx(stream),
  );

let client: KinesisClient;
beforeAll(() => {
  client = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
});
afterAll(() => client?.destroy());

describe("POST /api/streams/{name}/records on kinesis-local", () => {
  const stream = `put-route-${run}`;
  let shards: ShardView[];
  beforeAll(async () => {
    await createStream(client, stream, 4);
    shards = await listAllShards(client, stream);
  });

  it("writes every encoding and answers each record's shard and sequence number", async () => {
    const records: PutRecordInput[] = [
      { partitionKey: "text-key", data: "héllo", encoding: "text" },
      { partitionKey: "json-key", data: '{ "n": 1 }', encoding: "json" },
      { partitionKey: "b64-key", data: "AP8QgA==", encoding: "base64" },
      { partitionKey: "hex-key", data: "00 ff 10 80", encoding: "hex" },
    ];
    const res = await post(stream, records);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as PutRecordsResponse;
    const predict = shardPredictor(shards);
    expect(results.map((r) => ("shardId" in r ? r.shardId : r.errorCode))).toEqual(records.map((r) => predict(r.partitionKey)));

    const stored = await readWholeStream(client, stream);
    expect(stored).toHaveLength(4);
    const byKey = new Map(stored.map((r) => [r.PartitionKey, r]));
    expect(Buffer.from(byKey.get("text-key")!.Data!).toString("utf8")).toBe("héllo");
    expect(Buffer.from(byKey.get("json-key")!.Data!).toString("utf8")).toBe('{ "n": 1 }');
    expect([...byKey.get("b64-key")!.Data!]).toEqual([0, 255, 16, 128]);
    expect([...byKey.get("hex-key")!.Data!]).toEqual([0, 255, 16, 128]);
    for (const [i, r] of results.entries()) {
      const s = byKey.get(records[i]!.partitionKey)!;
      expect(r).toEqual({ shardId: s.ShardId, sequenceNumber: s.SequenceNumber });
    }
  });

  it("routes by explicit hash key, at both edges of every shard's range", async () => {
    const records = shards.flatMap((s) => [
      { partitionKey: `edge-start-${s.shardId}`, explicitHashKey: s.hashKeyRange.start, data: "x", encoding: "text" as const },
      { partitionKey: `edge-end-${s.shardId}`, explicitHashKey: s.hashKeyRange.end, data: "x", encoding: "text" as const },
    ]);
    const { results } = (await (await post(stream, records)).json()) as PutRecordsResponse;
    expect(results.map((r) => ("shardId" in r ? r.shardId : r.errorCode))).toEqual(shards.flatMap((s) => [s.shardId, s.shardId]));
    expect(shards.at(-1)?.hashKeyRange.end).toBe(MAX_HASH_KEY.toString());
  });

  it("predicts the shard Kinesis picks for many partition keys", async () => {
    const records = Array.from({ length: 400 }, (_, i) => ({ partitionKey: `key-${i}-${"é".repeat(i % 5)}`, data: String(i), encoding: "text" as const }));
    const { results } = (await (await post(stream, records)).json()) as PutRecordsResponse;
    const predict = shardPredictor(shards);
    const actual = results.map((r) => ("shardId" in r ? r.shardId : r.errorCode));
    expect(actual).toEqual(records.map((r) => predict(r.partitionKey)));
    expect(new Set(actual).size).toBe(4);
  });

  it("writes nothing when any record is bad, and names it", async () => {
    const empty = `put-bad-${run}`;
    await createStream(client, empty, 1);
    const res = await post(empty, [
      { partitionKey: "fine", data: "x", encoding: "text" },
      { partitionKey: "k", data: "a".repeat(1024 * 1024 + 1), encoding: "text" },
    ]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details).toEqual([{ index: 1, field: "data", message: expect.stringContaining("at most 1 MiB") }]);
    expect(await readWholeStream(client, empty)).toHaveLength(0);
  });

  it("refuses a record over the stream's own maximum record size (kinesis-local's default, 1 MiB), naming that limit", async () => {
    const res = await post(stream, [{ partitionKey: "big", data: "a".repeat(1024 * 1024 + 1), encoding: "text" }]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.details).toEqual([
      { index: 0, field: "data", message: "The data is 1,048,577 bytes after decoding; a record of this stream holds at most 1 MiB (1,048,576 bytes)." },
    ]);
    expect(body.error.message).toContain("a record of this stream holds at most 1 MiB");
  });

  it("answers 404 for a stream that does not exist", async () => {
    const res = await post(`no-such-stream-${run}`, [{ partitionKey: "k", data: "x", encoding: "text" }]);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  });
});

describe("the uploader through putRecords, with Kinesis throttling part of each call", () => {
  it("retries the throttled entries until every record landed exactly once", async () => {
    const stream = `put-throttled-${run}`;
    await createStream(client, stream, 2);
    // Each of the first six calls refuses every third entry.
    const proxy = await startThrottlingProxy(inject("kinesisEndpoint"), (call, i) => call <= 6 && i % 3 === 0);
    const viaProxy = await scopeAt({ kinesis: proxy.endpoint });
    try {
      const inputs: PutRecordInput[] = Array.from({ length: 1_200 }, (_, i) => ({ partitionKey: `k-${i}`, data: `{"i":${i}}`, encoding: "json" }));
      const items = inputs.map((input) => {
        const r = prepareRecord(input);
        if (!r.ok) throw new Error("test data is invalid");
        return { input, size: r.record.size };
      });
      const report = await uploadRecords(items, {
        concurrency: 2,
        baseDelayMs: 20,
        send: async (records) => (await putRecords(viaProxy, stream, recordsFromBody({ records }))).results,
      });
      expect(report.state).toBe("done");
      expect(report.progress).toMatchObject({ total: 1_200, succeeded: 1_200, failed: 0, left: 0 });
      expect(report.progress.retries).toBe(proxy.throttled());
      expect(proxy.throttled()).toBeGreaterThan(400);

      const stored = await readWholeStream(client, stream);
      expect(stored).toHaveLength(1_200);
      expect(new Set(stored.map((r) => r.PartitionKey)).size).toBe(1_200);
      const seqByKey = new Map(stored.map((r) => [r.PartitionKey, r.SequenceNumber]));
      report.outcomes.forEach((o, i) => {
        expect(o.status === "ok" && o.sequenceNumber).toBe(seqByKey.get(`k-${i}`));
      });
    } finally {
      viaProxy.stopAll();
      await proxy.close();
    }
  });
});
