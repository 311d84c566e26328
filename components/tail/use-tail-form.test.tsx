// The Tail view's state through the URL, with Next's own navigation hooks: the form starts from the
// URL, Apply pushes a URL that reopens the same form, and the route URL follows.
import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { NextUrl } from "@/lib/queries/testing/next-url";
import { useUrlState } from "@/lib/queries/use-url-state";
import { useTailForm } from "./use-tail-form";
import { InScope, TEST_API } from "@/lib/queries/testing/in-scope";

const Wrapper = ({ children }: { children: React.ReactNode }) => (
  <NextUrl>
    <InScope>{children}</InScope>
  </NextUrl>
);

function open(path: string) {
  window.history.replaceState(null, "", path);
  return renderHook(() => useTailForm("orders"), { wrapper: Wrapper });
}

afterEach(() => window.history.replaceState(null, "", "/"));

describe("useTailForm", () => {
  it("starts from the URL and tails what it says", () => {
    const { result } = open("/streams/orders/tail?from=TRIM_HORIZON&shards=shardId-000000000001&q=paid&regex=1&order=oldest");
    expect(result.current.form).toMatchObject({ from: "TRIM_HORIZON", shards: ["shardId-000000000001"], text: "paid", regex: true });
    expect(result.current.url).toBe(`${TEST_API}/streams/orders/tail?from=TRIM_HORIZON&shards=shardId-000000000001&q=paid&regex=1`);
    expect(result.current).toMatchObject({ running: true, newestFirst: false });
  });

  it("Apply pushes the draft to the URL; a fresh view of that URL reads the same form", () => {
    const { result, unmount } = open("/streams/orders/tail?order=oldest&live=0");
    const length = window.history.length;
    act(() => {
      result.current.set("from", "AT_TIMESTAMP");
      result.current.set("at", " 2026-01-02T03:04:05Z ");
      result.current.toggleShard("shardId-000000000002", true);
      result.current.toggleShard("shardId-000000000000", true);
      result.current.set("key", "user-");
      result.current.set("keyMode", "prefix");
      result.current.set("decoder", "json");
      result.current.set("efo", true);
      result.current.set("consumer", "reader");
    });
    expect(result.current.url).toBeNull(); // stopped until Apply
    act(() => result.current.apply());
    expect(window.history.length).toBe(length + 1);
    expect(window.location.pathname).toBe("/streams/orders/tail");
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({
      order: "oldest",
      from: "AT_TIMESTAMP",
      at: "2026-01-02T03:04:05Z",
      shards: "shardId-000000000002,shardId-000000000000",
      key: "user-",
      keyMode: "prefix",
      decoder: "json",
      consumer: "reader",
    });
    expect(result.current.running).toBe(true);
    expect(result.current.url).toBe(
      `${TEST_API}/streams/orders/tail?from=AT_TIMESTAMP&at=2026-01-02T03%3A04%3A05Z&shards=shardId-000000000002%2CshardId-000000000000&key=user-&keyMode=prefix&decoder=json&consumer=reader`,
    );
    const draft = result.current.form;
    unmount();
    const again = renderHook(() => useTailForm("orders"), { wrapper: Wrapper });
    expect(again.result.current.form).toEqual({ ...draft, at: draft.at.trim() });
  });

  it("Apply does nothing while the filter is invalid", () => {
    const { result } = open("/streams/orders/tail");
    act(() => result.current.set("expr", "total >"));
    expect(result.current.filterCheck.ok).toBe(false);
    act(() => result.current.apply());
    expect(window.location.search).toBe("");
  });

  it("Stop, Start and the order are URL state, replaced rather than pushed", () => {
    const { result } = open("/streams/orders/tail?q=x");
    const length = window.history.length;
    act(() => result.current.setRunning(false));
    expect(window.location.search).toBe("?q=x&live=0");
    expect(result.current.url).toBeNull();
    act(() => result.current.setNewestFirst(false));
    act(() => result.current.setRunning(true));
    expect(window.location.search).toBe("?q=x&order=oldest");
    expect(result.current.url).toBe(`${TEST_API}/streams/orders/tail?q=x`);
    expect(window.history.length).toBe(length);
  });
});

describe("useUrlState", () => {
  it("patches the query: empty and undefined remove a key, the rest are set; quick updates never read a stale URL", () => {
    window.history.replaceState(null, "", "/monitor?a=1&b=2");
    const { result } = renderHook(() => useUrlState(), { wrapper: Wrapper });
    expect(result.current[0].get("a")).toBe("1");
    act(() => {
      result.current[1]({ a: undefined, c: "3" });
      result.current[1]({ b: "", d: "4" });
    });
    expect(window.location.pathname + window.location.search).toBe("/monitor?c=3&d=4");
    expect(result.current[0].toString()).toBe("c=3&d=4");
  });
});
