import "server-only";
// Open shard counts for the on-call screen: ListShards with the AT_LATEST filter, which AWS
// allows far more often than DescribeStreamSummary (20/s per account), so fifty tiles do not
// wait seconds on a rate limit. Shared between viewers for the summary TTL.
import { ListShardsCommand } from "@aws-sdk/client-kinesis";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import type { Scope } from "@/lib/server/targets/scope";
import { RateLimiter } from "@/lib/server/util/rate-limiter";
import { TtlCache } from "@/lib/server/util/ttl-cache";

interface State {
  cache: TtlCache<number>;
  limiter: RateLimiter;
}
const state = (scope: Scope): State =>
  scope.state("openShards", () => ({ cache: new TtlCache<number>(getConfig().summaryTtlMs, 10_000), limiter: new RateLimiter(8, 50) }));

export async function openShardCount(scope: Scope, stream: string): Promise<number> {
  const s = state(scope);
  try {
    return await s.cache.get(stream, () =>
      s.limiter.run(async () => {
        let count = 0;
        let nextToken: string | undefined;
        for (let page = 0; page < 1000; page++) {
          const out = await kinesisClient(scope).send(
            new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: stream, ShardFilter: { Type: "AT_LATEST" }, MaxResults: 1000 }),
          );
          count += (out.Shards ?? []).filter((sh) => !sh.SequenceNumberRange?.EndingSequenceNumber).length;
          if (!out.NextToken) break;
          nextToken = out.NextToken;
        }
        return count;
      }),
    );
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}
