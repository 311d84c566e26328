import { describe, expect, it } from "vitest";
import { sleep } from "./sleep";

describe("sleep", () => {
  it("waits the time it is given", async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("resolves at once, without rejecting, when its signal aborts or has aborted", async () => {
    const ac = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, ac.signal);
    ac.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(sleep(10_000, ac.signal)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
