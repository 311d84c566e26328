import "server-only";
// Firehose delivery streams whose source is a Kinesis stream. AWS documentation used:
// - ListDeliveryStreams (Amazon Data Firehose API reference): DeliveryStreamType
//   KinesisStreamAsSource; pages with ExclusiveStartDeliveryStreamName while HasMoreDeliveryStreams.
// - DescribeDeliveryStream: DeliveryStreamDescription.DeliveryStreamStatus (CREATING,
//   CREATING_FAILED, DELETING, DELETING_FAILED, ACTIVE), FailureDescription,
//   Source.KinesisStreamSourceDescription.KinesisStreamARN, Destinations[] (one description per
//   destination type).
// - "Monitoring Kinesis Data Firehose with CloudWatch metrics" (Firehose developer guide):
//   `KinesisMillisBehindLatest` in AWS/Firehose, by DeliveryStreamName — when the source is a
//   Kinesis data stream, how many milliseconds the last read record is behind the newest record.
import {
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  type DeliveryStreamDescription,
  type DestinationDescription,
} from "@aws-sdk/client-firehose";
import { activeVerdict, combine, lagUnknown, lagVerdict } from "@/lib/consumers/health";
import { resourceNameOfArn } from "@/lib/consumers/arns";
import type { ConsumerRow } from "@/lib/consumers/types";
import type { StreamSummary } from "@/lib/streams/types";
import { firehoseClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import type { Scope } from "@/lib/server/targets/scope";
import { historyOf, readLags } from "./cloudwatch-lag";
import { streamOfScope } from "./scope-streams";
import type { ConsumerSourceReader, UsageTally } from "./source";

const MAX_PAGES = 100;
/** DescribeDeliveryStream calls in flight at once. */
const DESCRIBE_CONCURRENCY = 5;

async function describeAll(scope: Scope, usage: UsageTally): Promise<DeliveryStreamDescription[]> {
  const client = firehoseClient(scope);
  try {
    const names: string[] = [];
    let start: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      usage.otherCalls++;
      const out = await client.send(
        new ListDeliveryStreamsCommand({
          DeliveryStreamType: "KinesisStreamAsSource",
          Limit: 100,
          ...(start ? { ExclusiveStartDeliveryStreamName: start } : {}),
        }),
      );
      const page_ = out.DeliveryStreamNames ?? [];
      names.push(...page_);
      if (!out.HasMoreDeliveryStreams || page_.length === 0) break;
      start = page_.at(-1);
    }
    const out: DeliveryStreamDescription[] = [];
    for (let i = 0; i < names.length; i += DESCRIBE_CONCURRENCY) {
      const batch = await Promise.all(
        names.slice(i, i + DESCRIBE_CONCURRENCY).map(async (name) => {
          usage.otherCalls++;
          return (await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription;
        }),
      );
      for (const d of batch) if (d) out.push(d);
    }
    return out;
  } catch (e) {
    throw scope.awsError("Firehose", e);
  }
}

/** Where a delivery stream delivers, in words: "S3 bucket my-bucket", "HTTP endpoint Datadog"… */
export function destinationOf(d: DestinationDescription | undefined): string {
  if (!d) return "unknown";
  const s3 = d.ExtendedS3DestinationDescription ?? d.S3DestinationDescription;
  if (d.RedshiftDestinationDescription) return `Redshift ${d.RedshiftDestinationDescription.ClusterJDBCURL ?? ""}`.trim();
  if (d.AmazonopensearchserviceDestinationDescription) {
    const o = d.AmazonopensearchserviceDestinationDescription;
    return `OpenSearch ${resourceNameOfArn(o.DomainARN) || o.ClusterEndpoint || ""}`.trim();
  }
  if (d.AmazonOpenSearchServerlessDestinationDescription)
    return `OpenSearch Serverless ${d.AmazonOpenSearchServerlessDestinationDescription.CollectionEndpoint ?? ""}`.trim();
  if (d.ElasticsearchDestinationDescription) {
    const e = d.ElasticsearchDestinationDescription;
    return `Elasticsearch ${resourceNameOfArn(e.DomainARN) || e.ClusterEndpoint || ""}`.trim();
  }
  if (d.SplunkDestinationDescription) return `Splunk ${d.SplunkDestinationDescription.HECEndpoint ?? ""}`.trim();
  if (d.HttpEndpointDestinationDescription) {
    const h = d.HttpEndpointDestinationDescription.EndpointConfiguration;
    return `HTTP endpoint ${h?.Name || h?.Url || ""}`.trim();
  }
  if (d.SnowflakeDestinationDescription) {
    const s = d.SnowflakeDestinationDescription;
    return `Snowflake ${[s.Database, s.Schema, s.Table].filter(Boolean).join(".")}`.trim();
  }
  if (d.IcebergDestinationDescription) return `Iceberg ${resourceNameOfArn(d.IcebergDestinationDescription.CatalogConfiguration?.CatalogARN)}`.trim();
  // An S3 description also accompanies other destinations (their backup): checked last.
  if (s3) return `S3 bucket ${resourceNameOfArn(s3.BucketARN)}`;
  return "unknown";
}

async function toRows<T extends { d: DeliveryStreamDescription }>(scope: Scope, items: T[], usage: UsageTally): Promise<(ConsumerRow & { item: T })[]> {
  const config = getConfig().consumers;
  const lags = await readLags(
    scope,
    items.map(({ d }) => ({
      key: d.DeliveryStreamName ?? "",
      namespace: "AWS/Firehose",
      metricName: "KinesisMillisBehindLatest",
      dimensions: { DeliveryStreamName: d.DeliveryStreamName ?? "" },
    })),
    usage,
  );
  const fetchedAt = new Date().toISOString();
  return items.map((item) => {
    const d = item.d;
    const name = d.DeliveryStreamName ?? "";
    const status = d.DeliveryStreamStatus ?? "UNKNOWN";
    const lagMs = lags.lag.get(name) ?? null;
    const failure = d.FailureDescription
      ? `${d.FailureDescription.Type ?? ""}${d.FailureDescription.Details ? ` ${d.FailureDescription.Details}` : ""}`.trim()
      : undefined;
    const verdict = combine(
      activeVerdict(status, "the delivery stream", failure),
      lagVerdict(lagMs, config, "read lag (KinesisMillisBehindLatest)"),
      ...(lags.error ? [lagUnknown(lags.error)] : []),
    );
    const destination = d.Destinations?.[0];
    return {
      item,
      id: `firehose:${name}`,
      kind: "firehose",
      name,
      state: status,
      health: verdict.health,
      reasons: verdict.reasons,
      lag: lagMs === null ? null : { maxMillis: lagMs },
      ...historyOf(lags.history.get(name)),
      details: {
        deliveryStreamArn: d.DeliveryStreamARN ?? null,
        sourceStreamArn: d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN ?? null,
        destination: destinationOf(destination),
        destinations: d.Destinations?.length ?? 0,
        failure: failure ?? null,
        lagMetric: "AWS/Firehose KinesisMillisBehindLatest (Maximum, DeliveryStreamName)",
      },
      fetchedAt,
    };
  });
}

const strip = <T extends { item: unknown }>({ item: _item, ...row }: T): Omit<T, "item"> => row;

export const firehoseSource: ConsumerSourceReader = {
  kind: "firehose",

  async forStream(scope: Scope, stream: StreamSummary, usage: UsageTally): Promise<ConsumerRow[]> {
    if (!stream.arn) return [];
    const mine = (await describeAll(scope, usage)).filter((d) => d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN === stream.arn);
    return (
      await toRows(
        scope,
        mine.map((d) => ({ d })),
        usage,
      )
    ).map(strip);
  },

  async all(scope: Scope, usage: UsageTally): Promise<(ConsumerRow & { stream: string })[]> {
    const [described, streamOf] = await Promise.all([describeAll(scope, usage), streamOfScope(scope)]);
    const items = described.flatMap((d) => {
      const stream = streamOf(d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN);
      return stream ? [{ d, stream }] : [];
    });
    return (await toRows(scope, items, usage)).map((r) => ({ ...strip(r), stream: r.item.stream }));
  },
};
