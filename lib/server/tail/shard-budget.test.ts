import { describe, expect, it } from "vitest";
import { ShardBudget } from "./shard-budget";

describe("ShardBudget", () => {
  it("lets at most maxPerSecond calls start in any one-second window, however many readers ask", async () => {
    const budget = new ShardBudget(5);
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const answered = await budget.acquire();
        started.push(Date.now() - t0);
        answered();
      }),
    );
    started.sort((a, b) => a - b);
    for (let i = 5; i < started.length; i++) expect(started[i]! - started[i - 5]!).toBeGreaterThanOrEqual(990);
    expect(budget.calls).toBe(12);
  });

  it("stops waiting when aborted", async () => {
    const budget = new ShardBudget(1);
    await budget.acquire();
    const ac = new AbortController();
    const waiting = budget.acquire(ac.signal);
    ac.abort();
    await expect(waiting).rejects.toThrow("aborted");
    expect(budget.calls).toBe(1);
  });

  it("holds a call's slot until a second after its answer: calls that queue cannot arrive together", async () => {
    let now = 0;
    const budget = new ShardBudget(2, () => now);
    const first = await budget.acquire();
    const second = await budget.acquire();
    // Both still in flight 5 s later (queued in the HTTP client): no third call may start.
    now = 5_000;
    expect(budget.inLastSecond()).toBe(2);
    first();
    second();
    now = 5_999;
    expect(budget.inLastSecond()).toBe(2);
    now = 6_000;
    expect(budget.inLastSecond()).toBe(0);
    // An answer reported twice frees nothing twice.
    first();
    expect(budget.inLastSecond()).toBe(0);
  });

  it("reports the call rate over the last ten seconds", async () => {
    let now = 100_000;
    const budget = new ShardBudget(5, () => now);
    for (let i = 0; i < 20; i++) {
      const answered = await budget.acquire();
      answered();
      now += 500;
    }
    // 20 calls at 100.0 s … 109.5 s; at 110.0 s the window (100.0, 110.0] holds the last 19.
    expect(budget.ratePerSecond()).toBe(1.9);
    now += 20_000;
    expect(budget.ratePerSecond()).toBe(0);
  });
});
