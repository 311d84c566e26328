import "server-only";
// Lag measured by Shardscope for a KCL application on a shard: one GetShardIterator
// (AFTER_SEQUENCE_NUMBER at its checkpoint) and one GetRecords (Limit 1). The next record's
// ApproximateArrivalTimestamp is the age of the oldest unprocessed record (kinesis-local always
// answers MillisBehindLatest 0, so the age stands on its own); no next record: caught up. Both
// calls come out of the shard's tail budget (TailHub.lendBudget), never above its hard cap.
// Results are shared per scope by (stream, shard, checkpoint) for the refresh interval: every
// viewer, and every application at the same checkpoint, costs the calls of one.
import { GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-kinesis";
import type { LagMeasurement } from "@/lib/consumers/consumer-health";
import { kinesisClient } from "@/lib/server/aws/clients";
import { countedGetRecords } from "@/lib/server/ops/metrics";
import type { Scope } from "@/lib/server/targets/scope";
import { isPositionRefused } from "@/lib/server/tail/reader-base";
import { tailHub } from "@/lib/server/tail/tail-service";
import { TtlCache } from "@/lib/server/util/ttl-cache";
import type { UsageTally } from "@/lib/server/consumers/source";

function lagCache(scope: Scope, refreshMs: number): TtlCache<LagMeasurement> {
  return scope.state("consumers.kcl.lag", () => new TtlCache<LagMeasurement>(refreshMs, 20_000));
}

async function measure(scope: Scope, stream: string, shardId: string, checkpoint: string, usage: UsageTally): Promise<LagMeasurement> {
  const client = kinesisClient(scope);
  const loan = tailHub(scope).lendBudget(stream, shardId);
  try {
    let answered = await loan.budget.acquire();
    let iterator: string | undefined;
    try {
      usage.kinesisCalls++;
      const out = await client.send(
        new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: checkpoint }),
      );
      iterator = out.ShardIterator;
    } finally {
      answered();
    }
    // A closed shard read past its end has no iterator: nothing follows the checkpoint.
    if (!iterator) return { kind: "measured", millisBehindLatest: 0 };
    answered = await loan.budget.acquire();
    try {
      usage.kinesisCalls++;
      const out = await countedGetRecords(scope, stream, () => client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 })));
      const r = out.Records?.[0];
      const arrival = r?.ApproximateArrivalTimestamp?.getTime();
      return {
        kind: "measured",
        millisBehindLatest: out.MillisBehindLatest ?? 0,
        ...(r?.SequenceNumber && arrival !== undefined ? { next: { sequenceNumber: r.SequenceNumber, arrivalMs: arrival } } : {}),
      };
    } finally {
      answered();
    }
  } catch (e) {
    // The stream is there (just described): a refused position is a checkpoint it no longer has.
    if (isPositionRefused(e, scope.endpointOverride("kinesis"))) return { kind: "lost", message: "Kinesis no longer has the checkpointed record" };
    return { kind: "failed", message: scope.awsError("Kinesis", e).message };
  } finally {
    loan.giveBack();
  }
}

export interface LagRequest {
  shardId: string;
  checkpoint: string;
}

/** Measures each (shard, checkpoint) of a stream, at most `concurrency` at once; cached ones cost nothing. */
export async function measureLag(
  scope: Scope,
  stream: string,
  requests: LagRequest[],
  opts: { refreshMs: number; concurrency?: number },
  usage: UsageTally,
): Promise<Map<string, LagMeasurement>> {
  const cache = lagCache(scope, opts.refreshMs);
  const results = new Map<string, LagMeasurement>();
  const unique = [...new Map(requests.map((r) => [`${r.shardId}\u0000${r.checkpoint}`, r])).values()];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency ?? 16, unique.length) }, async () => {
      while (next < unique.length) {
        const r = unique[next++] as LagRequest;
        const key = `${r.shardId}\u0000${r.checkpoint}`;
        results.set(key, await cache.get(`${stream}\u0000${key}`, () => measure(scope, stream, r.shardId, r.checkpoint, usage)));
      }
    }),
  );
  return results;
}

export const lagKey = (shardId: string, checkpoint: string) => `${shardId}\u0000${checkpoint}`;
