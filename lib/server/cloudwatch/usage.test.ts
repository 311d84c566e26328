import { describe, expect, it } from "vitest";
import { UsageCounter } from "./usage";

describe("UsageCounter", () => {
  it("counts calls in a sliding minute and in total, by operation", () => {
    let now = 0;
    const u = new UsageCounter(() => now);
    u.record("GetMetricData");
    now = 30_000;
    u.record("DescribeAlarms", 2);
    expect(u.snapshot()).toMatchObject({ callsLastMinute: 3, byOperationLastMinute: { GetMetricData: 1, DescribeAlarms: 2 } });
    now = 61_000;
    expect(u.snapshot()).toMatchObject({
      callsLastMinute: 2,
      byOperationLastMinute: { GetMetricData: 0, DescribeAlarms: 2 },
      totals: { GetMetricData: 1, DescribeAlarms: 2 },
    });
    now = 200_000;
    expect(u.snapshot().callsLastMinute).toBe(0);
  });

  it("counts cache hits and misses", () => {
    const u = new UsageCounter();
    u.cacheLookup(false);
    u.cacheLookup(true);
    u.cacheLookup(true);
    expect(u.snapshot().cache).toEqual({ hits: 2, misses: 1 });
  });
});
