import { describe, expect, it } from "vitest";
import { firstPartialIndex, isPeriodComplete, lastComplete, SETTLE_DELAY_MS } from "./completeness";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const min = (n: number) => T0 + n * 60_000;
/** One-minute periods 12:00 … 12:05. */
const timestamps = [0, 1, 2, 3, 4, 5].map(min);

describe("isPeriodComplete", () => {
  it("is complete once its end is a settle delay in the past", () => {
    // 12:03–12:04 ends at 12:04; complete from 12:05.
    expect(isPeriodComplete(min(3), 60, min(4) + SETTLE_DELAY_MS)).toBe(true);
    expect(isPeriodComplete(min(3), 60, min(4) + SETTLE_DELAY_MS - 1)).toBe(false);
  });
  it("a running period is never complete", () => {
    expect(isPeriodComplete(min(5), 60, min(5) + 30_000)).toBe(false);
    expect(isPeriodComplete(min(5), 60, min(5) + 30_000, 0)).toBe(false);
  });
  it("uses the period's length", () => {
    expect(isPeriodComplete(min(0), 300, min(5) + SETTLE_DELAY_MS)).toBe(true);
    expect(isPeriodComplete(min(0), 300, min(5) + SETTLE_DELAY_MS - 1)).toBe(false);
  });
});

describe("firstPartialIndex", () => {
  it("marks the running period and the one still settling as partial", () => {
    // At 12:05:30 the 12:05 period runs and the 12:04 one ended 30 s ago.
    expect(firstPartialIndex(timestamps, 60, min(5) + 30_000)).toBe(4);
  });
  it("is the length when every period is complete", () => {
    expect(firstPartialIndex(timestamps, 60, min(8))).toBe(6);
  });
  it("is 0 when none is", () => {
    expect(firstPartialIndex(timestamps, 60, min(0))).toBe(0);
    expect(firstPartialIndex([], 60, min(0))).toBe(0);
  });
});

describe("lastComplete", () => {
  it("skips the partial current period: a steady series is not shown as a drop", () => {
    const values = [1550, 1548, 1552, 1551, 1549, 981];
    expect(lastComplete(values, timestamps, 60, min(5) + 40_000)).toEqual({ value: 1551, index: 3, at: min(3) });
    expect(lastComplete(values, timestamps, 60, min(6) + SETTLE_DELAY_MS - 1)).toEqual({ value: 1549, index: 4, at: min(4) });
  });
  it("takes the last complete non-null point across gaps", () => {
    expect(lastComplete([5, null, 7, null, null, 9], timestamps, 60, min(6))).toEqual({ value: 7, index: 2, at: min(2) });
  });
  it("is null when no complete period has a value", () => {
    expect(lastComplete([null, null, null, null, 4, 3], timestamps, 60, min(5) + 30_000)).toBeNull();
    expect(lastComplete([], [], 60, min(6))).toBeNull();
  });
});
