import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeZodError } from "@/lib/http/params";
import { recordsQuerySchema } from "./records-query";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const SHARD = "shardId-000000000000";

/** The one-sentence message the API would send for this query, or the parsed query. */
function parse(query: Record<string, string>) {
  const result = recordsQuerySchema.safeParse(query);
  return result.success ? { ok: true as const, value: result.data } : { ok: false as const, message: describeZodError(result.error) };
}

function messageFor(query: Record<string, string>): string {
  const r = parse(query);
  if (r.ok) throw new Error(`expected ${JSON.stringify(query)} to be rejected, got ${JSON.stringify(r.value)}`);
  return r.message;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("recordsQuerySchema", () => {
  it("fills in the defaults", () => {
    expect(recordsQuerySchema.parse({ shardId: SHARD })).toEqual({
      shardId: SHARD,
      from: "TRIM_HORIZON",
      at: undefined,
      limit: 100,
      decoder: "auto",
    });
  });

  it("requires a shard id", () => {
    expect(messageFor({})).toBe("shardId is required.");
    // Zod reports every failed check of an empty string; both sentences are true.
    expect(messageFor({ shardId: "" })).toBe("shardId is required. Shard ids look like shardId-000000000000.");
  });

  it("rejects shard ids with characters Kinesis does not allow", () => {
    expect(messageFor({ shardId: "shard/../1" })).toBe("Shard ids look like shardId-000000000000.");
  });

  it("requires `at` for AT_TIMESTAMP", () => {
    expect(messageFor({ shardId: SHARD, from: "AT_TIMESTAMP" })).toBe("AT_TIMESTAMP needs `at`: an ISO 8601 time or milliseconds since the epoch.");
    expect(messageFor({ shardId: SHARD, from: "AT_TIMESTAMP", at: "last tuesday" })).toBe(
      "AT_TIMESTAMP needs `at`: an ISO 8601 time or milliseconds since the epoch.",
    );
  });

  it("rejects a timestamp in the future beyond one minute of clock skew", () => {
    expect(messageFor({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-06-01T12:01:01Z" })).toBe(
      "at: The timestamp 2024-06-01T12:01:01.000Z is in the future.",
    );
    const withinSkew = parse({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-06-01T12:00:59Z" });
    expect(withinSkew.ok && withinSkew.value.at).toBe("2024-06-01T12:00:59.000Z");
  });

  it("refuses dates that are not on the calendar, saying why", () => {
    expect(messageFor({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-02-31" })).toBe("2024-02-31 is not a date: February 2024 has 29 days.");
    expect(messageFor({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2023-02-29T10:00:00Z" })).toBe("2023-02-29 is not a date: February 2023 has 28 days.");
    expect(messageFor({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-04-31T00:00:00Z" })).toBe("2024-04-31 is not a date: April 2024 has 30 days.");
    expect(messageFor({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-13-01" })).toBe("2024-13-01 is not a date: months go from 01 to 12.");
    expect(parse({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-02-29" }).ok).toBe(true);
  });

  it("accepts epoch milliseconds and normalizes them to ISO 8601", () => {
    const r = parse({ shardId: SHARD, from: "AT_TIMESTAMP", at: String(Date.UTC(2024, 5, 1, 11, 30)) });
    expect(r).toEqual({ ok: true, value: { shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-06-01T11:30:00.000Z", limit: 100, decoder: "auto" } });
  });

  it("normalizes ISO timestamps with an offset to UTC", () => {
    const r = parse({ shardId: SHARD, from: "AT_TIMESTAMP", at: "2024-06-01T13:15:00+02:00" });
    expect(r.ok && r.value.at).toBe("2024-06-01T11:15:00.000Z");
  });

  it.each(["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"])("%s needs a decimal sequence number", (from) => {
    expect(messageFor({ shardId: SHARD, from, at: "4959-abc" })).toBe(`${from} needs \`at\`: A sequence number is a decimal number of up to 128 digits.`);
    expect(messageFor({ shardId: SHARD, from })).toBe(`${from} needs \`at\`: A sequence number is a decimal number of up to 128 digits.`);
    const seq = "49590338271490256608559692538361571095921575989136588898";
    const ok = parse({ shardId: SHARD, from, at: seq });
    expect(ok.ok && ok.value.at).toBe(seq);
  });

  it("does not check the start position when a cursor is given", () => {
    const r = parse({ shardId: SHARD, from: "AT_TIMESTAMP", cursor: "abc" });
    expect(r).toEqual({ ok: true, value: { shardId: SHARD, from: "AT_TIMESTAMP", at: undefined, limit: 100, decoder: "auto", cursor: "abc" } });
  });

  it("rejects an over-long cursor", () => {
    expect(messageFor({ shardId: SHARD, cursor: "x".repeat(8193) })).toBe("The cursor is too long.");
  });

  it("bounds limit to whole numbers from 1 to 1000", () => {
    expect(messageFor({ shardId: SHARD, limit: "0" })).toBe("limit must be at least 1.");
    expect(messageFor({ shardId: SHARD, limit: "1001" })).toBe("limit is at most 1000.");
    expect(messageFor({ shardId: SHARD, limit: "2.5" })).toBe("limit must be a whole number written in digits, e.g. 1.");
    expect(messageFor({ shardId: SHARD, limit: "ten" })).toBe("limit must be a whole number written in digits, e.g. 1.");
    // Forms Number() would read as a number are not what a person means by a limit.
    for (const limit of ["0x10", "1e1", " 10", "10 ", "+10", "-0", "", "0b11", "1_000", "Infinity"]) {
      expect(messageFor({ shardId: SHARD, limit })).toBe("limit must be a whole number written in digits, e.g. 1.");
    }
    expect(recordsQuerySchema.parse({ shardId: SHARD, limit: "010" }).limit).toBe(10);
    expect(recordsQuerySchema.parse({ shardId: SHARD, limit: "1" }).limit).toBe(1);
    expect(recordsQuerySchema.parse({ shardId: SHARD, limit: "1000" }).limit).toBe(1000);
  });

  it("lists the allowed values for a bad `from` or `decoder`", () => {
    expect(messageFor({ shardId: SHARD, from: "EARLIEST" })).toBe(
      "from must be one of TRIM_HORIZON, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER.",
    );
    expect(messageFor({ shardId: SHARD, decoder: "thrift" })).toBe(
      "decoder must be one of auto, kpl, gzip, zlib, cwlogs, gsr, confluent, avro, protobuf, msgpack, cbor, json, text, hex.",
    );
  });

  it("reports up to three problems at once", () => {
    expect(messageFor({ shardId: SHARD, from: "EARLIEST", limit: "0", decoder: "x" })).toBe(
      "from must be one of TRIM_HORIZON, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER. limit must be at least 1. decoder must be one of auto, kpl, gzip, zlib, cwlogs, gsr, confluent, avro, protobuf, msgpack, cbor, json, text, hex.",
    );
  });
});
