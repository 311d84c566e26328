import { describe, expect, it } from "vitest";
import { defaultMetricsRange, niceStep, niceTimeTicks, niceValueTicks, seriesWithData } from "./chart-axes";

const NOW = Date.parse("2026-06-01T12:00:00.000Z");

describe("defaultMetricsRange", () => {
  it("is 15 minutes for a stream younger than an hour, 1 hour otherwise", () => {
    expect(defaultMetricsRange("2026-06-01T11:50:00.000Z", NOW)).toBe("15m");
    expect(defaultMetricsRange("2026-06-01T11:00:00.001Z", NOW)).toBe("15m");
    expect(defaultMetricsRange("2026-06-01T11:00:00.000Z", NOW)).toBe("1h");
    expect(defaultMetricsRange("2025-01-01T00:00:00.000Z", NOW)).toBe("1h");
  });
  it("is 1 hour while the creation time is unknown", () => {
    expect(defaultMetricsRange(undefined, NOW)).toBe("1h");
    expect(defaultMetricsRange("not a date", NOW)).toBe("1h");
  });
});

describe("seriesWithData", () => {
  it("keeps the series with a data point and drops those that are all gaps", () => {
    const series = [
      { key: "a", values: [null, 1, null] },
      { key: "b", values: [null, null, null] },
      { key: "c", values: [0] },
      { key: "d", values: [] },
    ];
    expect(seriesWithData(series).map((s) => s.key)).toEqual(["a", "c"]);
  });
});

describe("niceValueTicks", () => {
  it("steps by 1, 2 or 5 × 10^k from 0 to a round top at or above the maximum", () => {
    expect(niceValueTicks(1550)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceValueTicks(100)).toEqual([0, 50, 100]);
    expect(niceValueTicks(45_000)).toEqual([0, 20_000, 40_000, 60_000]);
    expect(niceValueTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceValueTicks(7)).toEqual([0, 2, 4, 6, 8]);
  });
  it("for bytes, steps by round numbers of KiB or MiB", () => {
    expect(niceValueTicks(2048, 4, true)).toEqual([0, 512, 1024, 1536, 2048]);
    expect(niceValueTicks(3 * 1024 * 1024, 4, true)).toEqual([0, 1, 2, 3].map((n) => n * 1024 * 1024));
    expect(niceValueTicks(700, 4, true)).toEqual([0, 200, 400, 600, 800]);
  });
  it("gives [0, 1] when there is nothing to scale", () => {
    expect(niceValueTicks(0)).toEqual([0, 1]);
    expect(niceValueTicks(NaN)).toEqual([0, 1]);
  });
  it("niceStep rounds up to 1, 2, 5 or 10", () => {
    expect([0.7, 1, 1.5, 3, 7, 12].map(niceStep)).toEqual([1, 1, 2, 5, 10, 20]);
  });
});

describe("niceTimeTicks", () => {
  const at = (hhmm: string, day = "2026-06-01") => Date.parse(`${day}T${hhmm}:00.000Z`);
  it("puts 15 minutes of 1-minute slots on whole 2- or 5-minute marks", () => {
    expect(niceTimeTicks(at("11:44") + 20_000, at("11:59") + 20_000).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(["11:45", "11:50", "11:55"]);
  });
  it("puts an hour on quarter hours and a week on whole days", () => {
    expect(niceTimeTicks(at("11:00"), at("11:59"), 4).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(["11:00", "11:15", "11:30", "11:45"]);
    const week = niceTimeTicks(at("12:00", "2026-05-25"), at("12:00", "2026-06-01"), 8);
    expect(week.every((t) => t % 86_400_000 === 0)).toBe(true);
    expect(week).toHaveLength(7);
  });
  it("never gives more than the count asked for, nor a tick outside the window", () => {
    for (const span of [5, 60, 180, 720, 1440, 4320, 10080]) {
      const first = at("03:07");
      const last = first + span * 60_000;
      const ticks = niceTimeTicks(first, last, 6);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.length).toBeGreaterThan(0);
      for (const t of ticks) expect(t >= first && t <= last).toBe(true);
    }
  });
});
