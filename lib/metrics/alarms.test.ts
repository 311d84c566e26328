import { describe, expect, it } from "vitest";
import type { AlarmView } from "@/lib/metrics/types";
import { STREAM_CHARTS } from "./catalog";
import { alarmsForStream, alarmWatchesStream, comparisonSign, placeThreshold } from "./alarms";

const chart = (id: string) => STREAM_CHARTS.find((c) => c.id === id)!;

function alarm(over: Partial<AlarmView>): AlarmView {
  return {
    name: "a",
    state: "OK",
    reason: "",
    namespace: "AWS/Kinesis",
    metricName: "GetRecords.IteratorAgeMilliseconds",
    statistic: "Maximum",
    period: 60,
    dimensions: [{ name: "StreamName", value: "orders" }],
    threshold: 30_000,
    comparison: "GreaterThanThreshold",
    metrics: [],
    ...over,
  };
}

describe("alarmWatchesStream", () => {
  it("matches AWS/Kinesis alarms with the stream's StreamName dimension only", () => {
    expect(alarmWatchesStream(alarm({}), "orders")).toBe(true);
    expect(alarmWatchesStream(alarm({}), "orders-2")).toBe(false);
    expect(alarmWatchesStream(alarm({ namespace: "AWS/Lambda" }), "orders")).toBe(false);
    expect(alarmWatchesStream(alarm({ dimensions: [{ name: "FunctionName", value: "orders" }] }), "orders")).toBe(false);
    expect(
      alarmWatchesStream(
        alarm({
          dimensions: [
            { name: "StreamName", value: "orders" },
            { name: "ShardId", value: "shardId-000000000001" },
          ],
        }),
        "orders",
      ),
    ).toBe(true);
  });

  it("looks inside metric-math alarms", () => {
    const math = alarm({
      namespace: undefined,
      metricName: undefined,
      dimensions: [],
      metrics: [{ namespace: "AWS/Kinesis", metricName: "IncomingBytes", dimensions: [{ name: "StreamName", value: "orders" }] }],
    });
    expect(alarmWatchesStream(math, "orders")).toBe(true);
    expect(alarmWatchesStream(math, "payments")).toBe(false);
  });

  it("lists a stream's alarms with those in ALARM first", () => {
    const list = alarmsForStream(
      [
        alarm({ name: "z", state: "OK" }),
        alarm({ name: "y", state: "ALARM" }),
        alarm({ name: "x", state: "INSUFFICIENT_DATA" }),
        alarm({ name: "other", dimensions: [{ name: "StreamName", value: "p" }] }),
      ],
      "orders",
    );
    expect(list.map((a) => a.name)).toEqual(["y", "x", "z"]);
  });
});

describe("placeThreshold", () => {
  it("draws a Sum alarm on a rate chart per second", () => {
    const p = placeThreshold(alarm({ metricName: "IncomingBytes", statistic: "Sum", period: 300, threshold: 600_000 }), chart("bytes"), 60);
    expect(p).toMatchObject({ drawn: true, y: 2000, seriesKey: "IncomingBytes", note: "600000 per 300 s" });
  });

  it("draws a maximum as is, noting a statistic the chart does not show", () => {
    expect(placeThreshold(alarm({}), chart("iterator-age"), 300)).toMatchObject({ drawn: true, y: 30_000, note: undefined });
    expect(placeThreshold(alarm({ statistic: "Average" }), chart("iterator-age"), 60)).toMatchObject({ drawn: true, note: "Average, chart shows Maximum" });
  });

  it("draws a throttling Sum only when the chart sums over the alarm's period", () => {
    const a = alarm({ metricName: "WriteProvisionedThroughputExceeded", statistic: "Sum", period: 60, threshold: 5 });
    expect(placeThreshold(a, chart("throttling"), 60)).toMatchObject({ drawn: true, y: 5 });
    expect(placeThreshold(a, chart("throttling"), 300)).toMatchObject({ drawn: false, why: "it sums over 60 s and the chart over 300 s" });
  });

  it("explains rate alarms it cannot compare, and ignores other charts and shard alarms", () => {
    expect(placeThreshold(alarm({ metricName: "IncomingBytes", statistic: "Average" }), chart("bytes"), 60)).toMatchObject({ drawn: false });
    expect(placeThreshold(alarm({}), chart("bytes"), 60)).toBeUndefined();
    const shard = alarm({
      dimensions: [
        { name: "StreamName", value: "orders" },
        { name: "ShardId", value: "s" },
      ],
    });
    expect(placeThreshold(shard, chart("iterator-age"), 60)).toBeUndefined();
    expect(placeThreshold(alarm({ threshold: undefined }), chart("iterator-age"), 60)).toMatchObject({ drawn: false });
  });

  it("puts a consumer's alarm on that consumer's series", () => {
    const a = alarm({
      metricName: "SubscribeToShardEvent.Bytes",
      statistic: "Sum",
      period: 60,
      threshold: 6000,
      dimensions: [
        { name: "StreamName", value: "orders" },
        { name: "ConsumerName", value: "app" },
      ],
    });
    expect(placeThreshold(a, chart("bytes"), 60)).toMatchObject({ drawn: true, y: 100, seriesKey: "SubscribeToShardEvent.Bytes@app" });
  });
});

describe("comparisonSign", () => {
  it("reads CloudWatch's operators as signs", () => {
    expect(comparisonSign("GreaterThanOrEqualToThreshold")).toBe("≥");
    expect(comparisonSign("LessThanThreshold")).toBe("<");
    expect(comparisonSign(undefined)).toBe("");
  });
});
