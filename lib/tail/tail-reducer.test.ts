import { describe, expect, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import { initialTailState, tailReducer, type TailState } from "./tail-reducer";

const rec = (n: number): RecordView => ({
  shardId: "s",
  sequenceNumber: String(n),
  partitionKey: `k${n}`,
  arrivalTime: "2026-11-26T00:00:00.000Z",
  size: 1,
  data: "",
  decoded: { chain: [], format: "empty" },
});
const recs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => rec(from + i));
const seqs = (s: TailState) => s.rows.map((r) => Number(r.sequenceNumber));
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

  it("clears everything but the pause state, and adds up server drops", () => {
    let s = tailReducer(initialTailState, { type: "records", records: recs(1, 2) }, limits);
    s = tailReducer(s, { type: "dropped", count: 40 }, limits);
    s = tailReducer(s, { type: "dropped", count: 2 }, limits);
    expect(s.droppedByServer).toBe(42);
    s = tailReducer(s, { type: "pause" }, limits);
    s = tailReducer(s, { type: "clear" }, limits);
    expect(s).toEqual({ ...initialTailState, paused: true });
  });
});
