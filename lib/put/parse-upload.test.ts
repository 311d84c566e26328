import { describe, expect, it } from "vitest";
import { buildUploadBatch, formatFromFileName, lineRanges, parseUpload } from "./parse-upload";

const fixed = { key: { kind: "fixed" as const, template: "default-{{seq}}" }, explicitHashKey: "" };
const deps = { now: () => new Date(0), uuid: () => "u" };

describe("formatFromFileName", () => {
  it("goes by the extension", () => {
    expect(formatFromFileName("a.ndjson")).toBe("ndjson");
    expect(formatFromFileName("A.JSONL")).toBe("ndjson");
    expect(formatFromFileName("x.csv")).toBe("csv");
    expect(formatFromFileName("log.txt")).toBe("text");
    expect(formatFromFileName("noext")).toBe("text");
  });
});

describe("NDJSON", () => {
  it("sends a plain line as JSON data and an envelope's own key and data", () => {
    const text = [
      '{"order":1}',
      "",
      '{"partitionKey":"pk-2","data":{"order":2}}',
      '{"data":"AAE=","encoding":"base64","explicitHashKey":"9"}',
      '{"data":"plain text"}',
      '{"data":1,"other":true}', // not an envelope: it has a key that is not one of the envelope's
      "  ",
    ].join("\r\n");
    const parsed = parseUpload(text, "ndjson");
    expect(parsed.problems).toEqual([]);
    expect(parsed.records).toEqual([
      { line: 1, data: '{"order":1}', encoding: "json" },
      { line: 3, partitionKey: "pk-2", data: '{"order":2}', encoding: "json" },
      { line: 4, explicitHashKey: "9", data: "AAE=", encoding: "base64" },
      { line: 5, data: "plain text", encoding: "text" },
      { line: 6, data: '{"data":1,"other":true}', encoding: "json" },
    ]);
    const batch = buildUploadBatch(parsed, fixed, deps);
    expect(batch.problems).toEqual([]);
    expect(batch.lines).toEqual([1, 3, 4, 5, 6]);
    expect(batch.items.map((i) => i.input.partitionKey)).toEqual(["default-1", "pk-2", "default-3", "default-4", "default-5"]);
    expect(batch.items.map((i) => i.size)).toEqual([11 + 9, 11 + 4, 2 + 9, 10 + 9, 23 + 9]);
  });

  it("reports every bad line with its number", () => {
    const text = [
      '{"ok":1}',
      '{"bad":}',
      '{"data":"x","partitionKey":7}',
      '{"data":"zz","encoding":"hex"}',
      '{"data":{"a":1},"encoding":"text"}',
      '{"data":"x","partitionKey":""}',
      "not json",
      '{"data":"x","encoding":"yaml"}',
    ].join("\n");
    const batch = buildUploadBatch(parseUpload(text, "ndjson"), fixed, deps);
    expect(batch.problems).toEqual([
      { line: 2, message: "Invalid JSON: Unexpected '}' where a value was expected at column 8" },
      { line: 3, message: "partitionKey must be a string." },
      { line: 4, message: "Invalid hex: 'z' at character 1" },
      { line: 5, message: expect.stringContaining("data is a JSON object, so encoding must be json") },
      { line: 6, message: expect.stringContaining("partition key is empty") },
      { line: 7, message: "Invalid JSON: Unexpected 'n' where a value was expected at column 1" },
      { line: 8, message: "encoding must be one of text, json, base64, hex." },
    ]);
    expect(batch.items).toHaveLength(1);
  });

  it("says so when a file holds no records", () => {
    expect(parseUpload("\n\n", "ndjson").problems).toEqual([{ line: 1, message: "The file holds no records." }]);
  });
});

describe("CSV", () => {
  it("sends each row as a JSON object keyed by the header", () => {
    const parsed = parseUpload('id,name,note\n1,alpha,"with, comma"\n\n2,beta,"two\nlines"\n3,gamma,plain\n', "csv");
    expect(parsed.problems).toEqual([]);
    expect(parsed.records).toEqual([
      { line: 2, data: '{"id":"1","name":"alpha","note":"with, comma"}', encoding: "json" },
      { line: 4, data: '{"id":"2","name":"beta","note":"two\\nlines"}', encoding: "json" },
      { line: 6, data: '{"id":"3","name":"gamma","note":"plain"}', encoding: "json" },
    ]);
  });

  it("fills the record from partitionKey, explicitHashKey, data and encoding columns", () => {
    const parsed = parseUpload("partitionKey,data,encoding,explicitHashKey\nk1,hello,,\n,AAE=,base64,42\n", "csv");
    expect(parsed.problems).toEqual([]);
    expect(parsed.records).toEqual([
      { line: 2, partitionKey: "k1", data: "hello", encoding: "text" },
      { line: 3, explicitHashKey: "42", data: "AAE=", encoding: "base64" },
    ]);
  });

  it("reports rows with the wrong number of fields, bad encodings and bad quoting by line", () => {
    const text = 'a,b\n1,2\n3\n4,5,6\n"7,8\n';
    const parsed = parseUpload(text, "csv");
    expect(parsed.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(parsed.problems[0]!.message).toBe("1 fields, but the header has 2 columns.");
    const p2 = parseUpload("data,encoding\nx,yaml\n", "csv");
    expect(p2.problems).toEqual([{ line: 2, message: "encoding must be one of text, json, base64, hex." }]);
    const p3 = parseUpload("data,extra\nx,y\n", "csv");
    expect(p3.problems).toEqual([{ line: 1, message: expect.stringContaining('remove "extra"') }]);
  });
});

describe("text", () => {
  it("sends each non-empty line as UTF-8 text", () => {
    const parsed = parseUpload("first line\n\n  indented\r\nlast", "text");
    expect(parsed.records).toEqual([
      { line: 1, data: "first line", encoding: "text" },
      { line: 3, data: "  indented", encoding: "text" },
      { line: 4, data: "last", encoding: "text" },
    ]);
  });
});

describe("buildUploadBatch", () => {
  it("applies a random key and the default explicit hash key only where a line has no key of its own", () => {
    let n = 0;
    const parsed = parseUpload('{"a":1}\n{"partitionKey":"own","data":"x"}\n', "ndjson");
    const batch = buildUploadBatch(parsed, { key: { kind: "random" }, explicitHashKey: "5" }, { now: () => new Date(0), uuid: () => `r${++n}` });
    expect(batch.items.map((i) => i.input)).toEqual([
      { partitionKey: "r1", explicitHashKey: "5", data: '{"a":1}', encoding: "json" },
      { partitionKey: "own", data: "x", encoding: "text" },
    ]);
  });
});

describe("lineRanges", () => {
  it("names every line, runs as ranges", () => {
    expect(lineRanges([9, 1, 3, 4, 5, 4])).toBe("1, 3–5, 9");
    expect(lineRanges([7])).toBe("7");
    expect(lineRanges([])).toBe("");
    expect(lineRanges(Array.from({ length: 10_000 }, (_, i) => i + 1))).toBe("1–10000");
  });
});
