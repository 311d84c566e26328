import { describe, expect, it } from "vitest";
import { describeZodError } from "@/lib/http/params";
import { metricsQuerySchema, monitorQuerySchema } from "./metrics-query";

const parse = (input: Record<string, string>) => {
  const r = metricsQuerySchema.safeParse(input);
  return r.success ? { ok: true as const, value: r.data } : { ok: false as const, message: describeZodError(r.error) };
};

describe("metricsQuerySchema", () => {
  it("defaults to the last hour without shard-level data", () => {
    expect(parse({})).toEqual({ ok: true, value: { range: "1h", shards: { kind: "none" } } });
  });

  it("reads shard selections", () => {
    expect(parse({ shards: "open" })).toMatchObject({ ok: true, value: { shards: { kind: "open" } } });
    expect(parse({ shards: "all" })).toMatchObject({ ok: true, value: { shards: { kind: "all" } } });
    expect(parse({ shards: "shardId-000000000001, shardId-000000000002,shardId-000000000001" })).toMatchObject({
      ok: true,
      value: { shards: { kind: "ids", ids: ["shardId-000000000001", "shardId-000000000002"] } },
    });
    expect(parse({ shards: "a b" })).toMatchObject({ ok: false, message: expect.stringContaining("shards must be") });
  });

  it("takes a custom window in ISO 8601 or epoch ms", () => {
    const r = parse({ range: "custom", start: "2026-11-26T10:00:00Z", end: String(Date.UTC(2026, 10, 26, 11)) });
    expect(r).toMatchObject({ ok: true, value: { start: new Date("2026-11-26T10:00:00Z"), end: new Date("2026-11-26T11:00:00Z") } });
  });

  it("explains what is wrong", () => {
    expect(parse({ range: "2d" })).toMatchObject({ ok: false, message: expect.stringContaining("range must be one of 15m, 1h, 3h, 12h, 1d, 3d, 7d, custom") });
    expect(parse({ range: "1h", start: "2026-11-26T10:00:00Z" })).toMatchObject({ ok: false, message: expect.stringContaining("range=custom") });
    expect(parse({ range: "custom", end: "2026-11-26T10:00:00Z" })).toMatchObject({ ok: false, message: expect.stringContaining("needs both") });
    expect(parse({ range: "custom", start: "2026-11-26T10:00:00Z", end: "2026-11-26T09:00:00Z" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("after start"),
    });
    expect(parse({ range: "custom", start: "2020-01-01T00:00:00Z", end: "2020-01-02T00:00:00Z" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("15-month retention"),
    });
    expect(parse({ range: "custom", start: new Date(Date.now() + 3600_000).toISOString(), end: new Date(Date.now() + 7200_000).toISOString() })).toMatchObject({
      ok: false,
      message: expect.stringContaining("in the future"),
    });
    expect(parse({ period: "1.5" })).toMatchObject({ ok: false, message: expect.stringContaining("whole number") });
    expect(parse({ period: "0x3c" })).toMatchObject({ ok: false, message: "period must be a whole number of seconds written in digits, e.g. 300." });
    expect(parse({ range: "custom", start: "2026-02-30T00:00:00Z", end: "2026-03-01T00:00:00Z" })).toMatchObject({
      ok: false,
      message: "start: 2026-02-30 is not a date: February 2026 has 28 days.",
    });
    expect(parse({ shards: Array.from({ length: 501 }, (_, i) => `s${i}`).join(",") })).toMatchObject({
      ok: false,
      message: expect.stringContaining("at most 500"),
    });
  });
});

describe("monitorQuerySchema", () => {
  it("reads streams, range and thresholds", () => {
    const r = monitorQuerySchema.parse({ streams: "orders, payments,orders", range: "15m", ageWarn: "30", throttleCrit: "10" });
    expect(r).toEqual({ streams: [{ stream: "orders" }, { stream: "payments" }], range: "15m", ageWarn: 30, throttleCrit: 10 });
  });

  it("reads streams of other targets and regions, and refuses references that cannot be", () => {
    const r = monitorQuerySchema.parse({ streams: "orders,prod-eu:orders,prod:us-west-2:payments" });
    expect(r.streams).toEqual([{ stream: "orders" }, { target: "prod-eu", stream: "orders" }, { target: "prod", region: "us-west-2", stream: "payments" }]);
    for (const bad of ["a:b:c:d", "-x:orders", "prod:EU-WEST-1:orders", "prod:", ":orders"]) {
      const result = monitorQuerySchema.safeParse({ streams: bad });
      expect(result.success, bad).toBe(false);
    }
    expect(JSON.stringify(monitorQuerySchema.safeParse({ streams: "prod:Mars:orders" }).error)).toContain("names no AWS region");
  });

  it("means every stream when none are named", () => {
    expect(monitorQuerySchema.parse({}).streams).toBeUndefined();
    expect(monitorQuerySchema.parse({ streams: "all" }).streams).toBeUndefined();
    expect(monitorQuerySchema.parse({ streams: " " }).streams).toBeUndefined();
  });

  it("refuses what it cannot use", () => {
    expect(monitorQuerySchema.safeParse({ streams: "good,b@d" }).success).toBe(false);
    expect(monitorQuerySchema.safeParse({ range: "7d" }).success).toBe(false);
    expect(monitorQuerySchema.safeParse({ ageWarn: "-1" }).success).toBe(false);
    expect(monitorQuerySchema.safeParse({ ageWarn: "soon" }).success).toBe(false);
    expect(monitorQuerySchema.safeParse({ throttleWarn: "9", throttleCrit: "3" }).success).toBe(false);
  });
});
