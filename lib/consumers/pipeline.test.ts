import { describe, expect, it } from "vitest";
import { boxSentence, boxSubtitle, layoutPipeline, lagText } from "./pipeline";
import type { ConsumerRow } from "./types";

const row = (over: Partial<ConsumerRow>): ConsumerRow => ({
  id: "x",
  kind: "kcl",
  name: "app",
  state: "running",
  health: "ok",
  reasons: [],
  lag: null,
  details: {},
  fetchedAt: "2026-12-01T00:00:00.000Z",
  ...over,
});

describe("boxSubtitle", () => {
  it("names a Firehose delivery stream's destination", () => {
    expect(boxSubtitle(row({ kind: "firehose", details: { destination: "S3 telemetry-archive" } }))).toBe("→ S3 telemetry-archive");
    expect(boxSubtitle(row({ kind: "firehose" }))).toBe("destination unknown");
  });
  it("names a Lambda mapping's function from its ARN (without a qualifier)", () => {
    expect(boxSubtitle(row({ kind: "lambda", details: { functionArn: "arn:aws:lambda:us-east-1:123456789012:function:enrich:live" } }))).toBe(
      "function enrich",
    );
  });
  it("counts a KCL application's workers, or the owners of its leases when it reports none", () => {
    expect(
      boxSubtitle(
        row({
          workers: [
            { id: "a", leases: 1 },
            { id: "b", leases: 1 },
          ],
        }),
      ),
    ).toBe("2 workers");
    const shard = (owner?: string) => ({ shardId: "s", checkpoint: null, state: "x", health: "ok" as const, reasons: [], ...(owner ? { owner } : {}) });
    expect(boxSubtitle(row({ shards: [shard("w1"), shard("w1"), shard()] }))).toBe("1 worker");
  });
});

describe("the text alternative", () => {
  it("says kind, name, subtitle, health with reasons and lag", () => {
    expect(lagText({ maxMillis: 300_000, shardId: "shardId-000000000001" })).toBe("5 min on shardId-000000000001");
    expect(
      boxSentence(row({ name: "orders-enricher", health: "critical", reasons: ["stalled"], lag: { maxMillis: 300_000, shardId: "shardId-1" }, workers: [] })),
    ).toBe("KCL application orders-enricher, 0 workers: critical (stalled), lag 5 min on shardId-1.");
  });
});

describe("layoutPipeline", () => {
  it("puts consumers right and left of the stream in turn, none overlapping, all inside the picture", () => {
    const l = layoutPipeline(5, 760);
    expect(l.consumers.map((c) => c.side)).toEqual(["right", "left", "right", "left", "right"]);
    for (const c of l.consumers) {
      expect(c.x + c.width <= l.stream.x || c.x >= l.stream.x + l.stream.width).toBe(true);
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(c.y + c.height).toBeLessThanOrEqual(l.height);
    }
    const right = l.consumers.filter((c) => c.side === "right");
    for (let i = 1; i < right.length; i++) expect(right[i]!.y).toBeGreaterThanOrEqual(right[i - 1]!.y + right[i - 1]!.height);
  });
  it("sets a lone consumer level with the stream", () => {
    const l = layoutPipeline(1);
    expect(l.consumers[0]!.y).toBe(l.stream.y);
  });
});
