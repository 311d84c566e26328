// TailSession on its own, with scripted readers in place of Kinesis: what its event ids promise
// (a shard is "done" only once its last records reached the viewer) and how its bounded queue
// counts what a slow viewer loses.
import { afterEach, describe, expect, it } from "vitest";
import type { ShardView } from "@/lib/streams/types";
import type { TailCounters, TailDroppedEvent, TailErrorEvent, TailRecordsEvent, TailShardsEvent, TailStatsEvent } from "@/lib/tail/types";
import type { RecordView } from "@/lib/records/types";
import { decodeCheckpoint, type TailCheckpoint } from "@/lib/tail/tail-checkpoint";
import { compileTailFilter } from "@/lib/tail/tail-filter";
import type { DecoderName } from "@/lib/records/types";
import { ReadRecord } from "@/lib/server/kinesis/read-record";
import type { ReaderListener, ReaderStart, ShardReader } from "./shard-reader";
import type { SubscribeOptions } from "./reader-base";
import type { TailHub } from "./tail-hub";
import { MAX_RECORDS_PER_EVENT, TailSession } from "./tail-session";

const STREAM = "orders";

function shard(id: string, opts: { parent?: string; open?: boolean } = {}): ShardView {
  return {
    shardId: id,
    parentShardId: opts.parent,
    hashKeyRange: { start: "0", end: "1" },
    sequenceNumberRange: { start: "1", end: opts.open === false ? "9" : undefined },
    open: opts.open ?? true,
  };
}

function record(shardId: string, seq: number): RecordView {
  return {
    shardId,
    sequenceNumber: String(seq),
    partitionKey: "k",
    arrivalTime: new Date(0).toISOString(),
    size: 1,
    data: "eA==",
    decoded: { chain: ["base64", "text"], format: "text", text: "x" },
  };
}

/** A reader driven by the test: `push` and `end` play what GetRecords would have returned. */
class ScriptedReader {
  readonly listeners = new Set<ReaderListener>();
  constructor(
    readonly shardId: string,
    readonly start: ReaderStart,
  ) {}
  readonly options: SubscribeOptions[] = [];
  subscribe(l: ReaderListener, options: SubscribeOptions = {}): () => void {
    this.options.push(options);
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  /** The session asks for more when its queue has room; a scripted reader holds nothing back. */
  pull = (): void => {};
  stats() {
    return { shardId: this.shardId, state: "live" } as ReturnType<ShardReader["stats"]>;
  }
  push(seqs: number[]): void {
    const records = seqs.map((s) => record(this.shardId, s));
    for (const l of [...this.listeners]) {
      l({ type: "records", shardId: this.shardId, records, lastSequenceNumber: String(seqs.at(-1)), millisBehindLatest: 0 });
    }
  }
  /** Records whose payload is this JSON value. */
  pushJson(seqs: number[], value: unknown): void {
    const records = seqs.map((s): RecordView => ({
      ...record(this.shardId, s),
      decoded: { chain: ["base64", "json"], format: "json", value, text: JSON.stringify(value) },
    }));
    for (const l of [...this.listeners]) {
      l({ type: "records", shardId: this.shardId, records, lastSequenceNumber: String(seqs.at(-1)), millisBehindLatest: 0 });
    }
  }
  /** Records as a real reader hands them on: undecoded until a viewer asks. */
  pushRead(records: ReadRecord[]): void {
    for (const l of [...this.listeners]) {
      l({ type: "records", shardId: this.shardId, records, lastSequenceNumber: records.at(-1)?.sequenceNumber ?? "", millisBehindLatest: 0 });
    }
  }
  end(): void {
    for (const l of [...this.listeners]) l({ type: "end", shardId: this.shardId });
  }
  /** Records the reader's buffer let go before this viewer took them. */
  overrun(seqs: number[], value?: unknown): void {
    const records = seqs.map((s): RecordView => ({
      ...record(this.shardId, s),
      ...(value === undefined ? {} : { decoded: { chain: ["base64", "json"], format: "json", value, text: JSON.stringify(value) } }),
    }));
    for (const l of [...this.listeners]) l({ type: "overrun", shardId: this.shardId, records, lastSequenceNumber: String(seqs.at(-1)) });
  }
}

class ScriptedHub {
  readonly readers: ScriptedReader[] = [];
  reader(_stream: string, shardId: string, start: ReaderStart): ScriptedReader {
    const r = new ScriptedReader(shardId, start);
    this.readers.push(r);
    return r;
  }
  get(shardId: string): ScriptedReader {
    const r = this.readers.find((x) => x.shardId === shardId);
    if (!r) throw new Error(`no reader for ${shardId}`);
    return r;
  }
}

interface ParsedEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** A chunk as text: the session writes `records` events as UTF-8 bytes, everything else as text. */
function text(chunk: string | Uint8Array): string {
  return typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
}

function parse(chunk: string | Uint8Array): ParsedEvent {
  const e: ParsedEvent = { event: "", data: undefined };
  for (const line of text(chunk).split("\n")) {
    if (line.startsWith("id: ")) e.id = line.slice(4);
    else if (line.startsWith("event: ")) e.event = line.slice(7);
    else if (line.startsWith("data: ")) e.data = JSON.parse(line.slice(6));
  }
  return e;
}

const sessions: TailSession[] = [];

function open(
  hub: ScriptedHub,
  shards: ShardView[],
  opts: { queueRecords?: number; resume?: TailCheckpoint; expr?: string; decoder?: DecoderName; statsOnly?: boolean; statsIntervalMs?: number } = {},
): TailSession {
  const filter = compileTailFilter({ expr: opts.expr });
  if (!filter.ok) throw new Error(filter.error);
  const s = new TailSession({
    stream: STREAM,
    from: "TRIM_HORIZON",
    shardIds: [],
    resume: opts.resume,
    filter,
    decoder: opts.decoder ?? "auto",
    statsOnly: opts.statsOnly,
    queueRecords: opts.queueRecords ?? 1_000,
    queueBytes: 64 * 1024 * 1024,
    hub: hub as unknown as TailHub,
    listShards: async () => shards,
    statsIntervalMs: opts.statsIntervalMs ?? 60_000,
    heartbeatMs: 50,
  });
  sessions.push(s);
  return s;
}

async function nextEvent(s: TailSession): Promise<ParsedEvent> {
  const chunk = await s.next();
  if (chunk === null) throw new Error("session closed");
  return parse(chunk);
}

afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});

describe("TailSession event ids", () => {
  // A parent's last batch may still wait in the queue when its reader says "end"; an id sent
  // meanwhile (for another shard's records) must not call the parent done, or a reconnect with
  // it would skip to the children and lose that batch.
  const shards = [shard("shardId-0", { open: false }), shard("shardId-1", { parent: "shardId-0" }), shard("shardId-2")];

  it("marks a closed shard done only once its last records are delivered", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, shards);
    await s.start();
    expect(hub.readers.map((r) => [r.shardId, r.start.type])).toEqual([
      ["shardId-0", "TRIM_HORIZON"],
      ["shardId-2", "TRIM_HORIZON"],
    ]);
    hub.get("shardId-2").push([20, 21]);
    hub.get("shardId-0").push([1, 2, 3]);
    hub.get("shardId-0").end();

    expect((await nextEvent(s)).event).toBe("shards");
    const other = await nextEvent(s);
    expect(other.event).toBe("records");
    expect(decodeCheckpoint(other.id)).toMatchObject({ shards: { "shardId-2": "21" }, done: [] });

    const last = await nextEvent(s);
    expect((last.data as TailRecordsEvent).records.map((r) => r.sequenceNumber)).toEqual(["1", "2", "3"]);
    expect(decodeCheckpoint(last.id)).toMatchObject({ shards: { "shardId-0": "3", "shardId-2": "21" }, done: ["shardId-0"] });

    // The child starts from its beginning once the parent ended, and the shard list says so.
    const listed = await nextEvent(s);
    expect(listed.event).toBe("shards");
    expect((listed.data as TailShardsEvent).shards).toEqual([
      { shardId: "shardId-0", status: "done" },
      { shardId: "shardId-1", status: "reading" },
      { shardId: "shardId-2", status: "reading" },
    ]);
    expect(hub.get("shardId-1").start).toEqual({ type: "TRIM_HORIZON" });
  });

  it("resumes from such an id by finishing the parent before its child", async () => {
    const first = new ScriptedHub();
    const a = open(first, shards);
    await a.start();
    first.get("shardId-2").push([20, 21]);
    first.get("shardId-0").push([1, 2, 3]);
    first.get("shardId-0").end();
    await nextEvent(a); // shards
    const id = (await nextEvent(a)).id;
    a.close();

    const second = new ScriptedHub();
    const b = open(second, shards, { resume: decodeCheckpoint(id) });
    await b.start();
    expect(second.readers.map((r) => [r.shardId, r.start])).toEqual([
      ["shardId-0", { type: "TRIM_HORIZON" }],
      ["shardId-2", { type: "AFTER_SEQUENCE_NUMBER", at: "21", resumed: true }],
    ]);
  });
});

describe("TailSession queue bounds", () => {
  it("drops the oldest batches past the bound and says exactly how many records it dropped", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, [shard("shardId-0")], { queueRecords: 5 });
    await s.start();
    const r = hub.get("shardId-0");
    r.push([1, 2, 3]);
    r.push([4, 5, 6]); // 6 > 5: [1,2,3] goes
    r.push([7, 8, 9]); // [4,5,6] goes
    expect(s.queued.records).toBe(3);
    r.push([10, 11, 12, 13, 14, 15, 16]); // larger than the queue: its oldest two go, then [7,8,9]
    expect(s.queued.records).toBe(5);

    const dropped = await nextEvent(s);
    expect(dropped).toEqual({ event: "dropped", data: { count: 11 } satisfies TailDroppedEvent });
    expect((await nextEvent(s)).event).toBe("shards");
    const kept = await nextEvent(s);
    expect((kept.data as TailRecordsEvent).records.map((x) => x.sequenceNumber)).toEqual(["12", "13", "14", "15", "16"]);
    expect(decodeCheckpoint(kept.id)?.shards).toEqual({ "shardId-0": "16" });
    expect(s.queued).toEqual({ records: 0, bytes: 0 });
    // Nothing else is pending: the next chunk is a heartbeat.
    expect(await s.next()).toBe(": heartbeat\n\n");
  });
});

describe("TailSession and its reader's buffer", () => {
  it("counts what the reader let go as dropped (the matches only, with a filter), and moves the checkpoint past it in order", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, [shard("shardId-0")], { expr: "total > 10" });
    await s.start();
    const r = hub.get("shardId-0");
    r.pushJson([1, 2], { total: 20 });
    // Lost: two that would have matched, one that would not.
    r.overrun([3, 4], { total: 50 });
    r.overrun([5], { total: 1 });
    r.pushJson([6], { total: 30 });
    expect(s.counters).toEqual({ scanned: 6, matched: 5, dropped: 2, queued: 3 });

    expect(await nextEvent(s)).toEqual({ event: "dropped", data: { count: 2 } });
    expect((await nextEvent(s)).event).toBe("shards");
    const first = await nextEvent(s);
    expect((first.data as TailRecordsEvent).records.map((x) => x.sequenceNumber)).toEqual(["1", "2"]);
    // The checkpoint of the first batch is still before the loss: a resume from it reads 3-5 again.
    expect(decodeCheckpoint(first.id)?.shards).toEqual({ "shardId-0": "2" });
    const second = await nextEvent(s);
    expect((second.data as TailRecordsEvent).records.map((x) => x.sequenceNumber)).toEqual(["6"]);
    expect(decodeCheckpoint(second.id)?.shards).toEqual({ "shardId-0": "6" });
    expect((second.data as TailRecordsEvent).counters).toEqual({ scanned: 6, matched: 5, dropped: 2, queued: 0 });
  });

  it("takes from its reader only what its queue has room for, and asks for more once it sent something", async () => {
    const hub = new ScriptedHub();
    const rooms: number[] = [];
    let pulls = 0;
    const s = open(hub, [shard("shardId-0")], { queueRecords: 4 });
    await s.start();
    // The session hands its room function to the reader it subscribes to.
    const reader = hub.get("shardId-0");
    const opts = reader.options.at(-1)!;
    reader.pull = () => {
      pulls++;
    };
    const records = Array.from({ length: 10 }, (_, i) => record("shardId-0", i + 1));
    rooms.push(opts.room!(records));
    reader.push([1, 2, 3]);
    rooms.push(opts.room!(records));
    expect(rooms).toEqual([4, 1]);
    await nextEvent(s); // shards
    expect(pulls).toBe(0);
    await nextEvent(s); // records 1-3
    expect(pulls).toBe(1);
    expect(opts.room!(records)).toBe(4);
  });
});

describe("TailSession events", () => {
  it("sends a large batch as several events of at most MAX_RECORDS_PER_EVENT records, each with its checkpoint", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, [shard("shardId-0")], { queueRecords: 5_000 });
    await s.start();
    const seqs = Array.from({ length: 1_201 }, (_, i) => i + 1);
    hub.get("shardId-0").push(seqs);
    expect((await nextEvent(s)).event).toBe("shards");
    const parts: { count: number; first: string; checkpoint?: string; queued: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const e = await nextEvent(s);
      const data = e.data as TailRecordsEvent;
      parts.push({
        count: data.records.length,
        first: data.records[0]!.sequenceNumber,
        checkpoint: decodeCheckpoint(e.id)?.shards["shardId-0"],
        queued: data.counters.queued,
      });
    }
    expect(MAX_RECORDS_PER_EVENT).toBe(500);
    expect(parts).toEqual([
      { count: 500, first: "1", checkpoint: "500", queued: 701 },
      { count: 500, first: "501", checkpoint: "1000", queued: 201 },
      { count: 201, first: "1001", checkpoint: "1201", queued: 0 },
    ]);
    expect(s.queued).toEqual({ records: 0, bytes: 0 });
  });
});

describe("TailSession counters", () => {
  /** Reads events until a heartbeat or a stats event with nothing left queued, checking at each records and stats event that the counters add up. */
  async function drain(s: TailSession) {
    const seen = { sent: 0, dropped: 0, last: undefined as TailCounters | undefined, stats: [] as TailStatsEvent[] };
    for (;;) {
      const chunk = await s.next();
      if (chunk === null || text(chunk).startsWith(":")) return seen;
      const e = parse(chunk);
      if (e.event === "dropped") seen.dropped += (e.data as TailDroppedEvent).count;
      let counters: TailCounters | undefined;
      if (e.event === "records") {
        seen.sent += (e.data as TailRecordsEvent).records.length;
        counters = (e.data as TailRecordsEvent).counters;
      } else if (e.event === "stats") {
        const { shards: _shards, ...rest } = e.data as TailStatsEvent;
        seen.stats.push(e.data as TailStatsEvent);
        counters = rest;
      }
      if (counters) {
        // What the viewer has been told so far, plus what is still queued, is what matched.
        expect(counters.matched).toBe(seen.sent + seen.dropped + counters.queued);
        expect(counters.dropped).toBe(seen.dropped);
        seen.last = counters;
      }
      if (e.event === "stats" && s.queued.records === 0) return seen;
    }
  }

  it("with no filter, scanned = matched = sent + dropped + queued at every event, and a stats event is current when sent", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, [shard("shardId-0"), shard("shardId-1")], { queueRecords: 6, statsIntervalMs: 10 });
    await s.start();
    hub.get("shardId-0").push([1, 2, 3]);
    hub.get("shardId-1").push([10, 11]);
    // The stats timer fires while these wait; more arrive before the viewer reads any of it.
    await new Promise((r) => setTimeout(r, 40));
    hub.get("shardId-0").push([4, 5, 6]); // 3 + 2 + 3 > 6: the oldest batch goes
    hub.get("shardId-1").push([12]);
    const seen = await drain(s);
    expect(seen).toMatchObject({ sent: 6, dropped: 3 });
    expect(seen.last).toEqual({ scanned: 9, matched: 9, dropped: 3, queued: 0 });
    expect(seen.stats.length).toBeGreaterThan(0);
    // The stats event went out after the records it counts, with the counts of that moment.
    expect(seen.stats.at(-1)).toMatchObject({ scanned: 9, matched: 9, dropped: 3, queued: 0 });
  });

  it("with a filter, scanned counts what the filter looked at and matched what it let through", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, [shard("shardId-0")], { expr: "total > 100" });
    await s.start();
    hub.get("shardId-0").pushJson([1, 2], { total: 5 });
    hub.get("shardId-0").pushJson([3], { total: 500 });
    const seen = await drain(s);
    expect(seen.sent).toBe(1);
    expect(seen.last).toEqual({ scanned: 3, matched: 1, dropped: 0, queued: 0 });
  });
});

describe("TailSession filter failures", () => {
  it("reports an expression that fails on records once, as an error event, and keeps tailing", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, [shard("shardId-0")], { expr: "total > 100" });
    await s.start();
    const r = hub.get("shardId-0");
    r.pushJson([1, 2], { total: "lots" }); // text where a number is expected: fails on both
    r.pushJson([3], { total: "more" });
    r.pushJson([4], { total: 120 });

    expect((await nextEvent(s)).event).toBe("shards");
    const failed = await nextEvent(s);
    expect(failed.event).toBe("error");
    const data = failed.data as TailErrorEvent;
    expect(data.code).toBe("filter_failed");
    expect(data.message).toMatch(
      /^The expression failed on the record at shardId-0 sequence 1: Expected a number, but got a text instead\. Records it fails on are left out\.$/,
    );
    // Once, not per record: the next event is the record that matched.
    const kept = await nextEvent(s);
    expect(kept.event).toBe("records");
    expect((kept.data as TailRecordsEvent).records.map((x) => x.sequenceNumber)).toEqual(["4"]);
    expect(await s.next()).toBe(": heartbeat\n\n");
  });
});

describe("TailSession decoding", () => {
  const read = (seq: number, text: string) =>
    new ReadRecord("shardId-0", {
      SequenceNumber: String(seq),
      PartitionKey: "k",
      ApproximateArrivalTimestamp: new Date(0),
      Data: new TextEncoder().encode(text),
    });

  it("decodes nothing for a stats-only viewer", async () => {
    const hub = new ScriptedHub();
    const s = open(hub, [shard("shardId-0")], { statsOnly: true });
    await s.start();
    const records = [read(1, '{"a":1}'), read(2, "x")];
    hub.get("shardId-0").pushRead(records);
    expect(records.map((r) => r.decoders)).toEqual([[], []]);
  });

  it("decodes each record once with the viewers' decoder, however many viewers share the reader", async () => {
    const hub = new ScriptedHub();
    const viewers = [open(hub, [shard("shardId-0")], { decoder: "text" }), open(hub, [shard("shardId-0")], { decoder: "text" })];
    for (const v of viewers) await v.start();
    const records = [read(1, '{"a":1}')];
    // One reader in the real hub; here each session has its own scripted one, fed the same records.
    for (const r of hub.readers) r.pushRead(records);
    for (const v of viewers) {
      expect((await nextEvent(v)).event).toBe("shards");
      const sent = await nextEvent(v);
      expect((sent.data as TailRecordsEvent).records.map((r) => r.decoded)).toEqual([{ chain: ["base64", "text"], format: "text", text: '{"a":1}' }]);
    }
    expect(records[0]?.decoders).toEqual(["text"]);
  });
});
