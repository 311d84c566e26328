import { describe, expect, it } from "vitest";
import { columnsParam, fieldPaths, fieldText, fieldValue, parseColumns } from "./json-fields";
import type { RecordView } from "./types";

const rec = (value: unknown, format: RecordView["decoded"]["format"] = "json"): RecordView => ({
  shardId: "s",
  sequenceNumber: "1",
  partitionKey: "k",
  arrivalTime: "2026-11-26T12:00:00.000Z",
  size: 1,
  data: "",
  decoded: { chain: ["base64", format], format, value },
});

describe("JSON fields as columns", () => {
  it("offers top-level and nested paths in first-seen order, arrays as leaves, non-objects ignored", () => {
    const rows = [rec({ id: 1, customer: { id: "c1", address: { city: "Oslo" } }, tags: ["a"] }), rec({ id: 2, total: 3 }), rec("text", "text"), rec([1, 2])];
    expect(fieldPaths(rows)).toEqual(["id", "customer", "customer.id", "customer.address", "customer.address.city", "tags", "total"]);
  });

  it("reads a value at a dotted path, also under keys that hold a dot", () => {
    const v = { customer: { id: "c1" }, "a.b": { c: 5 }, n: 0 };
    expect(fieldValue(v, "customer.id")).toBe("c1");
    expect(fieldValue(v, "a.b.c")).toBe(5);
    expect(fieldValue(v, "n")).toBe(0);
    expect(fieldValue(v, "customer.missing")).toBeUndefined();
    expect(fieldValue("x", "a")).toBeUndefined();
  });

  it("shows strings as they are and anything else as JSON", () => {
    expect(fieldText("EUR")).toBe("EUR");
    expect(fieldText(12.5)).toBe("12.5");
    expect(fieldText({ a: 1 })).toBe('{"a":1}');
    expect(fieldText(null)).toBe("null");
    expect(fieldText(undefined)).toBe("");
  });

  it("round-trips the URL's cols", () => {
    expect(parseColumns("amount, customer.id,,amount")).toEqual(["amount", "customer.id"]);
    expect(parseColumns(null)).toEqual([]);
    expect(columnsParam(["amount", "customer.id"])).toBe("amount,customer.id");
    expect(columnsParam([])).toBeUndefined();
  });
});
