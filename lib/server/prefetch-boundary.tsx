import "server-only";
// Where a page's prefetched data goes: into the page's first paint when it is read quickly, else
// into a Suspense boundary that streams in later, the frame and a skeleton shown meanwhile.
import { HydrationBoundary, type DehydratedState, type QueryClient } from "@tanstack/react-query";
import { Suspense, type ReactNode } from "react";
import { prefetched, within } from "./page-data";

/**
 * How long the page's frame waits for the data before it is sent with a skeleton instead. Data in
 * the frame is painted with it; a boundary streamed in later is revealed by React no sooner than
 * 300 ms after the first paint (its batching of reveals), which is most of a warm page's time.
 */
export const PREFETCH_SHELL_MS = 1_000;

async function Streamed({ state, children }: { state: Promise<DehydratedState>; children: ReactNode }) {
  return <HydrationBoundary state={await state}>{children}</HydrationBoundary>;
}

/**
 * Renders `children` (client components whose hooks use the same queryOptions) with what `start`
 * prefetched, hydrated. `fallback` shows while the data is still coming, and while `children`
 * suspend (useSearchParams).
 */
export async function PrefetchBoundary({
  start,
  fallback,
  children,
}: {
  start: (client: QueryClient) => Promise<unknown>[];
  fallback: ReactNode;
  children: ReactNode;
}) {
  const state = prefetched(start);
  const early = await within(state, PREFETCH_SHELL_MS);
  if (early) {
    return (
      <HydrationBoundary state={early}>
        <Suspense fallback={fallback}>{children}</Suspense>
      </HydrationBoundary>
    );
  }
  return (
    <Suspense fallback={fallback}>
      <Streamed state={state}>{children}</Streamed>
    </Suspense>
  );
}
