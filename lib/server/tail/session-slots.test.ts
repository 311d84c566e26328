import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/http/errors";
import { SessionSlots } from "./session-slots";

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error("expected a refusal");
}

describe("SessionSlots", () => {
  it("refuses a client past its own cap with 429 while others still get slots", () => {
    const slots = new SessionSlots({ maxSessions: 10, maxSessionsPerClient: 2 });
    const a1 = slots.acquire("a");
    slots.acquire("a");
    const e = errorOf(() => slots.acquire("a"));
    expect(e.code).toBe("throttled");
    expect(e.status).toBe(429);
    expect(e.message).toMatch(/SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT/);
    slots.acquire("b");
    a1.release();
    slots.acquire("a");
    expect(slots.snapshot()).toEqual({ sessions: 3, clients: 2 });
  });

  it("refuses everyone past the server's cap with 503, and a slot is given back once only", () => {
    const slots = new SessionSlots({ maxSessions: 2, maxSessionsPerClient: 5 });
    const a = slots.acquire("a");
    slots.acquire("b");
    const e = errorOf(() => slots.acquire("c"));
    expect(e.code).toBe("unavailable");
    expect(e.status).toBe(503);
    a.release();
    a.release();
    expect(slots.snapshot().sessions).toBe(1);
    slots.acquire("c");
    expect(() => slots.acquire("d")).toThrow(AppError);
  });
});
