import { hydrate, QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/http/errors";
import { log as serverLog } from "@/lib/server/ops/log";
import { asJson, prefetched } from "./page-data";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("asJson", () => {
  it("gives what a JSON response gives: dates as ISO strings, no undefined properties", () => {
    const value = { at: new Date("2026-12-02T07:00:00.000Z"), missing: undefined, list: [1, undefined], nested: { ok: true } };
    expect(asJson(value)).toEqual({ at: "2026-12-02T07:00:00.000Z", list: [1, null], nested: { ok: true } });
    expect(Object.keys(asJson(value))).toEqual(["at", "list", "nested"]);
  });
});

describe("prefetched", () => {
  it("dehydrates what was read under the given keys, and a browser QueryClient hydrates it as fresh data", async () => {
    const state = await prefetched((client) => [
      client.prefetchQuery({ queryKey: ["streams", "local/us-east-1", "list"], queryFn: async () => ({ streams: [{ name: "orders" }] }), staleTime: 10_000 }),
    ]);
    expect(state.queries.map((q) => q.queryKey)).toEqual([["streams", "local/us-east-1", "list"]]);
    const browser = new QueryClient();
    hydrate(browser, state);
    const query = browser.getQueryCache().find({ queryKey: ["streams", "local/us-east-1", "list"] });
    expect(query?.state.data).toEqual({ streams: [{ name: "orders" }] });
    expect(query?.isStaleByTime(10_000)).toBe(false);
  });

  it("leaves out a read that failed, so the browser asks the API and shows the error; only an unexpected error is logged", async () => {
    const log = vi.spyOn(serverLog(), "error").mockImplementation(() => {});
    const state = await prefetched((client) => [
      client.prefetchQuery({ queryKey: ["a"], queryFn: () => Promise.reject(new AppError("not_found", "Stream x not found.")) }),
      client.prefetchQuery({ queryKey: ["b"], queryFn: () => Promise.reject(new Error("a bug")) }),
      client.prefetchQuery({ queryKey: ["c"], queryFn: async () => 3 }),
    ]);
    expect(state.queries.map((q) => q.queryKey)).toEqual([["c"]]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toEqual({ err: new Error("a bug") });
    expect(String(log.mock.calls[0]?.[1])).toContain("prefetch");
  });

  it("does not wait past its bound: a read still running is left out and the page goes without it", async () => {
    let finish: (v: number) => void = () => {};
    const slow = new Promise<number>((resolve) => {
      finish = resolve;
    });
    const state = await prefetched(
      (client) => [client.prefetchQuery({ queryKey: ["slow"], queryFn: () => slow }), client.prefetchQuery({ queryKey: ["quick"], queryFn: async () => 1 })],
      20,
    );
    expect(state.queries.map((q) => q.queryKey)).toEqual([["quick"]]);
    finish(2); // settles later, harmlessly, on a client nobody holds any more
  });

  it("sends a page without data when it has nothing to read", async () => {
    expect((await prefetched(() => [])).queries).toEqual([]);
  });
});
