import { describe, expect, it } from "vitest";
import { filterConsumers, isHealth, isKind } from "./filter";
import type { ConsumerRow } from "./types";

const row = (name: string, kind: ConsumerRow["kind"], health: ConsumerRow["health"], stream: string) => ({
  id: `${kind}:${name}`,
  kind,
  name,
  state: "x",
  health,
  reasons: [],
  lag: null,
  details: {},
  fetchedAt: "2026-12-01T00:00:00.000Z",
  stream,
});
const ROWS = [row("orders-enricher", "kcl", "critical", "orders"), row("audit", "lambda", "ok", "payments"), row("to-s3", "firehose", "warning", "orders")];

describe("filterConsumers", () => {
  it("matches name or stream, ignoring case", () => {
    expect(filterConsumers(ROWS, { text: "ENRICH" }).map((r) => r.name)).toEqual(["orders-enricher"]);
    expect(filterConsumers(ROWS, { text: "orders" }).map((r) => r.name)).toEqual(["orders-enricher", "to-s3"]);
  });
  it("combines kind and health with the text, keeping the order", () => {
    expect(filterConsumers(ROWS, { kind: "firehose" }).map((r) => r.name)).toEqual(["to-s3"]);
    expect(filterConsumers(ROWS, { health: "ok" }).map((r) => r.name)).toEqual(["audit"]);
    expect(filterConsumers(ROWS, { text: "orders", health: "critical" }).map((r) => r.name)).toEqual(["orders-enricher"]);
    expect(filterConsumers(ROWS, {})).toHaveLength(3);
  });
  it("recognises the URL's kind and health values only", () => {
    expect(isKind("kcl")).toBe(true);
    expect(isKind("kafka")).toBe(false);
    expect(isHealth("warning")).toBe(true);
    expect(isHealth(null)).toBe(false);
  });
});
