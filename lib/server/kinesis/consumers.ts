import "server-only";
// Enhanced fan-out consumers of a stream: the full list (details, the consumers tab) and their
// names for the SubscribeToShardEvent metrics, shared for a while: consumers are registered
// rarely, and the metrics page refreshes often.
import { ListStreamConsumersCommand } from "@aws-sdk/client-kinesis";
import type { StreamConsumer } from "@/lib/streams/types";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import type { Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";

/** Kinesis allows 20 consumers per stream: one page in practice. */
const MAX_PAGES = 100;

/**
 * Every consumer registered on the stream, uncached (ListStreamConsumers, paged by NextToken).
 * `onCall` counts each call. AWS errors are thrown as they come: callers map them.
 */
export async function listStreamConsumers(scope: Scope, streamArn: string, onCall?: () => void): Promise<StreamConsumer[]> {
  const consumers: StreamConsumer[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    onCall?.();
    const out = await kinesisClient(scope).send(
      new ListStreamConsumersCommand(nextToken ? { StreamARN: streamArn, NextToken: nextToken } : { StreamARN: streamArn }),
    );
    for (const c of out.Consumers ?? []) {
      consumers.push({
        name: c.ConsumerName ?? "",
        arn: c.ConsumerARN ?? "",
        status: c.ConsumerStatus ?? "UNKNOWN",
        createdAt: (c.ConsumerCreationTimestamp ?? new Date(0)).toISOString(),
      });
    }
    if (!out.NextToken) break;
    nextToken = out.NextToken;
  }
  return consumers;
}

const cache = (scope: Scope) => scope.state("consumerNames", () => new TtlCache<string[]>(getConfig().summaryTtlMs, 1000));

export async function listConsumerNames(scope: Scope, streamArn: string): Promise<string[]> {
  try {
    return await cache(scope).get(streamArn, async () =>
      (await listStreamConsumers(scope, streamArn))
        .map((c) => c.name)
        .filter(Boolean)
        .sort(),
    );
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}
