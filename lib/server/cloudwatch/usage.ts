import "server-only";
// Counts the CloudWatch API calls this server makes (CloudWatch bills GetMetricData per metric
// requested, so the UI shows what the dashboard itself costs) and the shared cache's hit rate.
import type { Scope } from "@/lib/server/targets/scope";

const WINDOW_MS = 60_000;
/** Bounds memory even under a flood of calls; older entries fall out of the window anyway. */
const MAX_EVENTS = 100_000;

export type CloudWatchOperation = "GetMetricData" | "DescribeAlarms";

export interface UsageSnapshot {
  callsLastMinute: number;
  byOperationLastMinute: Record<CloudWatchOperation, number>;
  totals: Record<CloudWatchOperation, number>;
  cache: { hits: number; misses: number };
}

class UsageCounter {
  private readonly events: { at: number; op: CloudWatchOperation }[] = [];
  private readonly totals: Record<CloudWatchOperation, number> = { GetMetricData: 0, DescribeAlarms: 0 };
  private readonly cache = { hits: 0, misses: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  record(op: CloudWatchOperation, count = 1): void {
    const at = this.now();
    for (let i = 0; i < count; i++) this.events.push({ at, op });
    this.totals[op] += count;
    this.prune(at);
  }

  cacheLookup(hit: boolean): void {
    if (hit) this.cache.hits++;
    else this.cache.misses++;
  }

  snapshot(): UsageSnapshot {
    this.prune(this.now());
    const byOperationLastMinute: Record<CloudWatchOperation, number> = { GetMetricData: 0, DescribeAlarms: 0 };
    for (const e of this.events) byOperationLastMinute[e.op]++;
    return { callsLastMinute: this.events.length, byOperationLastMinute, totals: { ...this.totals }, cache: { ...this.cache } };
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.events.length && (this.events[drop]?.at ?? now) <= now - WINDOW_MS) drop++;
    if (this.events.length - drop > MAX_EVENTS) drop = this.events.length - MAX_EVENTS;
    if (drop > 0) this.events.splice(0, drop);
  }
}

export { UsageCounter };

/** One counter per scope (CloudWatch bills per account and region), shared by every route. */
export function cloudwatchUsage(scope: Scope): UsageCounter {
  return scope.state("cloudwatchUsage", () => new UsageCounter());
}
