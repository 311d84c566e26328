import { describe, expect, it } from "vitest";
import { DEFAULT_SEARCH_MAX, searchQuerySchema } from "./search-query";

const parse = (q: Record<string, string>) => searchQuerySchema.safeParse(q);
const message = (q: Record<string, string>) => {
  const r = parse(q);
  return r.success ? undefined : r.error.issues.map((i) => i.message).join(" ");
};

describe("searchQuerySchema", () => {
  it("defaults to the whole stream up to now, every shard, the first 1000 matches", () => {
    const r = searchQuerySchema.parse({});
    expect(r).toMatchObject({ from: "TRIM_HORIZON", until: undefined, shards: [], keyMode: "exact", regex: false, decoder: "auto", max: DEFAULT_SEARCH_MAX });
  });

  it("turns the window's times into ISO 8601, and `now` into no end", () => {
    const r = searchQuerySchema.parse({ from: "AT_TIMESTAMP", at: "1700000000000", until: "2023-11-14T22:15:00Z" });
    expect(r.at).toBe("2023-11-14T22:13:20.000Z");
    expect(r.until).toBe("2023-11-14T22:15:00.000Z");
    expect(searchQuerySchema.parse({ until: "now" }).until).toBeUndefined();
  });

  it("refuses windows that end before they start, start in the future, or name no time", () => {
    expect(message({ from: "AT_TIMESTAMP", at: "2024-01-02T00:00:00Z", until: "2024-01-01T00:00:00Z" })).toMatch(/ends .* before it starts/);
    expect(message({ from: "AT_TIMESTAMP", at: String(Date.now() + 3_600_000) })).toMatch(/in the future/);
    expect(message({ until: "2024-02-30T00:00:00Z" })).toMatch(/February 2024 has 29 days/);
    expect(message({ from: "AT_TIMESTAMP" })).toMatch(/AT_TIMESTAMP needs `at`/);
  });

  it("takes a sequence number only with one shard", () => {
    expect(message({ from: "AT_SEQUENCE_NUMBER", at: "49590338271490256608559692538361571095921575989136588898" })).toMatch(/exactly one shard/);
    expect(parse({ from: "AT_SEQUENCE_NUMBER", at: "4959", shards: "shardId-000000000001" }).success).toBe(true);
  });

  it("bounds max to whole numbers from 1 to 100,000", () => {
    expect(searchQuerySchema.parse({ max: "25" }).max).toBe(25);
    for (const max of ["0", "100001", "1e3", "-1", "2.5", " 5"]) expect(message({ max }), max).toMatch(/max must be a whole number from 1 to 100000/);
  });
});
