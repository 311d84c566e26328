// A tail whose endpoint comes back without the old data (kinesis-local restarted empty, as after
// a demo restart; on AWS, records that expired while the viewer was away): the checkpoints cannot
// be resumed, so the tail says so in an event and goes on from the oldest record, instead of every
// shard staying `reader_failed` forever. Runs its own kinesis-local, restarted on the same port.
import { CreateStreamCommand, PutRecordCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { encodeCheckpoint } from "@/lib/tail/tail-checkpoint";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { startKinesisLocal, type KinesisLocal } from "@/scripts/lib/kinesis-local";
import { forgetAppState } from "@/scripts/testing/app-state";
import { readSseEvents, type SseEvent } from "@/scripts/testing/sse-events";
import { streamCtx } from "@/scripts/testing/scope";

const STREAM = "recovery";
const saved = { ...process.env };
let kinesis: KinesisLocal;
let direct: KinesisClient;

/** Collects a response's SSE events as they arrive. */
function collect(res: Response): SseEvent<any>[] {
  const events: SseEvent<any>[] = [];
  readSseEvents<any>(res.body!, (e) => events.push(e)).catch(() => {
    // aborted
  });
  return events;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function createStream(): Promise<void> {
  direct?.destroy();
  direct = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  await direct.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
  await waitUntilActive(direct, STREAM);
}

const put = async (data: string) =>
  (await direct.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: "k", Data: Buffer.from(data) }))).SequenceNumber!;
const received = (events: SseEvent<any>[]) =>
  events.filter((e) => e.event === "records").flatMap((e) => e.data.records.map((r: { decoded: { text?: string } }) => r.decoded.text));

beforeAll(async () => {
  forgetAppState();
  kinesis = await startKinesisLocal();
  // Set before the app builds its clients (once per module graph; vitest isolates files).
  process.env.AWS_ENDPOINT_URL_KINESIS = kinesis.endpoint;
  process.env.SHARDSCOPE_TAIL_CALLS_PER_SECOND = "5";
  await createStream();
});

afterAll(async () => {
  // The app's clients, caches and hub were built from this file's settings: later files build their own.
  forgetAppState();
  direct?.destroy();
  await kinesis?.stop();
  process.env = saved;
});

describe("a checkpoint the endpoint no longer has", () => {
  it("is resumed from the oldest record, with a checkpoint_lost event, when a viewer reconnects", async () => {
    await put("old-1");
    await put("old-2");
    // An id from before the restart: a sequence number this shard never had.
    const id = encodeCheckpoint({
      stream: STREAM,
      startedAt: Date.now() - 60_000,
      shards: { "shardId-000000000000": "49680584297988746048142291537179149604393308200632320018" },
      done: [],
    });
    const abort = new AbortController();
    const req = new Request(`http://localhost/api/streams/${STREAM}/tail`, { signal: abort.signal, headers: { "last-event-id": id } });
    const res = await GET(req, streamCtx(STREAM));
    expect(res.status).toBe(200);
    const events = collect(res);
    try {
      await waitFor("the old records", () => received(events).length >= 2);
      await put("new-1");
      await waitFor("the new record", () => received(events).includes("new-1"));
      expect(received(events)).toEqual(["old-1", "old-2", "new-1"]);
      const lost = events.filter((e) => e.event === "error");
      expect(lost).toHaveLength(1);
      expect(lost[0]!.data).toMatchObject({ code: "checkpoint_lost", shardId: "shardId-000000000000" });
      expect(lost[0]!.data.message).toMatch(/records in between may be lost/);
    } finally {
      abort.abort();
    }
  });

  it("recovers a running tail when the endpoint restarts empty", async () => {
    const abort = new AbortController();
    const req = new Request(`http://localhost/api/streams/${STREAM}/tail?from=LATEST`, { signal: abort.signal });
    const res = await GET(req, streamCtx(STREAM));
    expect(res.status).toBe(200);
    const events = collect(res);
    try {
      await waitFor("the reader to be live", () => events.some((e) => e.event === "shards"));
      await new Promise((r) => setTimeout(r, 500));
      await put("before-restart");
      await waitFor("the record before the restart", () => received(events).includes("before-restart"));

      // The emulator goes away and comes back on the same port, empty; the demo recreates its streams.
      const port = kinesis.port;
      await kinesis.stop();
      kinesis = await startKinesisLocal({ port });
      await createStream();
      await put("after-restart-1");
      await put("after-restart-2");

      await waitFor("the records after the restart", () => received(events).includes("after-restart-2"), 40_000);
      expect(received(events)).toEqual(["before-restart", "after-restart-1", "after-restart-2"]);
      const errors = events.filter((e) => e.event === "error").map((e) => e.data.code);
      expect(errors).toContain("checkpoint_lost");
      expect(errors).not.toContain("reader_failed");
    } finally {
      abort.abort();
    }
  });
});
