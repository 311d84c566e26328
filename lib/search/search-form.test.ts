import { describe, expect, it } from "vitest";
import { checkSearchForm, searchFormFromParams, searchFormToParams, searchUrl } from "./search-form";

describe("the search form and its URL", () => {
  it("reads a search link, and writes the same parameters back (defaults left out)", () => {
    const params = new URLSearchParams("from=AT_TIMESTAMP&at=2026-12-01T09:00:00Z&until=2026-12-01T09:15:00Z&key=customer-0042&q=paid&regex=1&max=50&run=9");
    const form = searchFormFromParams(params);
    expect(form).toMatchObject({
      from: "AT_TIMESTAMP",
      at: "2026-12-01T09:00:00Z",
      until: "2026-12-01T09:15:00Z",
      key: "customer-0042",
      text: "paid",
      regex: true,
      max: "50",
    });
    expect(searchFormToParams(form)).toEqual({
      from: "AT_TIMESTAMP",
      at: "2026-12-01T09:00:00Z",
      until: "2026-12-01T09:15:00Z",
      shards: undefined,
      key: "customer-0042",
      keyMode: undefined,
      q: "paid",
      regex: "1",
      expr: undefined,
      decoder: undefined,
      max: "50",
    });
    expect(searchFormToParams(searchFormFromParams(new URLSearchParams()))).toEqual(
      Object.fromEntries(Object.keys(searchFormToParams(form)).map((k) => [k, undefined])),
    );
  });

  it("says what the route would refuse, before it is sent", () => {
    const form = searchFormFromParams(new URLSearchParams());
    expect(checkSearchForm(form)).toBeUndefined();
    expect(checkSearchForm({ ...form, max: "0" })).toMatch(/max must be a whole number/);
    expect(checkSearchForm({ ...form, from: "AT_TIMESTAMP", at: "yesterday" })).toMatch(/AT_TIMESTAMP needs `at`/);
    expect(checkSearchForm({ ...form, text: "(", regex: true })).toBeUndefined(); // the route's filter compiler says it (400)
  });

  it("passes the route's parameters on (not `run` or the page's own), pinning a window of now to a given end", () => {
    const params = new URLSearchParams("key=k&run=3&order=oldest");
    expect(searchUrl("/api/t/local/us-east-1", "orders", params)).toBe("/api/t/local/us-east-1/streams/orders/search?key=k");
    expect(searchUrl("/api/t/local/us-east-1", "orders", params, "search.ndjson", "2026-12-01T09:15:00.000Z")).toBe(
      "/api/t/local/us-east-1/streams/orders/search.ndjson?key=k&until=2026-12-01T09%3A15%3A00.000Z",
    );
    expect(searchUrl("/api", "orders", new URLSearchParams("until=2026-01-01T00:00:00Z"), "search.ndjson", "2026-12-01T00:00:00Z")).toBe(
      "/api/streams/orders/search.ndjson?until=2026-01-01T00%3A00%3A00Z",
    );
  });
});
