import { HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { StreamsTable } from "@/components/streams/streams-table";
import { streamListOptions } from "@/lib/queries/streams";
import { listStreams } from "@/lib/server/kinesis/streams";
import { asJson, pageScope, prefetched } from "@/lib/server/page-data";
import type { StreamListResponse } from "@/lib/streams/types";

type Params = Promise<{ target: string; region: string }>;

/** The list in the page's HTML: read here with the browser's query key, hydrated into its cache. */
async function StreamsWithData({ params }: { params: Params }) {
  const scope = await pageScope(await params);
  const state = await prefetched((client) =>
    scope
      ? [
          client.prefetchQuery({
            ...streamListOptions({ target: scope.target, region: scope.region }),
            queryFn: async (): Promise<StreamListResponse> => asJson({ streams: await listStreams(scope) }),
          }),
        ]
      : [],
  );
  return (
    <HydrationBoundary state={state}>
      <StreamsTable />
    </HydrationBoundary>
  );
}

export default function StreamsPage({ params }: { params: Params }) {
  return (
    <Suspense fallback={<p className="skeleton">Loading streams…</p>}>
      <StreamsWithData params={params} />
    </Suspense>
  );
}
