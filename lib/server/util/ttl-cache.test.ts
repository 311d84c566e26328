import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("shares one in-flight load between concurrent callers", async () => {
    const cache = new TtlCache<number>(1000);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return 7;
    };
    const values = await Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)]);
    expect(values).toEqual([7, 7, 7]);
    expect(loads).toBe(1);
  });

  it("expires entries after the ttl and does not cache failures", async () => {
    let now = 0;
    const cache = new TtlCache<string>(100, 10, () => now);
    await cache.get("a", async () => "first");
    now = 50;
    expect(cache.peek("a")).toBe("first");
    now = 100;
    expect(cache.peek("a")).toBeUndefined();
    await expect(cache.get("b", async () => Promise.reject(new Error("nope")))).rejects.toThrow("nope");
    await expect(cache.get("b", async () => "ok")).resolves.toBe("ok");
  });

  it("evicts the oldest entry past its size bound", () => {
    const cache = new TtlCache<number>(1000, 2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.peek("b")).toBe(2);
    expect(cache.peek("c")).toBe(3);
  });
});
