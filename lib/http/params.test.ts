import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseTimestamp, sequenceNumberSchema, shardIdSchema, streamNameSchema } from "./params";

const NOW = new Date("2024-06-01T12:00:00.000Z");
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("parseTimestamp", () => {
  it("reads ISO 8601 and epoch milliseconds", () => {
    expect(parseTimestamp("2024-06-01T12:00:00Z")?.toISOString()).toBe("2024-06-01T12:00:00.000Z");
    // JavaScript would move these to 2 March and 1 May; they are no dates at all.
    expect(parseTimestamp("2024-02-31")).toBeUndefined();
    expect(parseTimestamp("2024-04-31T08:00:00Z")).toBeUndefined();
    expect(parseTimestamp("2024-06-01")?.toISOString()).toBe("2024-06-01T00:00:00.000Z");
    expect(parseTimestamp(" 1717243200000 ")?.toISOString()).toBe("2024-06-01T12:00:00.000Z");
    expect(parseTimestamp("0")?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
  });

  it("returns undefined for anything else", () => {
    expect(parseTimestamp("")).toBeUndefined();
    expect(parseTimestamp("yesterday")).toBeUndefined();
    expect(parseTimestamp("2024-13-45")).toBeUndefined();
    expect(parseTimestamp("-5")).toBeUndefined();
    expect(parseTimestamp("12345678901234567")).toBeUndefined();
  });
});

describe("streamNameSchema", () => {
  it("accepts Kinesis's characters up to 128 long", () => {
    expect(streamNameSchema.parse("orders_v2.eu-west-1")).toBe("orders_v2.eu-west-1");
    expect(streamNameSchema.parse("a".repeat(128))).toBe("a".repeat(128));
  });

  it("explains each rule it enforces", () => {
    expect(streamNameSchema.safeParse("").error?.issues.map((i) => i.message)).toEqual([
      "Stream name is empty.",
      "Stream names contain only letters, digits, '_', '.' and '-'.",
    ]);
    expect(streamNameSchema.safeParse("a".repeat(129)).error?.issues.map((i) => i.message)).toEqual(["Stream names are at most 128 characters."]);
    expect(streamNameSchema.safeParse("my stream").error?.issues.map((i) => i.message)).toEqual([
      "Stream names contain only letters, digits, '_', '.' and '-'.",
    ]);
    expect(streamNameSchema.safeParse("orders/../x").success).toBe(false);
  });
});

describe("shardIdSchema and sequenceNumberSchema", () => {
  it("accept real ids and reject others", () => {
    expect(shardIdSchema.parse("shardId-000000000007")).toBe("shardId-000000000007");
    expect(shardIdSchema.safeParse("a".repeat(129)).error?.issues[0]?.message).toBe("Shard ids are at most 128 characters.");
    expect(sequenceNumberSchema.parse("1".repeat(128))).toBe("1".repeat(128));
    expect(sequenceNumberSchema.safeParse("1".repeat(129)).success).toBe(false);
    expect(sequenceNumberSchema.safeParse("-1").success).toBe(false);
  });
});
