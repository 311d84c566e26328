import { describe, expect, it } from "vitest";
import { toNdjson } from "./export-ndjson";

describe("toNdjson", () => {
  it("names what the server masked, and has no raw bytes for it", () => {
    const line = toNdjson([
      {
        shardId: "s0",
        sequenceNumber: "1",
        partitionKey: "a",
        arrivalTime: "2026-11-26T00:00:00.000Z",
        size: 30,
        data: "",
        decoded: { chain: ["base64", "json"], format: "json", value: { card: "****" }, masked: ["$.card"] },
      },
    ]);
    expect(JSON.parse(line)).toMatchObject({ data: "", value: { card: "****" }, masked: ["$.card"] });
  });

  it("writes one parseable line per record with raw and decoded payloads", () => {
    const out = toNdjson([
      {
        shardId: "s0",
        sequenceNumber: "1",
        partitionKey: "a",
        arrivalTime: "2026-11-26T00:00:00.000Z",
        size: 7,
        data: "eyJhIjoxfQ==",
        decoded: { chain: ["base64", "json"], format: "json", value: { a: 1 }, text: '{"a":1}' },
      },
      {
        shardId: "s1",
        sequenceNumber: "2",
        partitionKey: "b\nc",
        arrivalTime: "2026-11-26T00:00:01.000Z",
        size: 2,
        data: "aGk=",
        decoded: { chain: ["base64", "text"], format: "text", text: "hi" },
      },
    ]);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual({
      shardId: "s0",
      sequenceNumber: "1",
      partitionKey: "a",
      arrivalTime: "2026-11-26T00:00:00.000Z",
      size: 7,
      data: "eyJhIjoxfQ==",
      format: "json",
      value: { a: 1 },
    });
    expect(JSON.parse(lines[1]!).partitionKey).toBe("b\nc");
    expect(JSON.parse(lines[1]!).text).toBe("hi");
    expect(toNdjson([])).toBe("");
  });
});
