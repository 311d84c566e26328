import "server-only";
// The data a server page puts in its first HTML: pages under app/t/[target]/[region]/ read it with
// lib/server (never HTTP to themselves) under the browser's own query keys, and hand it to the
// browser's QueryClient through TanStack Query's HydrationBoundary. What cannot be read in time, or
// fails, is left out: the browser then asks the API and shows the error as it always has.
import { dehydrate, QueryCache, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { AppError } from "@/lib/server/errors";
import { log } from "@/lib/server/ops/log";
import { resolveScope } from "@/lib/server/targets/registry";
import type { Scope } from "@/lib/server/targets/scope";

/**
 * How long a page waits for its data before it sends the page without it. The frame has gone out
 * with a skeleton by then (`PREFETCH_SHELL_MS`, prefetch-boundary.tsx); past this the browser
 * fetches. The on-call wall's slowest part, the consumers' first reading, is bounded at 4 s.
 */
export const PREFETCH_WAIT_MS = 5_000;

/**
 * The value exactly as a route's `json()` sends it and `fetchJson` reads it back: no Date, no
 * undefined property, nothing a JSON response could not carry. React's flight format would carry
 * a Date as a Date, and the hydrated cache would then differ from what a refetch puts there.
 */
export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Runs the page's prefetches (`client.prefetchQuery({ ...sameOptionsAsTheHook, queryFn: serverRead })`)
 * on a fresh QueryClient and returns what succeeded within `waitMs`, dehydrated. Never throws: a
 * failed read is not dehydrated (the browser refetches it), and an unexpected one is logged here.
 */
export async function prefetched(start: (client: QueryClient) => Promise<unknown>[], waitMs = PREFETCH_WAIT_MS): Promise<DehydratedState> {
  const client = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (!(error instanceof AppError)) log().error({ err: error }, "a page's prefetch failed");
      },
    }),
    defaultOptions: { queries: { retry: false } },
  });
  await within(Promise.allSettled(start(client)), waitMs);
  return dehydrate(client);
}

/** The promise's value if it settles within `ms`, else undefined (it goes on, unobserved). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL's scope segments as the scope layout reads them; undefined where the layout answers 404 (or an error page). */
export async function pageScope(params: { target: string; region: string }): Promise<Scope | undefined> {
  try {
    return await resolveScope(decodeURIComponent(params.target), decodeURIComponent(params.region));
  } catch {
    return undefined;
  }
}
