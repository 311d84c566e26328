import { describe, expect, it } from "vitest";
import { ByteBudget } from "./byte-budget";

const settled = async <T>(p: Promise<T>): Promise<"pending" | "resolved" | "rejected"> => {
  let state: "pending" | "resolved" | "rejected" = "pending";
  p.then(
    () => (state = "resolved"),
    () => (state = "rejected"),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe("ByteBudget", () => {
  it("grants what fits at once and holds the rest until bytes are released", async () => {
    const b = new ByteBudget(100);
    const r1 = await b.reserve(60);
    const r2 = await b.reserve(40);
    expect(b.inUse).toBe(100);
    const third = b.reserve(10);
    expect(await settled(third)).toBe("pending");
    expect(b.queued).toBe(1);
    r1();
    expect(await settled(third)).toBe("resolved");
    expect(b.inUse).toBe(50);
    r1(); // a release counts once
    expect(b.inUse).toBe(50);
    r2();
    (await third)();
    expect(b.inUse).toBe(0);
  });

  it("serves waiters in order: a small reservation never overtakes a big one waiting", async () => {
    const b = new ByteBudget(100);
    const r = await b.reserve(50);
    const big = b.reserve(80);
    const small = b.reserve(10);
    expect(await settled(small)).toBe("pending");
    r();
    expect(await settled(big)).toBe("resolved");
    expect(await settled(small)).toBe("resolved");
    expect(b.inUse).toBe(90);
  });

  it("runs a reservation bigger than the budget alone", async () => {
    const b = new ByteBudget(100);
    const r = await b.reserve(10);
    const huge = b.reserve(500);
    expect(await settled(huge)).toBe("pending");
    r();
    const release = await huge;
    expect(b.inUse).toBe(500);
    const after = b.reserve(1);
    expect(await settled(after)).toBe("pending");
    release();
    expect(await settled(after)).toBe("resolved");
  });

  it("stops waiting when the signal aborts, never grants it, and lets those behind it through", async () => {
    const b = new ByteBudget(100);
    const r = await b.reserve(70);
    const ac = new AbortController();
    const aborted = b.reserve(50, ac.signal);
    const behind = b.reserve(30);
    expect(await settled(behind)).toBe("pending");
    ac.abort();
    expect(await settled(aborted)).toBe("rejected");
    expect(await settled(behind)).toBe("resolved");
    expect(b.inUse).toBe(100);
    r();
    expect(b.inUse).toBe(30);
    await expect(b.reserve(1, ac.signal)).rejects.toThrow("aborted");
  });
});
