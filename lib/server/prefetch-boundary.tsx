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
 * prefetched, hydrated. `fallback` shows while the data is still coming. Data read in time goes
 * into the frame with no Suspense boundary around `children`: the client components arrive as a
 * lazy reference in the RSC payload, and a boundary around them was sent as its fallback with
 * the content in a hidden element, revealed 300 ms after the first paint at the soonest
 * (bench/monitor.bench.ts: the 50th tile of /monitor in the DOM at 452 ms, visible at 755 ms).
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
    return <HydrationBoundary state={early}>{children}</HydrationBoundary>;
  }
  return (
    <Suspense fallback={fallback}>
      <Streamed state={state}>{children}</Streamed>
    </Suspense>
  );
}
