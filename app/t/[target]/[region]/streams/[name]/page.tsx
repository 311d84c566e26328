import { StreamOverview } from "@/components/streams/stream-overview";
import { StreamSchemasPanel } from "@/components/schemas/stream-schemas-panel";
import { streamNameSchema } from "@/lib/http/params";
import { pageAccess } from "@/lib/server/auth/page-access";
import { shardsOptions, streamDetailsOptions, streamSummaryOptions } from "@/lib/queries/streams";
import { listShards } from "@/lib/server/kinesis/shards";
import { describeStream, describeStreamDetails } from "@/lib/server/kinesis/streams";
import { asJson, pageScope } from "@/lib/server/page-data";
import { PrefetchBoundary } from "@/lib/server/prefetch-boundary";
import type { ShardListResponse, StreamDetailsResponse, StreamSummary } from "@/lib/streams/types";

/**
 * The overview with its summary, tags, consumers and shards in the page's HTML (the layout above
 * has described the stream already, so the summary comes from the scope's cache).
 */
export default async function StreamPage({ params }: { params: Promise<{ target: string; region: string; name: string }> }) {
  const p = await params;
  let name: string;
  try {
    name = decodeURIComponent(p.name);
  } catch {
    return null; // the stream layout answers 404 for a name that is not valid percent-encoding
  }
  const scope = streamNameSchema.safeParse(name).success ? await pageScope(p) : undefined;
  const access = await pageAccess(); // the schemas' attach and remove controls only for a writer, never in read-only mode
  return (
    <>
      <PrefetchBoundary
        fallback={<p className="skeleton">Loading summary…</p>}
        start={(client) => {
          if (!scope) return [];
          const ref = { target: scope.target, region: scope.region };
          return [
            client.prefetchQuery({
              ...streamSummaryOptions(ref, name),
              queryFn: async (): Promise<StreamSummary> => asJson(await describeStream(scope, name)),
            }),
            client.prefetchQuery({
              ...streamDetailsOptions(ref, name),
              queryFn: async (): Promise<StreamDetailsResponse> => asJson(await describeStreamDetails(scope, name)),
            }),
            client.prefetchQuery({
              ...shardsOptions(ref, name),
              queryFn: async (): Promise<ShardListResponse> => asJson({ shards: await listShards(scope, name) }),
            }),
          ];
        }}
      >
        <StreamOverview name={name} />
      </PrefetchBoundary>
      <StreamSchemasPanel stream={name} readOnly={!access.canWrite} />
    </>
  );
}
