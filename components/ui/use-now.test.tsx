import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useNow } from "./use-now";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-12-02T08:00:05.000Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useNow", () => {
  it("first says the time the server rendered with (so hydration matches), then the browser's clock once mounted", () => {
    const rendered = Date.parse("2026-12-02T08:00:00.000Z");
    const { result } = renderHook(() => useNow(1000, rendered));
    expect(result.current).toBe(rendered);
    act(() => {
      vi.advanceTimersByTime(0);
    });
    expect(result.current).toBe(Date.parse("2026-12-02T08:00:05.000Z"));
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(result.current).toBe(Date.parse("2026-12-02T08:00:06.000Z"));
  });

  it("reads the clock at once without a rendered time", () => {
    const { result } = renderHook(() => useNow());
    expect(result.current).toBe(Date.parse("2026-12-02T08:00:05.000Z"));
  });
});
