import { describe, expect, it } from "vitest";
import { previewOf } from "./preview";

describe("previewOf", () => {
  it("shows JSON compactly on one line", () => {
    expect(previewOf({ chain: ["base64", "json"], format: "json", value: { a: 1, b: [true, "x"] } })).toBe('{"a":1,"b":[true,"x"]}');
  });

  it("collapses whitespace and clips long text", () => {
    const p = previewOf({ chain: ["base64", "text"], format: "text", text: `line one\n\nline two ${"x".repeat(400)}` });
    expect(p.startsWith("line one line two x")).toBe(true);
    expect(p).toHaveLength(240);
    expect(p.endsWith("…")).toBe(true);
  });

  it("names aggregates with their count and first sub-record", () => {
    expect(
      previewOf({
        chain: ["base64", "kpl"],
        format: "kpl",
        subRecords: [
          { partitionKey: "device-1", size: 2, decoded: { chain: ["text"], format: "text", text: "hi" } },
          { partitionKey: "device-2", size: 2, decoded: { chain: ["text"], format: "text", text: "yo" } },
        ],
      }),
    ).toBe("KPL aggregate · 2 records · device-1: hi");
    expect(
      previewOf({
        chain: ["base64", "gzip", "cwlogs"],
        format: "cwlogs",
        value: { logGroup: "/aws/lambda/checkout", messageType: "DATA_MESSAGE" },
        subRecords: [{ id: "1", timestamp: 0, size: 5, decoded: { chain: ["text"], format: "text", text: "START" } }],
      }),
    ).toBe("CloudWatch Logs · /aws/lambda/checkout · 1 event · START");
  });

  it("does not try to print binary or empty payloads", () => {
    expect(previewOf({ chain: ["base64"], format: "binary", text: "00000000  ff" })).toBe("binary payload (see hex)");
    expect(previewOf({ chain: ["base64"], format: "empty" })).toBe("(empty)");
  });
});
