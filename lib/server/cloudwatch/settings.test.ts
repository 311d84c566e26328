// The metrics and on-call settings of lib/server/config.ts.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/server/config";

describe("metrics and monitor settings", () => {
  it("have defaults", () => {
    const c = parseConfig({});
    expect(c.metricsTtlMs).toBe(30_000);
    expect(c.monitor).toEqual({
      thresholds: { iteratorAgeWarnMs: 60_000, iteratorAgeCritMs: 300_000, throttleWarn: 1, throttleCrit: 50 },
      maxStreams: 100,
    });
  });

  it("are read from SHARDSCOPE_ variables", () => {
    const c = parseConfig({
      SHARDSCOPE_METRICS_TTL_SECONDS: "5",
      SHARDSCOPE_MONITOR_ITERATOR_AGE_WARN_SECONDS: "10",
      SHARDSCOPE_MONITOR_ITERATOR_AGE_CRIT_SECONDS: "20",
      SHARDSCOPE_MONITOR_THROTTLE_WARN: "2",
      SHARDSCOPE_MONITOR_THROTTLE_CRIT: "4",
      SHARDSCOPE_MONITOR_MAX_STREAMS: "30",
    });
    expect(c.metricsTtlMs).toBe(5_000);
    expect(c.monitor).toEqual({ thresholds: { iteratorAgeWarnMs: 10_000, iteratorAgeCritMs: 20_000, throttleWarn: 2, throttleCrit: 4 }, maxStreams: 30 });
  });

  it("can turn CloudWatch off", () => {
    expect(parseConfig({}).cloudwatchDisabled).toBe(false);
    expect(parseConfig({ SHARDSCOPE_CLOUDWATCH_DISABLED: "1" }).cloudwatchDisabled).toBe(true);
  });

  it("refuse nonsense with one message naming the variable", () => {
    expect(() => parseConfig({ SHARDSCOPE_METRICS_TTL_SECONDS: "-1" })).toThrow(/SHARDSCOPE_METRICS_TTL_SECONDS/);
    expect(() => parseConfig({ SHARDSCOPE_MONITOR_ITERATOR_AGE_WARN_SECONDS: "600" })).toThrow(ConfigError);
    expect(() => parseConfig({ SHARDSCOPE_MONITOR_THROTTLE_WARN: "80" })).toThrow(/THROTTLE_WARN must not exceed/);
  });
});
