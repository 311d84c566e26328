import "server-only";
// Enhanced fan-out consumers registered on a stream. AWS documentation used:
// - ListStreamConsumers (Kinesis API reference): ConsumerName, ConsumerARN, ConsumerStatus
//   (CREATING, DELETING, ACTIVE); the list itself is lib/server/kinesis/consumers.ts.
// - "Monitoring the Amazon Kinesis Data Streams Service with Amazon CloudWatch" (Kinesis developer
//   guide): `SubscribeToShardEvent.MillisBehindLatest` in AWS/Kinesis, dimensions StreamName and
//   ConsumerName — the difference between the current time and when the last record of the
//   SubscribeToShard event was written to the stream.
import { activeVerdict, combine, lagUnknown, lagVerdict } from "@/lib/consumers/health";
import type { ConsumerRow } from "@/lib/consumers/types";
import { KINESIS_NAMESPACE } from "@/lib/metrics/catalog";
import type { StreamConsumer, StreamSummary } from "@/lib/streams/types";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { listStreamConsumers } from "@/lib/server/kinesis/consumers";
import { describeStream, listStreams } from "@/lib/server/kinesis/streams";
import type { Scope } from "@/lib/server/targets/scope";
import { historyOf, readLags } from "./cloudwatch-lag";
import type { ConsumerSourceReader, UsageTally } from "./source";

/** ListStreamConsumers is limited to 5 calls a second per account: streams are asked a few at a time. */
const LIST_CONCURRENCY = 3;

async function consumersOf(scope: Scope, streamArn: string, usage: UsageTally): Promise<StreamConsumer[]> {
  try {
    return await listStreamConsumers(scope, streamArn, () => usage.otherCalls++);
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}

async function toRows(scope: Scope, items: { stream: string; consumer: StreamConsumer }[], usage: UsageTally): Promise<(ConsumerRow & { stream: string })[]> {
  const config = getConfig().consumers;
  const key = (i: { stream: string; consumer: StreamConsumer }) => `${i.stream}/${i.consumer.name}`;
  const lags = await readLags(
    scope,
    items.map((i) => ({
      key: key(i),
      namespace: KINESIS_NAMESPACE,
      metricName: "SubscribeToShardEvent.MillisBehindLatest",
      dimensions: { StreamName: i.stream, ConsumerName: i.consumer.name },
    })),
    usage,
  );
  const fetchedAt = new Date().toISOString();
  return items.map((i) => {
    const c = i.consumer;
    const lagMs = lags.lag.get(key(i)) ?? null;
    const verdict = combine(
      activeVerdict(c.status, "the consumer"),
      lagVerdict(lagMs, config, "MillisBehindLatest"),
      ...(lags.error ? [lagUnknown(lags.error)] : []),
    );
    return {
      stream: i.stream,
      id: `efo:${c.arn}`,
      kind: "efo",
      name: c.name,
      state: c.status,
      health: verdict.health,
      reasons: verdict.reasons,
      lag: lagMs === null ? null : { maxMillis: lagMs },
      ...historyOf(lags.history.get(key(i))),
      details: {
        consumerArn: c.arn,
        registeredAt: c.createdAt,
        lagMetric: "AWS/Kinesis SubscribeToShardEvent.MillisBehindLatest (Maximum, StreamName, ConsumerName)",
      },
      fetchedAt,
    };
  });
}

export const efoSource: ConsumerSourceReader = {
  kind: "efo",

  async forStream(scope: Scope, stream: StreamSummary, usage: UsageTally): Promise<ConsumerRow[]> {
    if (!stream.arn) return [];
    const consumers = await consumersOf(scope, stream.arn, usage);
    return (
      await toRows(
        scope,
        consumers.map((consumer) => ({ stream: stream.name, consumer })),
        usage,
      )
    ).map(({ stream: _s, ...row }) => row);
  },

  async all(scope: Scope, usage: UsageTally): Promise<(ConsumerRow & { stream: string })[]> {
    const streams = await listStreams(scope);
    const items: { stream: string; consumer: StreamConsumer }[] = [];
    for (let i = 0; i < streams.length; i += LIST_CONCURRENCY) {
      const batch = await Promise.all(
        streams.slice(i, i + LIST_CONCURRENCY).map(async (s) => {
          // The summary (shared, rate-limited) names the ARN and how many consumers there are: none, no call.
          let summary: StreamSummary;
          try {
            summary = await describeStream(scope, s.name);
          } catch (e) {
            if (e instanceof AppError && e.code === "not_found") return []; // deleted since the list
            throw e;
          }
          if (!summary.arn || summary.consumerCount === 0) return [];
          return (await consumersOf(scope, summary.arn, usage)).map((consumer) => ({ stream: s.name, consumer }));
        }),
      );
      items.push(...batch.flat());
    }
    return toRows(scope, items, usage);
  },
};
