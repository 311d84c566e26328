import { describe, expect, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import { compareSequenceNumbers, initialTailState, tailReducer, type TailState } from "./tail-reducer";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 26) + ms).toISOString();
const rec = (n: number, shardId = "s", ms = n): RecordView => ({
  shardId,
  sequenceNumber: String(n),
  partitionKey: `k${n}`,
  arrivalTime: at(ms),
  size: 1,
  data: "",
  decoded: { chain: [], format: "empty" },
});
const recs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => rec(from + i));
const seqs = (s: TailState) => s.rows.map((r) => Number(r.sequenceNumber));
const ids = (rows: RecordView[]) => rows.map((r) => `${r.shardId.replace("shardId-00000000000", "")}/${r.sequenceNumber}`);
const limits = { maxRows: 5, maxParked: 3 };

describe("tailReducer", () => {
  it("appends batches and evicts the oldest past the window", () => {
    let s = tailReducer(initialTailState, { type: "records", records: recs(1, 3) }, limits);
    s = tailReducer(s, { type: "records", records: recs(4, 7) }, limits);
    expect(seqs(s)).toEqual([3, 4, 5, 6, 7]);
    expect(s.evicted).toBe(2);
    expect(s.received).toBe(7);
  });

  it("parks arrivals while paused, counts what did not fit, and shows the parked ones on resume", () => {
    let s = tailReducer(initialTailState, { type: "records", records: recs(1, 2) }, limits);
    s = tailReducer(s, { type: "pause" }, limits);
    s = tailReducer(s, { type: "records", records: recs(3, 4) }, limits);
    s = tailReducer(s, { type: "records", records: recs(5, 7) }, limits);
    expect(seqs(s)).toEqual([1, 2]);
    expect(s.parked.map((r) => Number(r.sequenceNumber))).toEqual([3, 4, 5]);
    expect(s.skipped).toBe(2);
    s = tailReducer(s, { type: "resume" }, limits);
    expect(seqs(s)).toEqual([1, 2, 3, 4, 5]);
    expect(s.parked).toEqual([]);
    expect(s.paused).toBe(false);
  });

  it("clear empties the window and the parked rows but keeps counting, so the counters still add up", () => {
    let s = tailReducer(initialTailState, { type: "records", records: recs(1, 2) }, limits);
    s = tailReducer(s, { type: "dropped", count: 40 }, limits);
    s = tailReducer(s, { type: "dropped", count: 2 }, limits);
    expect(s.droppedByServer).toBe(42);
    s = tailReducer(s, { type: "pause" }, limits);
    s = tailReducer(s, { type: "records", records: recs(3, 3) }, limits);
    s = tailReducer(s, { type: "clear" }, limits);
    expect(s).toMatchObject({ rows: [], parked: [], paused: true, received: 3, cleared: 3, droppedByServer: 42 });
  });

  it("keeps rows in arrival order across shards whose batches come in per shard", () => {
    const A = "shardId-000000000000";
    const B = "shardId-000000000001";
    // Shard A's batch, then shard B's: their records interleave in time.
    let s = tailReducer(initialTailState, { type: "records", records: [rec(1, A, 100), rec(2, A, 300), rec(3, A, 500)] });
    s = tailReducer(s, { type: "records", records: [rec(10, B, 200), rec(11, B, 400), rec(12, B, 600)] });
    expect(ids(s.rows)).toEqual(["0/1", "1/10", "0/2", "1/11", "0/3", "1/12"]);
    // A late batch from a slow shard C, older than most of what is shown, goes where it belongs.
    const C = "shardId-000000000002";
    s = tailReducer(s, { type: "records", records: [rec(21, C, 150), rec(20, C, 50), rec(22, C, 450)] });
    expect(ids(s.rows)).toEqual(["2/20", "0/1", "2/21", "1/10", "0/2", "1/11", "2/22", "0/3", "1/12"]);
    // Equal arrival times: shard id first, then the sequence number as a big integer (not as text).
    s = tailReducer(s, { type: "records", records: [rec(1000, B, 700), rec(999, B, 700), rec(5, A, 700)] });
    expect(ids(s.rows.slice(-3))).toEqual(["0/5", "1/999", "1/1000"]);
    // Rows already shown keep their identity: only new ones are new objects.
    const before = s.rows;
    const next = tailReducer(s, { type: "records", records: [rec(30, C, 250)] });
    expect(next.rows.filter((r) => before.includes(r))).toHaveLength(before.length);
  });

  it("evicts the oldest by arrival time, including a late record older than everything in a full window", () => {
    let s = tailReducer(initialTailState, { type: "records", records: [rec(1, "a", 10), rec(2, "a", 20), rec(3, "a", 30)] }, limits);
    s = tailReducer(s, { type: "records", records: [rec(4, "b", 15), rec(5, "b", 25)] }, limits);
    expect(ids(s.rows)).toEqual(["a/1", "b/4", "a/2", "b/5", "a/3"]);
    s = tailReducer(s, { type: "records", records: [rec(6, "c", 5), rec(7, "c", 22)] }, limits);
    expect(ids(s.rows)).toEqual(["b/4", "a/2", "c/7", "b/5", "a/3"]);
    expect(s.evicted).toBe(2);
  });

  it("keeps parked records in order too, and merges them into the window on resume", () => {
    let s = tailReducer(initialTailState, { type: "records", records: [rec(1, "a", 10), rec(2, "a", 40)] }, limits);
    s = tailReducer(s, { type: "pause" }, limits);
    s = tailReducer(s, { type: "records", records: [rec(3, "b", 30)] }, limits);
    s = tailReducer(s, { type: "records", records: [rec(4, "c", 20)] }, limits);
    expect(ids(s.parked)).toEqual(["c/4", "b/3"]);
    s = tailReducer(s, { type: "resume" }, limits);
    expect(ids(s.rows)).toEqual(["a/1", "c/4", "b/3", "a/2"]);
  });

  it("compares sequence numbers as big integers", () => {
    expect(compareSequenceNumbers("9", "10")).toBeLessThan(0);
    expect(
      compareSequenceNumbers("49590338271490256608559692538361571095921575989136588898", "49590338271490256608559692538361571095921575989136588899"),
    ).toBeLessThan(0);
    expect(compareSequenceNumbers("12", "12")).toBe(0);
  });

  it("adds the server's counters of each connection: matched = received + dropped + in flight", () => {
    let s = tailReducer(initialTailState, { type: "records", records: recs(1, 3), counters: { scanned: 5, matched: 5, dropped: 0, queued: 2 } });
    expect(s.server).toEqual({ scanned: 5, matched: 5, dropped: 0, queued: 2 });
    expect(s.server.matched).toBe(s.received + s.droppedByServer + s.server.queued);
    // The connection breaks with 2 queued: the resumed session reads them again and counts from zero.
    s = tailReducer(s, { type: "reconnected" });
    expect(s.server).toEqual({ scanned: 3, matched: 3, dropped: 0, queued: 0 });
    s = tailReducer(s, { type: "dropped", count: 1 });
    s = tailReducer(s, { type: "records", records: recs(4, 5), counters: { scanned: 3, matched: 3, dropped: 1, queued: 0 } });
    expect(s.server).toEqual({ scanned: 6, matched: 6, dropped: 1, queued: 0 });
    expect(s.server.matched).toBe(s.received + s.droppedByServer + s.server.queued);
    s = tailReducer(s, { type: "counters", counters: { scanned: 4, matched: 3, dropped: 1, queued: 0 } });
    expect(s.server.scanned).toBe(7);
  });
});
