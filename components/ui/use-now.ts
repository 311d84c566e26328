"use client";
// The current time, re-read every `intervalMs`, for "updated N s ago" labels that must keep counting.
import { useEffect, useState } from "react";

/**
 * `rendered`: the time the page's server used when it rendered the same component (e.g. when the
 * data in the HTML was read). The first render then says what the server's HTML says, so hydration
 * matches; the clock takes over right after mount. Without it, the first render reads the clock.
 */
export function useNow(intervalMs = 1000, rendered?: number): number {
  const [now, setNow] = useState(() => rendered ?? Date.now());
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0); // the browser's clock as soon as it has mounted
    const t = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [intervalMs]);
  return now;
}
