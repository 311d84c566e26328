import { describe, expect, it } from "vitest";
import { SHARD_METRICS, STREAM_METRICS } from "./catalog";
import { batchQueries, minimumCalls, planQueries, planSignature, type SeriesRequest } from "./queries";

const incoming = STREAM_METRICS.find((m) => m.name === "IncomingBytes")!;
const age = STREAM_METRICS.find((m) => m.name === "GetRecords.IteratorAgeMilliseconds")!;

describe("planQueries", () => {
  it("asks for a rate as the Sum plus metric math dividing it by the period", () => {
    const plan = planQueries(
      [
        { key: "IncomingBytes", metric: incoming, dimensions: { StreamName: "orders" } },
        { key: "age", metric: age, dimensions: { StreamName: "orders" } },
      ],
      60,
    );
    expect(plan.queryCount).toBe(3);
    expect(plan.groups[0]).toEqual([
      {
        id: "q0",
        kind: "stat",
        namespace: "AWS/Kinesis",
        metricName: "IncomingBytes",
        dimensions: [{ name: "StreamName", value: "orders" }],
        stat: "Sum",
        period: 60,
      },
      { id: "q0r", kind: "math", expression: "q0/PERIOD(q0)", label: "IncomingBytes per second" },
    ]);
    expect(plan.groups[1]).toEqual([expect.objectContaining({ id: "q1", metricName: "GetRecords.IteratorAgeMilliseconds", stat: "Maximum" })]);
    expect(plan.series).toEqual([
      { key: "IncomingBytes", display: "rate", statId: "q0", rateId: "q0r" },
      { key: "age", display: "value", statId: "q1" },
    ]);
  });

  it("keeps dimensions in order, skips repeated keys and gives valid ids", () => {
    const shardBytes = SHARD_METRICS.find((m) => m.name === "IncomingBytes")!;
    const requests: SeriesRequest[] = Array.from({ length: 60 }, (_, i) => ({
      key: `s${i}`,
      metric: shardBytes,
      dimensions: { StreamName: "big", ShardId: `shardId-${String(i).padStart(12, "0")}` },
    }));
    const plan = planQueries([...requests, requests[0]!], 300);
    expect(plan.series).toHaveLength(60);
    const ids = plan.groups.flat().map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[a-z][a-zA-Z0-9_]*$/.test(id))).toBe(true);
    const first = plan.groups[0]![0]!;
    expect(first.kind === "stat" && first.dimensions.map((d) => d.name)).toEqual(["StreamName", "ShardId"]);
  });
});

describe("batchQueries", () => {
  it("packs groups into ⌈queries/500⌉ calls without splitting a rate from its statistic", () => {
    const requests: SeriesRequest[] = Array.from({ length: 400 }, (_, i) => ({ key: `k${i}`, metric: incoming, dimensions: { StreamName: `s${i}` } }));
    const plan = planQueries(requests, 60);
    expect(plan.queryCount).toBe(800);
    const batches = batchQueries(plan.groups);
    expect(batches).toHaveLength(minimumCalls(800));
    expect(batches.map((b) => b.length)).toEqual([500, 300]);
    for (const batch of batches) {
      const ids = new Set(batch.map((q) => q.id));
      for (const q of batch) if (q.kind === "math") expect(ids.has(q.expression.split("/")[0]!)).toBe(true);
    }
  });

  it("starts a new call rather than split a group at the boundary", () => {
    const plan = planQueries(
      [
        ...Array.from({ length: 499 }, (_, i) => ({ key: `v${i}`, metric: age, dimensions: { StreamName: `s${i}` } })),
        { key: "rate", metric: incoming, dimensions: { StreamName: "x" } },
      ],
      60,
    );
    expect(batchQueries(plan.groups).map((b) => b.length)).toEqual([499, 2]);
  });

  it("makes one call for a 50-shard stream's page", () => {
    const shardMetrics = SHARD_METRICS.filter((m) => ["IncomingBytes", "IncomingRecords", "OutgoingBytes"].includes(m.name));
    const requests: SeriesRequest[] = [
      ...STREAM_METRICS.map((m) => ({ key: m.name, metric: m, dimensions: { StreamName: "big" } })),
      ...Array.from({ length: 50 }, (_, i) =>
        shardMetrics.map((m) => ({ key: `${i}/${m.name}`, metric: m, dimensions: { StreamName: "big", ShardId: `shard-${i}` } })),
      ).flat(),
    ];
    const plan = planQueries(requests, 60);
    expect(plan.queryCount).toBeLessThanOrEqual(500);
    expect(batchQueries(plan.groups)).toHaveLength(1);
  });
});

describe("planSignature", () => {
  it("differs when the window's period or dimensions differ, and is stable otherwise", () => {
    const a = planQueries([{ key: "x", metric: incoming, dimensions: { StreamName: "a" } }], 60);
    const again = planQueries([{ key: "x", metric: incoming, dimensions: { StreamName: "a" } }], 60);
    const b = planQueries([{ key: "x", metric: incoming, dimensions: { StreamName: "b" } }], 60);
    const c = planQueries([{ key: "x", metric: incoming, dimensions: { StreamName: "a" } }], 300);
    expect(planSignature(a)).toBe(planSignature(again));
    expect(planSignature(a)).not.toBe(planSignature(b));
    expect(planSignature(a)).not.toBe(planSignature(c));
  });

  it("keeps the namespace: the same metric name in AWS/Lambda is another series", () => {
    const age = { name: "IteratorAge", statistic: "Maximum", display: "value", cloudwatchUnit: "Milliseconds" } as const;
    const kinesis = planQueries([{ key: "x", metric: age, dimensions: { FunctionName: "f" } }], 60);
    const lambda = planQueries([{ key: "x", metric: age, dimensions: { FunctionName: "f" }, namespace: "AWS/Lambda" }], 60);
    expect(kinesis.groups[0]![0]).toMatchObject({ namespace: "AWS/Kinesis" });
    expect(lambda.groups[0]![0]).toMatchObject({ namespace: "AWS/Lambda", metricName: "IteratorAge" });
    expect(planSignature(kinesis)).not.toBe(planSignature(lambda));
  });
});
