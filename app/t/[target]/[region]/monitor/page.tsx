import type { Metadata } from "next";
import { MonitorBoard } from "@/components/monitor/monitor-board";
import { monitorQuerySchema } from "@/lib/metrics/metrics-query";
import type { MonitorResponse } from "@/lib/metrics/types";
import { monitorOptions, monitorParamsFrom } from "@/lib/queries/metrics";
import { getMonitor, monitorRequest } from "@/lib/server/cloudwatch/monitor";
import { asJson, pageScope } from "@/lib/server/page-data";
import { PrefetchBoundary } from "@/lib/server/prefetch-boundary";

export const metadata: Metadata = { title: "Monitor" };

/**
 * The wall in the page's HTML: the query the board will build from this URL, answered here as the
 * route would answer it. A query the route would refuse is left to the browser, which shows the 400.
 */
export default async function MonitorPage({
  params,
  searchParams,
}: {
  params: Promise<{ target: string; region: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const url = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) url.append(k, one);
  const query = monitorParamsFrom(url);
  const parsed = monitorQuerySchema.safeParse(query);
  const scope = parsed.success ? await pageScope(await params) : undefined;
  return (
    <PrefetchBoundary
      fallback={<p className="skeleton">Loading…</p>}
      start={(client) =>
        scope && parsed.success
          ? [
              client.prefetchQuery({
                ...monitorOptions({ target: scope.target, region: scope.region }, query),
                queryFn: async (): Promise<MonitorResponse> => asJson(await getMonitor(scope, monitorRequest(parsed.data))),
              }),
            ]
          : []
      }
    >
      <MonitorBoard />
    </PrefetchBoundary>
  );
}
