// Builds GetMetricData queries from the catalog and packs them into calls of at most 500
// queries. Rates are asked of CloudWatch as metric math (`m / PERIOD(m)`); the raw Sum is
// returned too so the same division can be done here where an emulator does not evaluate
// math (see series.ts). A rate's two queries always travel in the same call, as math requires.
import { KINESIS_NAMESPACE, type MetricDef, type Statistic } from "./catalog";

/** One series Shardscope wants, before ids are assigned. */
export interface SeriesRequest {
  /** The caller's name for the series, e.g. "IncomingBytes" or "shardId-000000000003/IncomingBytes". */
  key: string;
  metric: Pick<MetricDef, "name" | "statistic" | "display" | "cloudwatchUnit">;
  dimensions: Record<string, string>;
  /** The CloudWatch namespace; AWS/Kinesis unless given (consumers read AWS/Lambda and AWS/Firehose too). */
  namespace?: string;
}

/** A query as GetMetricData takes it (our own shape; the server maps it onto the SDK's). */
export type MetricQuery =
  | {
      id: string;
      kind: "stat";
      namespace: string;
      metricName: string;
      dimensions: { name: string; value: string }[];
      stat: Statistic;
      period: number;
    }
  | { id: string; kind: "math"; expression: string; label: string };

export interface PlannedSeries {
  key: string;
  display: "rate" | "value";
  /** Id of the statistic query. */
  statId: string;
  /** Id of the `stat / PERIOD(stat)` expression, for rates. */
  rateId?: string;
}

export interface QueryPlan {
  series: PlannedSeries[];
  /** Groups that must stay in one call (a rate's statistic and its expression). */
  groups: MetricQuery[][];
  /** Queries in all groups: what counts towards the 500-per-call limit. */
  queryCount: number;
}

/** Ids must start with a lower-case letter; ours are short so that 500 of them stay small. */
const idFor = (n: number) => `q${n.toString(36)}`;

export function planQueries(requests: readonly SeriesRequest[], period: number): QueryPlan {
  const series: PlannedSeries[] = [];
  const groups: MetricQuery[][] = [];
  const seen = new Set<string>();
  let n = 0;
  for (const r of requests) {
    if (seen.has(r.key)) continue;
    seen.add(r.key);
    const statId = idFor(n++);
    const stat: MetricQuery = {
      id: statId,
      kind: "stat",
      namespace: r.namespace ?? KINESIS_NAMESPACE,
      metricName: r.metric.name,
      // In the order given (StreamName first, as Kinesis publishes them): CloudWatch does not
      // care, but moto matches dimension lists in order.
      dimensions: Object.entries(r.dimensions).map(([name, value]) => ({ name, value })),
      stat: r.metric.statistic,
      period,
    };
    if (r.metric.display === "rate") {
      const rateId = `${statId}r`;
      groups.push([stat, { id: rateId, kind: "math", expression: `${statId}/PERIOD(${statId})`, label: `${r.key} per second` }]);
      series.push({ key: r.key, display: "rate", statId, rateId });
    } else {
      groups.push([stat]);
      series.push({ key: r.key, display: "value", statId });
    }
  }
  return { series, groups, queryCount: groups.reduce((s, g) => s + g.length, 0) };
}

export const MAX_QUERIES_PER_CALL = 500;

/** Packs groups into as few calls as possible without splitting a group: ⌈queries/500⌉ when groups are small. */
export function batchQueries(groups: readonly MetricQuery[][], max = MAX_QUERIES_PER_CALL): MetricQuery[][] {
  const batches: MetricQuery[][] = [];
  let current: MetricQuery[] = [];
  for (const g of groups) {
    if (g.length > max) throw new Error(`a query group of ${g.length} exceeds ${max} queries`);
    if (current.length + g.length > max) {
      batches.push(current);
      current = [];
    }
    current.push(...g);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The fewest calls `queryCount` queries can take. */
export const minimumCalls = (queryCount: number) => Math.ceil(queryCount / MAX_QUERIES_PER_CALL);

/** A stable text for a set of queries, used as the shared cache's key. */
export function planSignature(plan: QueryPlan): string {
  return plan.groups
    .flat()
    .map((q) =>
      q.kind === "stat" ? `${q.namespace}|${q.metricName}|${q.stat}|${q.period}|${q.dimensions.map((d) => `${d.name}=${d.value}`).join(",")}` : q.expression,
    )
    .join(";");
}
