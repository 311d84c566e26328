import { HydrationBoundary } from "@tanstack/react-query";
import { Suspense } from "react";
import { StreamOverview } from "@/components/streams/stream-overview";
import { streamNameSchema } from "@/lib/http/params";
import { shardsOptions, streamDetailsOptions, streamSummaryOptions } from "@/lib/queries/streams";
import { listShards } from "@/lib/server/kinesis/shards";
import { describeStream, describeStreamDetails } from "@/lib/server/kinesis/streams";
import { asJson, pageScope, prefetched } from "@/lib/server/page-data";
import type { ShardListResponse, StreamDetailsResponse, StreamSummary } from "@/lib/streams/types";

type Params = Promise<{ target: string; region: string; name: string }>;

/**
 * The overview with its summary, tags, consumers and shards in the page's HTML (the layout above
 * has described the stream already, so the summary comes from the scope's cache).
 */
async function OverviewWithData({ name, params }: { name: string; params: Params }) {
  const scope = streamNameSchema.safeParse(name).success ? await pageScope(await params) : undefined;
  const state = await prefetched((client) => {
    if (!scope) return [];
    const ref = { target: scope.target, region: scope.region };
    return [
      client.prefetchQuery({ ...streamSummaryOptions(ref, name), queryFn: async (): Promise<StreamSummary> => asJson(await describeStream(scope, name)) }),
      client.prefetchQuery({
        ...streamDetailsOptions(ref, name),
        queryFn: async (): Promise<StreamDetailsResponse> => asJson(await describeStreamDetails(scope, name)),
      }),
      client.prefetchQuery({
        ...shardsOptions(ref, name),
        queryFn: async (): Promise<ShardListResponse> => asJson({ shards: await listShards(scope, name) }),
      }),
    ];
  });
  return (
    <HydrationBoundary state={state}>
      <StreamOverview name={name} />
    </HydrationBoundary>
  );
}

export default async function StreamPage({ params }: { params: Params }) {
  let name: string;
  try {
    name = decodeURIComponent((await params).name);
  } catch {
    return null; // the stream layout answers 404 for a name that is not valid percent-encoding
  }
  return (
    <Suspense fallback={<p className="skeleton">Loading summary…</p>}>
      <OverviewWithData name={name} params={params} />
    </Suspense>
  );
}
