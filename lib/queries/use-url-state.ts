"use client";
// Reads and writes view state in the URL query, so that a copied link reproduces the view.
// Writes go through the native History API, which Next's router picks up (useSearchParams
// re-renders) and which changes the URL at once, so quick successive updates never read a stale URL.
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export function useUrlState(): [URLSearchParams, (patch: Record<string, string | undefined>, mode?: "push" | "replace") => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const update = useCallback(
    (patch: Record<string, string | undefined>, mode: "push" | "replace" = "replace") => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === "") next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );
  return [new URLSearchParams(params.toString()), update];
}
