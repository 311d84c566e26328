import { StreamsTable } from "@/components/streams/streams-table";
import { streamListOptions } from "@/lib/queries/streams";
import { listStreams } from "@/lib/server/kinesis/streams";
import { asJson, pageScope } from "@/lib/server/page-data";
import { PrefetchBoundary } from "@/lib/server/prefetch-boundary";
import type { StreamListResponse } from "@/lib/streams/types";

/** The list in the page's HTML: read here under the browser's query key, hydrated into its cache. */
export default async function StreamsPage({ params }: { params: Promise<{ target: string; region: string }> }) {
  const scope = await pageScope(await params);
  return (
    <PrefetchBoundary
      fallback={<p className="skeleton">Loading streams…</p>}
      start={(client) =>
        scope
          ? [
              client.prefetchQuery({
                ...streamListOptions({ target: scope.target, region: scope.region }),
                queryFn: async (): Promise<StreamListResponse> => asJson({ streams: await listStreams(scope) }),
              }),
            ]
          : []
      }
    >
      <StreamsTable />
    </PrefetchBoundary>
  );
}
