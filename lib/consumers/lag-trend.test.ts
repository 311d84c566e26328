import { describe, expect, it } from "vitest";
import { appendSample, lagSlope, lagTrend, MAX_SAMPLES, type LagSample } from "./lag-trend";

const series = (lags: number[], stepMs = 30_000): LagSample[] => lags.map((lagMillis, i) => ({ at: 1_000_000 + i * stepMs, lagMillis }));

describe("appendSample", () => {
  it("keeps at most the last `max` samples", () => {
    let h: LagSample[] = [];
    for (let i = 0; i < MAX_SAMPLES + 5; i++) h = appendSample(h, { at: i, lagMillis: i });
    expect(h).toHaveLength(MAX_SAMPLES);
    expect(h[0]).toEqual({ at: 5, lagMillis: 5 });
    expect(h[h.length - 1]).toEqual({ at: MAX_SAMPLES + 4, lagMillis: MAX_SAMPLES + 4 });
  });

  it("ignores a sample measured no later than the last one (the same cached answer seen again)", () => {
    const h = appendSample([], { at: 10, lagMillis: 1 });
    expect(appendSample(h, { at: 10, lagMillis: 2 })).toBe(h);
    expect(appendSample(h, { at: 9, lagMillis: 2 })).toBe(h);
    expect(appendSample(h, { at: 11, lagMillis: 2 })).toHaveLength(2);
  });
});

describe("lagTrend", () => {
  it("is unknown with fewer than two samples", () => {
    expect(lagTrend([])).toEqual({ direction: "unknown", slope: null, catchUpMillis: null });
    expect(lagTrend(series([5_000])).direction).toBe("unknown");
  });

  it("is growing when the consumer reads nothing: lag gains a second a second", () => {
    const t = lagTrend(series([60_000, 90_000, 120_000, 150_000]));
    expect(t.direction).toBe("growing");
    expect(t.slope).toBeCloseTo(1, 6);
    expect(t.catchUpMillis).toBeNull();
  });

  it("is shrinking with the time to catch up at the current pace", () => {
    // Loses 15 s of lag every 30 s: half a second per second; 60 s left → 120 s to catch up.
    const t = lagTrend(series([105_000, 90_000, 75_000, 60_000]));
    expect(t.direction).toBe("shrinking");
    expect(t.slope).toBeCloseTo(-0.5, 6);
    expect(t.catchUpMillis).toBeCloseTo(120_000, 3);
  });

  it("is steady when the lag wobbles around a level", () => {
    expect(lagTrend(series([1_000, 1_200, 900, 1_100, 1_000])).direction).toBe("steady");
  });

  it("follows the recent samples: an old climb does not hide a recovery", () => {
    const climb = [0, 30_000, 60_000, 90_000, 120_000, 150_000, 180_000, 210_000, 240_000, 270_000];
    const recovery = [250_000, 230_000, 210_000, 190_000, 170_000, 150_000, 130_000, 110_000, 90_000, 70_000];
    expect(lagTrend(series([...climb, ...recovery])).direction).toBe("shrinking");
    expect(lagSlope(series([...climb, ...recovery]), 20)).toBeGreaterThan(0);
  });

  it("gives no slope when every sample was taken at the same time", () => {
    expect(
      lagSlope([
        { at: 5, lagMillis: 1 },
        { at: 5, lagMillis: 2 },
      ]),
    ).toBeNull();
  });
});
