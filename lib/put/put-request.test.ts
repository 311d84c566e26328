import { describe, expect, it } from "vitest";
import { describeProblems, parsePutRecordsRequest } from "./put-request";

const rec = (over: Record<string, unknown> = {}) => ({ partitionKey: "k", data: "x", encoding: "text", ...over });

describe("parsePutRecordsRequest", () => {
  it("prepares every record of a valid request, encoding defaulting to text", () => {
    const r = parsePutRecordsRequest({ records: [rec(), { partitionKey: "j", data: '{"a":1}', encoding: "json" }, { partitionKey: "t", data: "hi" }] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.records.map((x) => new TextDecoder().decode(x.data))).toEqual(["x", '{"a":1}', "hi"]);
  });

  it("refuses a body that is not { records: [...] }", () => {
    for (const body of [null, [], "x", {}, { records: "x" }, { records: [] }]) {
      const r = parsePutRecordsRequest(body);
      expect(r.ok, JSON.stringify(body)).toBe(false);
    }
    expect(parsePutRecordsRequest({ records: [] })).toEqual({ ok: false, problems: [{ message: "records is empty: send at least one record." }] });
  });

  it("names each bad record by index and field", () => {
    const r = parsePutRecordsRequest({
      records: [rec(), rec({ partitionKey: "" }), rec(), rec({ data: "@@", encoding: "base64" }), rec({ partitionKey: 5 }), rec({ encoding: "yaml" })],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.index, p.field])).toEqual([
      [4, "partitionKey"],
      [5, "encoding"],
    ]);
    // Shape first; once the shape is right, the rules of each record.
    const r2 = parsePutRecordsRequest({ records: [rec(), rec({ partitionKey: "" }), rec(), rec({ data: "@@", encoding: "base64" })] });
    expect(r2.ok).toBe(false);
    if (!r2.ok) {
      expect(r2.problems).toEqual([
        { index: 1, field: "partitionKey", message: expect.stringContaining("empty") },
        { index: 3, field: "data", message: "Invalid base64: '@' at character 1" },
      ]);
      expect(describeProblems(r2.problems)).toBe(
        "2 records are invalid, so nothing was written. records[1].partitionKey: The partition key is empty; it needs 1 to 256 characters. records[3].data: Invalid base64: '@' at character 1",
      );
    }
  });

  it("checks each record against the stream's maximum record size it is given", () => {
    const twoMiB = rec({ data: "a".repeat(2 * 1024 * 1024) });
    const atOneMiB = parsePutRecordsRequest({ records: [twoMiB] }, 1024 * 1024);
    expect(atOneMiB).toEqual({ ok: false, problems: [{ index: 0, field: "data", message: expect.stringContaining("holds at most 1 MiB (1,048,576 bytes)") }] });
    expect(parsePutRecordsRequest({ records: [twoMiB] }, 10 * 1024 * 1024).ok).toBe(true);
    const overTen = parsePutRecordsRequest({ records: [rec({ data: "a".repeat(10 * 1024 * 1024 + 1) })] }, 10 * 1024 * 1024);
    expect(overTen).toEqual({
      ok: false,
      problems: [{ index: 0, field: "data", message: expect.stringContaining("holds at most 10 MiB (10,485,760 bytes)") }],
    });
  });

  it("allows 500 records and refuses 501", () => {
    expect(parsePutRecordsRequest({ records: Array.from({ length: 500 }, () => rec()) }).ok).toBe(true);
    expect(parsePutRecordsRequest({ records: Array.from({ length: 501 }, () => rec()) })).toEqual({
      ok: false,
      problems: [{ message: "At most 500 records can be sent in one request." }],
    });
  });

  it("refuses more than 10 MiB of data and keys in one request", () => {
    const mib = "a".repeat(1024 * 1024);
    expect(parsePutRecordsRequest({ records: Array.from({ length: 10 }, () => rec({ partitionKey: "k", data: mib.slice(1) })) }).ok).toBe(true);
    const r = parsePutRecordsRequest({ records: Array.from({ length: 10 }, () => rec({ partitionKey: "kk", data: mib })) });
    expect(r).toEqual({ ok: false, problems: [{ message: expect.stringContaining("10,485,780 bytes") }] });
    expect(r.ok ? "" : r.problems[0]!.message).toContain("one request holds at most 10 MiB");
  });

  it("summarizes many problems without an endless message", () => {
    const problems = Array.from({ length: 30 }, (_, i) => ({ index: i, field: "data", message: "bad" }));
    const text = describeProblems(problems);
    expect(text).toMatch(/^30 records are invalid/);
    expect(text).toMatch(/and 20 more problems/);
  });
});
