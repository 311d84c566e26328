// ShardReader with a scripted Kinesis and fake timers: pacing by call start times, and the buffer
// its viewers take from at their own pace (read-ahead only as far as a viewer needs, parts of a
// batch as a viewer has room, the oldest batch let go past the bound with the loss counted).
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, type _Record } from "@aws-sdk/client-kinesis";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RecordView } from "@/lib/records/types";
import type { ReaderEvent, ReaderListener, ReaderStart } from "./reader-base";
import { ShardBudget } from "./shard-budget";
import { ShardReader } from "./shard-reader";

const SHARD = "shardId-000000000000";
/** Each scripted record is 100 bytes: 300 in the reader's buffer with its overhead. */
const RECORD_BYTES = 100;
const ENTRY_BYTES = RECORD_BYTES + 200;

interface Script {
  /** Records per GetRecords answer while any are left. */
  perCall: number;
  /** Records left to serve (those after are "the tip": empty answers). */
  total: number;
  /** How long each GetRecords takes to answer. */
  callMs: number;
  /** The shard is closed after its last record (no NextShardIterator then). */
  closed?: boolean;
}

class ScriptedKinesis {
  readonly callStarts: number[] = [];
  private served = 0;
  constructor(private readonly script: Script) {}

  async send(command: unknown): Promise<unknown> {
    if (command instanceof GetShardIteratorCommand) {
      const input = command.input;
      // A resume after a sequence number starts right after it.
      this.served = input.ShardIteratorType === "AFTER_SEQUENCE_NUMBER" ? Number(input.StartingSequenceNumber) : this.served;
      return { ShardIterator: "it" };
    }
    if (!(command instanceof GetRecordsCommand)) throw new Error("unexpected command");
    this.callStarts.push(Date.now());
    await new Promise((r) => setTimeout(r, this.script.callMs));
    const n = Math.min(this.script.perCall, this.script.total - this.served);
    const records: _Record[] = Array.from({ length: n }, (_, i) => ({
      SequenceNumber: String(this.served + i + 1),
      PartitionKey: "k",
      Data: new Uint8Array(RECORD_BYTES),
      // Old records: the reader is catching up while there are some.
      ApproximateArrivalTimestamp: new Date(0),
    }));
    this.served += n;
    const end = this.script.closed && this.served >= this.script.total;
    return { Records: records, MillisBehindLatest: this.served < this.script.total ? 60_000 : 0, NextShardIterator: end ? undefined : "it" };
  }
}

const readers: ShardReader[] = [];

function newReader(script: Script, opts: { bufferBytes?: number; callsPerSecond?: number; start?: ReaderStart } = {}) {
  const kinesis = new ScriptedKinesis(script);
  const reader = new ShardReader(
    kinesis as unknown as KinesisClient,
    "s",
    SHARD,
    opts.start ?? { type: "TRIM_HORIZON" },
    new ShardBudget(5),
    { callsPerSecond: opts.callsPerSecond ?? 1, idleStopMs: 60_000, bufferBytes: opts.bufferBytes },
    () => {},
  );
  readers.push(reader);
  return { kinesis, reader };
}

/** A viewer that records what it gets, taking at most `room()` records at a time. */
class TestViewer {
  readonly records: string[] = [];
  readonly lost: string[] = [];
  readonly events: ReaderEvent["type"][] = [];
  readonly parts: { count: number; last: string }[] = [];
  roomLeft = Infinity;
  readonly listener: ReaderListener = (e) => {
    if (e.type === "state") return;
    this.events.push(e.type);
    if (e.type === "records") {
      this.records.push(...e.records.map((r) => r.sequenceNumber));
      this.parts.push({ count: e.records.length, last: e.lastSequenceNumber });
      this.roomLeft -= e.records.length;
    } else if (e.type === "overrun") this.lost.push(...e.records.map((r) => r.sequenceNumber));
  };
  readonly room = (records: readonly RecordView[]) => Math.min(records.length, this.roomLeft);
}

const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  for (const r of readers.splice(0)) r.stop();
  vi.useRealTimers();
});

describe("pacing", () => {
  it("a caught-up reader starts a call every 1/budget seconds, however long each call takes", async () => {
    const { kinesis } = newReader({ perCall: 0, total: 0, callMs: 300 }, { callsPerSecond: 1 });
    await vi.advanceTimersByTimeAsync(5_050);
    const t0 = kinesis.callStarts[0]!;
    // Starts 1 s apart, not 1.3 s (the call's 300 ms plus a full pause).
    expect(kinesis.callStarts.map((t) => t - t0)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
  });

  it("at 4 calls/s with 150-ms calls, exactly 4 calls start in every second", async () => {
    // (At 5/s with calls this long the shard's budget would step in: a call holds its slot until a
    // second after its answer, so that Kinesis never sees more than 5 arrive in a second.)
    const { kinesis } = newReader({ perCall: 0, total: 0, callMs: 150 }, { callsPerSecond: 4 });
    await vi.advanceTimersByTimeAsync(2_010);
    const t0 = kinesis.callStarts[0]!;
    expect(kinesis.callStarts.map((t) => t - t0)).toEqual([0, 250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000]);
  });

  it("a reader catching up calls again as soon as the shard's budget allows", async () => {
    const { kinesis } = newReader({ perCall: 10, total: 1_000, callMs: 100 }, { callsPerSecond: 1 });
    const v = new TestViewer();
    readers[0]!.subscribe(v.listener);
    await vi.advanceTimersByTimeAsync(1_000);
    // Back to back (100 ms each), not one a second.
    expect(kinesis.callStarts.length).toBeGreaterThanOrEqual(5);
  });
});

describe("the buffer", () => {
  it("reads ahead only while a viewer has less than half the buffer left to take", async () => {
    // 10 records a call, 3,000 bytes; half of a 12,000-byte buffer is two calls' worth.
    const { kinesis, reader } = newReader({ perCall: 10, total: 1_000, callMs: 10 }, { bufferBytes: 12_000 });
    const v = new TestViewer();
    v.roomLeft = 0;
    reader.subscribe(v.listener, { room: v.room });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(kinesis.callStarts).toHaveLength(2);
    expect(reader.buffered).toEqual({ entries: 2, bytes: 20 * ENTRY_BYTES });
    expect(v.records).toEqual([]);

    // The viewer takes 15 (a batch and a half): the reader reads one more batch, and waits again.
    v.roomLeft = 15;
    reader.pull(v.listener);
    expect(v.records).toEqual(seqs(1, 15));
    expect(v.parts).toEqual([
      { count: 10, last: "10" },
      { count: 5, last: "15" },
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(kinesis.callStarts).toHaveLength(3);
    // All three are held: batch 1 was taken by every viewer, but a reader from TRIM_HORIZON keeps
    // its first batches for late joiners while they fit the bound.
    expect(reader.buffered).toEqual({ entries: 3, bytes: 30 * ENTRY_BYTES });

    v.roomLeft = Infinity;
    reader.pull(v.listener);
    await vi.advanceTimersByTimeAsync(300);
    expect(v.records.slice(0, 40)).toEqual(seqs(1, 40));
    expect(v.lost).toEqual([]);
  });

  it("a viewer falling behind further than the buffer loses the oldest batches, told exactly which, and never holds the others back", async () => {
    const BUFFER = 12_000; // 4 batches of 10
    const { reader } = newReader({ perCall: 10, total: 200, callMs: 10 }, { bufferBytes: BUFFER });
    const fast = new TestViewer();
    const slow = new TestViewer();
    reader.subscribe(fast.listener, { room: fast.room });
    slow.roomLeft = 25;
    reader.subscribe(slow.listener, { room: slow.room });
    let maxBuffered = 0;
    for (let i = 0; i < 100; i++) {
      await vi.advanceTimersByTimeAsync(100);
      maxBuffered = Math.max(maxBuffered, reader.buffered.bytes);
    }
    expect(fast.records).toEqual(seqs(1, 200));
    expect(maxBuffered).toBeLessThanOrEqual(BUFFER);
    // The slow one took 25 records (batches 1-2 and half of 3), lost the rest of batch 3 and what
    // followed until the last four batches, which the buffer still holds for it.
    expect(slow.records).toEqual(seqs(1, 25));
    expect(slow.lost).toEqual(seqs(26, 160));
    expect(reader.buffered.entries).toBe(4);
    slow.roomLeft = Infinity;
    reader.pull(slow.listener);
    expect(slow.records).toEqual([...seqs(1, 25), ...seqs(161, 200)]);
    expect(slow.records.length + slow.lost.length).toBe(200);
    expect(reader.buffered).toEqual({ entries: 0, bytes: 0 });
  });

  it("a viewer that arrives with the same start while nothing was let go takes everything from the first record", async () => {
    const { reader } = newReader({ perCall: 10, total: 30, callMs: 10 }, { bufferBytes: 1_000_000 });
    const first = new TestViewer();
    first.roomLeft = 12;
    reader.subscribe(first.listener, { room: first.room, start: { type: "TRIM_HORIZON" } });
    await vi.advanceTimersByTimeAsync(200);
    expect(first.records).toEqual(seqs(1, 12));
    expect(reader.canServe({ type: "TRIM_HORIZON" })).toBe(true);
    const second = new TestViewer();
    reader.subscribe(second.listener, { room: second.room, start: { type: "TRIM_HORIZON" } });
    expect(second.records).toEqual(seqs(1, 30));
    // A resume after a record the buffer still holds continues right after it.
    const resumed = new TestViewer();
    expect(reader.canServe({ type: "AFTER_SEQUENCE_NUMBER", at: "17", resumed: true })).toBe(true);
    reader.subscribe(resumed.listener, { start: { type: "AFTER_SEQUENCE_NUMBER", at: "17", resumed: true } });
    expect(resumed.records).toEqual(seqs(18, 30));

    first.roomLeft = Infinity;
    reader.pull(first.listener);
    expect(first.records).toEqual(seqs(1, 30));
  });

  it("keeps taken batches for late joiners only up to its bound, and not at all when reading from now", async () => {
    const { reader } = newReader({ perCall: 10, total: 100, callMs: 10 }, { bufferBytes: 9_000 });
    const v = new TestViewer();
    reader.subscribe(v.listener, { room: v.room, start: { type: "TRIM_HORIZON" } });
    await vi.advanceTimersByTimeAsync(15);
    expect(v.records).toEqual(seqs(1, 10));
    expect(reader.buffered.bytes).toBe(10 * ENTRY_BYTES);
    expect(reader.canServe({ type: "TRIM_HORIZON" })).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    // Past the bound the taken batches go (no viewer loses anything), and so does the chance to join from the start.
    expect(v.records.length).toBeGreaterThan(30);
    expect(v.lost).toEqual([]);
    expect(reader.buffered.bytes).toBe(0);
    expect(reader.canServe({ type: "TRIM_HORIZON" })).toBe(false);

    const live = newReader({ perCall: 10, total: 20, callMs: 10 }, { start: { type: "LATEST" } }).reader;
    const w = new TestViewer();
    live.subscribe(w.listener, { room: w.room, start: { type: "LATEST" } });
    await vi.advanceTimersByTimeAsync(200);
    expect(w.records).toEqual(seqs(1, 20));
    expect(live.buffered.bytes).toBe(0);
  });

  it("a closed shard's end reaches each viewer only after every batch before it", async () => {
    const { reader } = newReader({ perCall: 10, total: 30, callMs: 10, closed: true }, { bufferBytes: 1_000_000 });
    const v = new TestViewer();
    v.roomLeft = 5;
    reader.subscribe(v.listener, { room: v.room });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reader.state).toBe("ended");
    expect(v.events).toEqual(["records"]);
    v.roomLeft = Infinity;
    reader.pull(v.listener);
    expect(v.records).toEqual(seqs(1, 30));
    expect(v.events.at(-1)).toBe("end");
  });
});
