import { describe, expect, it } from "vitest";
import { alignWindow, checkRequestedPeriod, choosePeriod, RANGES, retentionMinimumPeriod, timeline } from "./period";

const DAY = 86_400;

describe("choosePeriod", () => {
  it("follows the range: one-minute points for short ranges, coarser ones for long ranges", () => {
    const pick = (range: keyof typeof RANGES) => choosePeriod({ rangeSeconds: RANGES[range], startAgeSeconds: RANGES[range], queryCount: 20 }).period;
    expect(pick("15m")).toBe(60);
    expect(pick("1h")).toBe(60);
    expect(pick("3h")).toBe(60);
    expect(pick("12h")).toBe(300);
    expect(pick("1d")).toBe(300);
    expect(pick("3d")).toBe(900);
    expect(pick("7d")).toBe(3600);
  });

  it("follows CloudWatch's retention for windows that start long ago", () => {
    // One hour, but 20 days back: 60-second data is gone after 15 days.
    expect(choosePeriod({ rangeSeconds: 3600, startAgeSeconds: 20 * DAY, queryCount: 10 })).toMatchObject({
      period: 300,
      reason: expect.stringContaining("300-second"),
    });
    expect(choosePeriod({ rangeSeconds: 3600, startAgeSeconds: 70 * DAY, queryCount: 10 }).period).toBe(3600);
  });

  it("keeps many series within one call's 100,800 data points", () => {
    // 450 queries × 180 points would be 81,000: fine. 3 h at 60 s.
    expect(choosePeriod({ rangeSeconds: 3 * 3600, startAgeSeconds: 3 * 3600, queryCount: 450 }).period).toBe(60);
    // 500 queries × 288 points (1 day at 300 s) = 144,000: too many, so 900 s.
    expect(choosePeriod({ rangeSeconds: DAY, startAgeSeconds: DAY, queryCount: 500 }).period).toBe(900);
  });
});

describe("retentionMinimumPeriod", () => {
  it("is 60 s up to 15 days, 300 s up to 63 days, 3600 s beyond", () => {
    expect(retentionMinimumPeriod(15 * DAY)).toBe(60);
    expect(retentionMinimumPeriod(15 * DAY + 1)).toBe(300);
    expect(retentionMinimumPeriod(63 * DAY)).toBe(300);
    expect(retentionMinimumPeriod(63 * DAY + 1)).toBe(3600);
    expect(retentionMinimumPeriod(400 * DAY)).toBe(3600);
  });
});

describe("checkRequestedPeriod", () => {
  it("accepts whole minutes within retention and a sane point count", () => {
    expect(checkRequestedPeriod(60, 3600, 3600)).toBeUndefined();
    expect(checkRequestedPeriod(900, 7 * DAY, 7 * DAY)).toBeUndefined();
    expect(checkRequestedPeriod(300, 7 * DAY, 7 * DAY)).toMatch(/2016 points/);
  });
  it("says what is wrong otherwise", () => {
    expect(checkRequestedPeriod(30, 3600, 3600)).toMatch(/whole number of minutes/);
    expect(checkRequestedPeriod(90, 3600, 3600)).toMatch(/whole number of minutes/);
    expect(checkRequestedPeriod(172_800, 3600, 3600)).toMatch(/at most 86400/);
    expect(checkRequestedPeriod(60, 3600, 20 * DAY)).toMatch(/at least 300 seconds .*20 days ago/);
    expect(checkRequestedPeriod(60, 7 * DAY, 7 * DAY)).toMatch(/10080 points/);
  });
});

describe("alignWindow and timeline", () => {
  it("aligns to the period and lists the start of every period", () => {
    const t = Date.UTC(2026, 0, 1, 12, 0, 0);
    const w = alignWindow(t - 15 * 60_000 + 20_000, t + 20_000, 60);
    // Widened outwards to whole minutes.
    expect(w.start).toBe(t - 15 * 60_000);
    expect(w.end).toBe(t + 60_000);
    const slots = timeline(w);
    expect(slots).toHaveLength(16);
    expect(slots[0]).toBe(w.start);
    expect(slots.at(-1)).toBe(t);
  });
  it("never gives an empty window", () => {
    const t = Date.UTC(2026, 0, 1, 12, 0, 0);
    const w = alignWindow(t, t, 300);
    expect(w.end - w.start).toBe(300_000);
  });
});
