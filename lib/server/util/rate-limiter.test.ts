import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  it("never runs more than `concurrency` tasks at once", async () => {
    const limiter = new RateLimiter(3, 1000);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(task)));
    expect(peak).toBe(3);
  });

  it("starts at most `perSecond` tasks in any one-second window", async () => {
    const limiter = new RateLimiter(100, 5);
    const startedAt: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.run(async () => {
          startedAt.push(Date.now() - t0);
        }),
      ),
    );
    expect(startedAt).toHaveLength(12);
    // 12 starts at 5/s need three windows: the 6th start waits ~1 s, the 11th ~2 s.
    expect(startedAt[4]!).toBeLessThan(500);
    expect(startedAt[5]!).toBeGreaterThanOrEqual(950);
    expect(startedAt[10]!).toBeGreaterThanOrEqual(1950);
  });

  it("passes results and errors through", async () => {
    const limiter = new RateLimiter(1, 100);
    await expect(limiter.run(async () => 42)).resolves.toBe(42);
    await expect(limiter.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    // A failure frees its slot.
    await expect(limiter.run(async () => "after")).resolves.toBe("after");
  });
});
