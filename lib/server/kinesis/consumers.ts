import "server-only";
// Enhanced fan-out consumers of a stream by name, for their SubscribeToShardEvent metrics.
// Shared for a while: consumers are registered rarely, and the metrics page refreshes often.
import { ListStreamConsumersCommand } from "@aws-sdk/client-kinesis";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import type { Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";

const cache = (scope: Scope) => scope.state("consumerNames", () => new TtlCache<string[]>(getConfig().summaryTtlMs, 1000));

export async function listConsumerNames(scope: Scope, streamArn: string): Promise<string[]> {
  try {
    return await cache(scope).get(streamArn, async () => {
      const names: string[] = [];
      let nextToken: string | undefined;
      // Kinesis allows 20 consumers per stream: one page in practice.
      for (let page = 0; page < 10; page++) {
        const out = await kinesisClient(scope).send(
          new ListStreamConsumersCommand(nextToken ? { StreamARN: streamArn, NextToken: nextToken } : { StreamARN: streamArn }),
        );
        for (const c of out.Consumers ?? []) if (c.ConsumerName) names.push(c.ConsumerName);
        if (!out.NextToken) break;
        nextToken = out.NextToken;
      }
      return names.sort();
    });
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}
