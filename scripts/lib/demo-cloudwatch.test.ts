import { describe, expect, it } from "vitest";
import { KinesisMetricsRecorder } from "./demo-cloudwatch";

const AT = Date.UTC(2026, 10, 26, 12, 0, 10);

describe("KinesisMetricsRecorder", () => {
  it("adds up the puts per stream as Kinesis reports them", () => {
    const r = new KinesisMetricsRecorder();
    r.record({ stream: "orders", shardId: "shardId-000000000001", bytes: 100, ok: true, latencyMs: 10 });
    r.record({ stream: "orders", shardId: "shardId-000000000002", bytes: 300, ok: true, latencyMs: 30 });
    r.record({ stream: "orders", bytes: 50, ok: false, error: "ProvisionedThroughputExceededException", latencyMs: 2 });
    const data = r.drain(AT);
    const value = (metric: string) => data.find((d) => d.metric === metric && !d.shardId);
    expect(value("IncomingBytes")).toMatchObject({ stream: "orders", value: 400, timestamp: AT });
    expect(value("IncomingRecords")?.value).toBe(2);
    expect(value("WriteProvisionedThroughputExceeded")?.value).toBe(1);
    expect(value("PutRecord.Latency")?.stats).toEqual({ sum: 42, min: 2, max: 30, count: 3 });
    expect(value("PutRecord.Success")?.stats).toEqual({ sum: 2, min: 0, max: 1, count: 3 });
    // No enhanced monitoring configured: no shard-level data.
    expect(data.some((d) => d.shardId)).toBe(false);
  });

  it("publishes shard-level metrics from the ShardId of each put, only where enabled", () => {
    const r = new KinesisMetricsRecorder({ orders: ["IncomingBytes", "IncomingRecords"], telemetry: ["IncomingRecords"] });
    r.record({ stream: "orders", shardId: "shardId-000000000001", bytes: 100, ok: true, latencyMs: 1 });
    r.record({ stream: "orders", shardId: "shardId-000000000001", bytes: 20, ok: true, latencyMs: 1 });
    r.record({ stream: "orders", shardId: "shardId-000000000003", bytes: 7, ok: true, latencyMs: 1 });
    r.record({ stream: "telemetry", shardId: "shardId-000000000000", bytes: 9, ok: true, latencyMs: 1 });
    const shardData = r
      .drain(AT)
      .filter((d) => d.shardId)
      .map((d) => [d.stream, d.shardId, d.metric, d.value]);
    expect(shardData).toEqual([
      ["orders", "shardId-000000000001", "IncomingBytes", 120],
      ["orders", "shardId-000000000001", "IncomingRecords", 2],
      ["orders", "shardId-000000000003", "IncomingBytes", 7],
      ["orders", "shardId-000000000003", "IncomingRecords", 1],
      ["telemetry", "shardId-000000000000", "IncomingRecords", 1],
    ]);
  });

  it("starts over after each drain and says nothing for streams without puts", () => {
    const r = new KinesisMetricsRecorder();
    r.record({ stream: "payments", bytes: 10, ok: true, latencyMs: 1 });
    expect(r.drain(AT).length).toBeGreaterThan(0);
    expect(r.drain(AT + 10_000)).toEqual([]);
  });
});
