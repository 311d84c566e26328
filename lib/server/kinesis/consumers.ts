import "server-only";
// Enhanced fan-out consumers of a stream by name, for their SubscribeToShardEvent metrics.
// Shared for a while: consumers are registered rarely, and the metrics page refreshes often.
import { ListStreamConsumersCommand } from "@aws-sdk/client-kinesis";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import { mapAwsError } from "@/lib/server/errors";
import { TtlCache } from "@/lib/server/util/ttl-cache";

const cacheKey = Symbol.for("shardscope.consumerNames");
function cache(): TtlCache<string[]> {
  const g = globalThis as typeof globalThis & { [cacheKey]?: TtlCache<string[]> };
  g[cacheKey] ??= new TtlCache<string[]>(getConfig().summaryTtlMs, 1000);
  return g[cacheKey];
}

export async function listConsumerNames(streamArn: string): Promise<string[]> {
  try {
    return await cache().get(streamArn, async () => {
      const names: string[] = [];
      let nextToken: string | undefined;
      // Kinesis allows 20 consumers per stream: one page in practice.
      for (let page = 0; page < 10; page++) {
        const out = await kinesisClient().send(
          new ListStreamConsumersCommand(nextToken ? { StreamARN: streamArn, NextToken: nextToken } : { StreamARN: streamArn }),
        );
        for (const c of out.Consumers ?? []) if (c.ConsumerName) names.push(c.ConsumerName);
        if (!out.NextToken) break;
        nextToken = out.NextToken;
      }
      return names.sort();
    });
  } catch (e) {
    throw mapAwsError(e, { service: "Kinesis", endpoint: getConfig().kinesisEndpoint });
  }
}
