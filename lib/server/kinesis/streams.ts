import "server-only";
// Streams: the list (paged both ways ListStreams can page), summaries (cached, rate-limited
// because DescribeStreamSummary is capped per account), tags and enhanced fan-out consumers
// (consumers.ts).
import {
  DescribeStreamSummaryCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  type KinesisClient,
  type ListStreamsCommandOutput,
  type StreamDescriptionSummary,
} from "@aws-sdk/client-kinesis";
import { DEFAULT_MAX_RECORD_SIZE_KIB } from "@/lib/put/limits";
import type { StreamDetailsResponse, StreamListItem, StreamMode, StreamSummary } from "@/lib/streams/types";
import { getConfig } from "@/lib/server/config";
import { kinesisClient } from "@/lib/server/aws/clients";
import { listStreamConsumers } from "./consumers";
import type { Scope } from "@/lib/server/targets/scope";
import { RateLimiter } from "@/lib/server/util/rate-limiter";
import { TtlCache } from "@/lib/server/util/ttl-cache";

const MAX_PAGES = 10_000;

/**
 * Every stream in the account and region. Real AWS pages with NextToken and returns
 * StreamSummaries; older APIs and emulators (kinesis-local) only page with
 * HasMoreStreams/ExclusiveStartStreamName. Both are followed.
 */
export async function listAllStreams(client: KinesisClient, pageSize = 100): Promise<StreamListItem[]> {
  const byName = new Map<string, StreamListItem>();
  let nextToken: string | undefined;
  let exclusiveStart: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out: ListStreamsCommandOutput = await client.send(
      new ListStreamsCommand(nextToken ? { NextToken: nextToken, Limit: pageSize } : { Limit: pageSize, ExclusiveStartStreamName: exclusiveStart }),
    );
    const before = byName.size;
    if (out.StreamSummaries && out.StreamSummaries.length > 0) {
      for (const s of out.StreamSummaries) {
        if (!s.StreamName) continue;
        byName.set(s.StreamName, {
          name: s.StreamName,
          arn: s.StreamARN,
          status: s.StreamStatus,
          mode: s.StreamModeDetails?.StreamMode as StreamMode | undefined,
          createdAt: s.StreamCreationTimestamp?.toISOString(),
        });
      }
    } else {
      for (const name of out.StreamNames ?? []) byName.set(name, { name });
    }
    const last = out.StreamNames?.at(-1) ?? out.StreamSummaries?.at(-1)?.StreamName;
    if (out.NextToken) {
      nextToken = out.NextToken;
    } else if (out.HasMoreStreams && last && byName.size > before) {
      nextToken = undefined;
      exclusiveStart = last;
    } else {
      break;
    }
  }
  return [...byName.values()];
}

export function toStreamSummary(d: StreamDescriptionSummary): StreamSummary {
  return {
    name: d.StreamName ?? "",
    arn: d.StreamARN ?? "",
    status: d.StreamStatus ?? "UNKNOWN",
    mode: (d.StreamModeDetails?.StreamMode as StreamMode | undefined) ?? "PROVISIONED",
    openShardCount: d.OpenShardCount ?? 0,
    retentionHours: d.RetentionPeriodHours ?? 24,
    encryption: d.EncryptionType ?? "NONE",
    keyId: d.KeyId,
    createdAt: (d.StreamCreationTimestamp ?? new Date(0)).toISOString(),
    enhancedMonitoring: (d.EnhancedMonitoring ?? []).flatMap((m) => m.ShardLevelMetrics ?? []).sort(),
    consumerCount: d.ConsumerCount,
    maxRecordSizeKiB: d.MaxRecordSizeInKiB ?? DEFAULT_MAX_RECORD_SIZE_KIB,
  };
}

// Shared by every viewer of one scope (target and region).
interface StreamState {
  list: TtlCache<StreamListItem[]>;
  summaries: TtlCache<StreamSummary>;
  describeLimiter: RateLimiter;
}
function state(scope: Scope): StreamState {
  return scope.state("streams", () => {
    const c = getConfig();
    return {
      list: new TtlCache(c.listTtlMs, 4),
      summaries: new TtlCache(c.summaryTtlMs, 10_000),
      // DescribeStreamSummary's limit is per account and region: one limiter per scope.
      describeLimiter: new RateLimiter(c.describeConcurrency, c.describeRatePerSecond),
    };
  });
}

/** The stream list, merged with whatever summaries are already known. */
export async function listStreams(scope: Scope): Promise<StreamListItem[]> {
  const s = state(scope);
  let streams: StreamListItem[];
  try {
    streams = await s.list.get("all", () => listAllStreams(kinesisClient(scope)));
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
  return streams.map((item) => {
    const known = s.summaries.peek(item.name);
    if (!known) return item;
    const { enhancedMonitoring: _m, keyId: _k, consumerCount: _c, maxRecordSizeKiB: _r, ...rest } = known;
    return { ...item, ...rest };
  });
}

export async function describeStream(scope: Scope, name: string): Promise<StreamSummary> {
  const s = state(scope);
  try {
    return await s.summaries.get(name, () =>
      s.describeLimiter.run(async () => {
        const out = await kinesisClient(scope).send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (!out.StreamDescriptionSummary) throw new Error("DescribeStreamSummary returned no summary");
        return toStreamSummary(out.StreamDescriptionSummary);
      }),
    );
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}

export async function describeStreamDetails(scope: Scope, name: string): Promise<StreamDetailsResponse> {
  const summary = await describeStream(scope, name);
  const client = kinesisClient(scope);
  try {
    const tags: { key: string; value: string }[] = [];
    let exclusiveStartTagKey: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await client.send(new ListTagsForStreamCommand({ StreamName: name, ExclusiveStartTagKey: exclusiveStartTagKey }));
      for (const t of out.Tags ?? []) if (t.Key) tags.push({ key: t.Key, value: t.Value ?? "" });
      const last = out.Tags?.at(-1)?.Key;
      if (!out.HasMoreTags || !last) break;
      exclusiveStartTagKey = last;
    }

    const consumers = summary.arn ? await listStreamConsumers(scope, summary.arn) : [];
    return { tags, consumers };
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}

/** For tests and after writes that change a stream. */
export function forgetStream(scope: Scope, name: string): void {
  state(scope).summaries.delete(name);
  state(scope).list.delete("all");
}
