import { describe, expect, it } from "vitest";
import { insertSample, lagSlope, lagTrend, MAX_SAMPLE_AGE_MS, MAX_SAMPLES, type LagSample } from "./lag-trend";

const series = (lags: number[], stepMs = 30_000): LagSample[] => lags.map((lagMillis, i) => ({ at: 1_000_000 + i * stepMs, lagMillis }));

describe("insertSample", () => {
  it("keeps at most the last `max` samples", () => {
    let h: LagSample[] = [];
    for (let i = 0; i < MAX_SAMPLES + 5; i++) h = insertSample(h, { at: i, lagMillis: i });
    expect(h).toHaveLength(MAX_SAMPLES);
    expect(h[0]).toEqual({ at: 5, lagMillis: 5 });
    expect(h[h.length - 1]).toEqual({ at: MAX_SAMPLES + 4, lagMillis: MAX_SAMPLES + 4 });
  });

  it("ignores a sample of a time it already holds (the same measurement seen again)", () => {
    const h = insertSample([], { at: 10, lagMillis: 1 });
    expect(insertSample(h, { at: 10, lagMillis: 2 })).toBe(h);
    expect(insertSample(h, { at: 11, lagMillis: 2 })).toHaveLength(2);
  });

  it("puts a sample measured earlier than the last one in its place by time", () => {
    let h = insertSample([], { at: 10, lagMillis: 1 });
    h = insertSample(h, { at: 30, lagMillis: 3 });
    h = insertSample(h, { at: 20, lagMillis: 2 });
    h = insertSample(h, { at: 5, lagMillis: 0 });
    expect(h.map((s) => s.at)).toEqual([5, 10, 20, 30]);
  });

  it("drops samples older than the age limit before the newest", () => {
    const hour = MAX_SAMPLE_AGE_MS;
    let h = insertSample([], { at: 0, lagMillis: 1 });
    h = insertSample(h, { at: hour / 2, lagMillis: 2 });
    expect(h).toHaveLength(2);
    h = insertSample(h, { at: hour + 1, lagMillis: 3 });
    expect(h.map((s) => s.at)).toEqual([hour / 2, hour + 1]);
    // A lone sample stays however old: the newest is never dropped.
    expect(insertSample([], { at: 0, lagMillis: 1 }, 10, 0)).toHaveLength(1);
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
