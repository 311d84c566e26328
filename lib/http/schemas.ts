// zod schemas of what the HTTP API answers: the response bodies, the error body and the tail's
// event payloads. The routes build these values from the TypeScript interfaces in lib/streams/types.ts, lib/records/types.ts, lib/put/types.ts, lib/targets/types.ts,
// lib/metrics/types.ts, lib/consumers/types.ts and lib/tail/types.ts; the compile-time checks at the
// bottom of this file fail `tsc` whenever a schema and its interface drift apart. The OpenAPI
// document (lib/http/openapi.ts) is generated from these and from the input schemas the routes parse
// with, so the document cannot describe another API than the one that runs.
import { z } from "zod";
import { API_ERROR_CODES, type ApiErrorBody } from "@/lib/http/errors";
import type { AlarmsResponse, AlarmView, MetricsResponse, MonitorResponse } from "@/lib/metrics/types";
import {
  SEARCH_DONE_REASONS,
  SEARCH_SHARD_STATES,
  type SearchDoneEvent,
  type SearchErrorEvent,
  type SearchPlanEvent,
  type SearchProgressEvent,
  type SearchRecordsEvent,
} from "@/lib/search/types";
import type { TailDroppedEvent, TailErrorEvent, TailRecordsEvent, TailShardsEvent, TailStatsEvent } from "@/lib/tail/types";
import type { HealthResponse, Target, TargetsResponse } from "@/lib/targets/types";
import { AUDIT_ACTIONS, type AuditResponse } from "@/lib/auth/audit";
import { AUTH_MODES, ROLES, type MeResponse } from "@/lib/auth/types";
import type { AllConsumersResponse, ConsumerRow, StreamConsumersResponse } from "@/lib/consumers/types";
import type { PutRecordsResponse } from "@/lib/put/types";
import type { RecordsPageResponse } from "@/lib/records/types";
import type { ShardListResponse, StreamDetailsResponse, StreamListResponse, StreamSummary } from "@/lib/streams/types";
import { SHARD_VIEW_METRICS } from "@/lib/metrics/catalog";
import { HEALTH_STATES } from "@/lib/metrics/health";
import type { DecodedPayload, RecordView } from "@/lib/records/types";
import type { LiveResponse, ReadyResponse } from "@/lib/ops/types";

const isoTime = z.string().describe("ISO 8601, UTC");
const decimal = z.string().regex(/^\d+$/);
const nullableNumber = z.number().nullable();

// --- errors -------------------------------------------------------------------------------------

export const apiErrorDetailSchema = z.object({
  index: z.number().int().nonnegative().optional().describe("0-based position of the record a problem is about"),
  field: z.string().optional(),
  message: z.string().min(1),
});

/** The error body, with `code` narrowed to the given codes (all of them by default). */
export function apiErrorBodySchema(codes: readonly (typeof API_ERROR_CODES)[number][] = API_ERROR_CODES) {
  return z.object({
    error: z.object({
      code: z.enum(codes as [(typeof API_ERROR_CODES)[number], ...(typeof API_ERROR_CODES)[number][]]),
      message: z.string().min(1).describe("Written for a person; never a stack trace or a credential."),
      details: z.array(apiErrorDetailSchema).optional(),
    }),
  });
}

// --- streams and shards -------------------------------------------------------------------------

const streamMode = z.enum(["PROVISIONED", "ON_DEMAND"]);

export const streamListItemSchema = z.object({
  name: z.string(),
  arn: z.string().optional(),
  status: z.string().optional(),
  mode: streamMode.optional(),
  openShardCount: z.number().int().nonnegative().optional(),
  retentionHours: z.number().optional(),
  encryption: z.string().optional(),
  createdAt: isoTime.optional(),
});

export const streamListResponseSchema = z.object({ streams: z.array(streamListItemSchema) });

export const streamSummarySchema = z.object({
  name: z.string(),
  arn: z.string(),
  status: z.string(),
  mode: streamMode,
  openShardCount: z.number().int().nonnegative(),
  retentionHours: z.number(),
  encryption: z.string(),
  keyId: z.string().optional(),
  createdAt: isoTime,
  enhancedMonitoring: z.array(z.string()).describe("Shard-level metrics enabled by enhanced monitoring; empty when off."),
  consumerCount: z.number().int().nonnegative().optional(),
  maxRecordSizeKiB: z
    .number()
    .int()
    .positive()
    .describe("The largest record the stream accepts, in KiB (1024 to 10240: 1 to 10 MiB); 1024 when Kinesis does not say (emulators)."),
});

export const streamDetailsResponseSchema = z.object({
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
  consumers: z.array(z.object({ name: z.string(), arn: z.string(), status: z.string(), createdAt: z.string() })),
});

export const shardViewSchema = z.object({
  shardId: z.string(),
  parentShardId: z.string().optional(),
  adjacentParentShardId: z.string().optional(),
  hashKeyRange: z.object({ start: decimal, end: decimal }).describe("Decimal strings: 0 … 2^128 − 1."),
  sequenceNumberRange: z.object({ start: decimal, end: decimal.optional() }),
  open: z.boolean(),
});

export const shardListResponseSchema = z.object({ shards: z.array(shardViewSchema) });

// --- records ------------------------------------------------------------------------------------

export const decodedPayloadSchema: z.ZodType<DecodedPayload> = z.object({
  chain: z.array(z.string()).describe('Steps applied in order, e.g. ["base64", "gzip", "cwlogs"].'),
  format: z.enum(["json", "text", "binary", "kpl", "cwlogs", "empty", "avro", "protobuf", "jsonschema", "msgpack", "cbor"]),
  value: z
    .unknown()
    .optional()
    .describe(
      'Parsed JSON (format "json"); the record as JSON (avro, protobuf, jsonschema, msgpack, cbor: longs past 2^53 as decimal strings, bytes as base64); or the envelope without its events (format "cwlogs").',
    ),
  schema: z
    .object({
      source: z.enum(["glue", "file", "confluent"]),
      registry: z.string().optional(),
      name: z.string(),
      version: z.number().int().optional(),
      versionId: z.string().optional(),
      definition: z.string().optional().describe("The schema's text; only in GET …/records/{seq}."),
    })
    .optional()
    .describe("The schema that decoded the record (Glue Schema Registry, a file attached to the stream), or the one its Confluent framing names."),
  text: z.string().optional().describe('UTF-8 text (format "text"), or a hex dump (format "binary").'),
  get subRecords() {
    return z.array(decodedSubRecordSchema).optional();
  },
  warning: z.string().optional(),
  masked: z
    .array(z.string())
    .optional()
    .describe(
      "What the server's masking rules masked, removed or hashed, as JSON paths of the payload written out (`$` for a text payload, or one withheld whole). When set, the record's `data` is empty: its raw bytes are not sent.",
    ),
});

export const decodedSubRecordSchema = z.object({
  partitionKey: z.string().optional(),
  explicitHashKey: z.string().optional(),
  id: z.string().optional(),
  timestamp: z.number().optional(),
  size: z.number().int().nonnegative(),
  decoded: decodedPayloadSchema,
});

export const recordViewSchema = z.object({
  shardId: z.string(),
  sequenceNumber: decimal,
  partitionKey: z.string(),
  arrivalTime: isoTime,
  size: z.number().int().nonnegative(),
  data: z.string().describe("The raw bytes, base64: all of them, or the first ones when `truncated` is set; empty when `decoded.masked` is set."),
  decoded: decodedPayloadSchema,
  truncated: z
    .boolean()
    .optional()
    .describe(
      "The record was too large to send whole: `data` and `decoded.text` hold its start, `size` is its full size. Fetch it whole from /records/{seq}?full=1.",
    ),
});

export const recordsPageResponseSchema = z.object({
  records: z.array(recordViewSchema),
  cursor: z.string().nullable().describe("Opaque; pass it back to read the next page. Null once a closed shard has been read to its end."),
  millisBehindLatest: nullableNumber,
});

export const putRecordResultSchema = z.union([
  z.object({ shardId: z.string(), sequenceNumber: decimal }),
  z.object({ errorCode: z.string(), errorMessage: z.string() }),
]);

export const putRecordsResponseSchema = z.object({
  results: z.array(putRecordResultSchema).describe("One per record, in the order they were sent."),
});

// --- target and health --------------------------------------------------------------------------

const targetKind = z.enum(["default", "profile", "role"]);

export const targetSchema = z.object({
  name: z.string(),
  kind: targetKind,
  region: z.string(),
  account: z.string().nullable().describe('12-digit account id, "local" for an emulator, or null when it could not be determined.'),
  endpoint: z.string(),
  local: z.boolean(),
  readOnly: z.boolean(),
  credentialsProblem: z.string().optional().describe("Set when the target's credentials are missing or expired: what is wrong and the command that fixes it."),
});

export const targetsResponseSchema = z.object({
  targets: z.array(
    z.object({
      name: z.string(),
      kind: targetKind,
      defaultRegion: z.string(),
      regions: z.array(z.string()).optional(),
      local: z.boolean().optional(),
    }),
  ),
  current: z.object({ target: z.string(), region: z.string() }).optional().describe("What short paths (without /t/{target}/{region}) mean."),
});

const roleSchema = z.enum(ROLES);
const authModeSchema = z.enum(AUTH_MODES);

export const meResponseSchema = z.object({
  user: z.object({ name: z.string(), email: z.string().optional(), groups: z.array(z.string()) }),
  role: roleSchema.describe("viewer reads; writer also puts records, replays and registers consumers; admin also reads the audit log."),
  auth: authModeSchema.describe("How people sign in to this server."),
});

export const auditEntrySchema = z.object({
  time: z.string(),
  user: z.string(),
  email: z.string().optional(),
  role: roleSchema.optional(),
  auth: authModeSchema,
  source: z.string().optional(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(["ok", "refused", "failed"]),
  code: z.string().optional(),
  message: z.string().optional(),
  target: z.string().optional(),
  region: z.string().optional(),
  account: z.string().optional(),
  endpoint: z.string().optional(),
  stream: z.string().optional(),
  consumer: z.string().optional(),
  records: z.number().optional(),
  results: z.object({ written: z.number(), failed: z.number(), shards: z.record(z.string(), z.number()) }).optional(),
});

export const auditResponseSchema = z.object({
  entries: z.array(auditEntrySchema).describe("Newest first."),
  matched: z.number().describe("Entries matching the filter in the whole log."),
  source: z.union([z.object({ kind: z.literal("file"), path: z.string() }), z.object({ kind: z.literal("memory") })]),
});

const endpointHealthSchema = z.object({ reachable: z.boolean(), endpoint: z.string(), error: z.string().optional() });

export const healthResponseSchema = z.object({
  ok: z.boolean().describe("Kinesis answers; the other endpoints serve parts of Shardscope (metrics, consumers)."),
  kinesis: endpointHealthSchema.extend({ region: z.string() }),
  cloudwatch: endpointHealthSchema,
  dynamodb: endpointHealthSchema.describe("KCL lease tables (consumers)."),
  lambda: endpointHealthSchema.describe("Event source mappings (consumers)."),
  firehose: endpointHealthSchema.describe("Delivery streams (consumers)."),
});

// --- probes ---

export const liveResponseSchema = z.object({
  live: z.literal(true),
  uptimeSeconds: z.number().nonnegative().describe("Seconds since this process started."),
});

export const readyResponseSchema = z.object({
  ready: z.boolean().describe("Settings valid and targets loaded. Kinesis being unreachable does not make the server unready."),
  checks: z.object({ settings: z.enum(["ok", "failed"]), targets: z.enum(["ok", "failed"]) }),
  targets: z.number().int().nonnegative().describe("Targets configured (0 when they could not be loaded)."),
  kinesis: z
    .object({
      reachable: z.boolean(),
      checkedAt: isoTime,
      error: z.string().optional().describe("The error code when Kinesis did not answer (the server log has the message)."),
    })
    .describe("Whether the default target's Kinesis answered, checked at most every few seconds."),
  message: z.string().optional().describe("When not ready: what failed, in words."),
});

// --- metrics, alarms, monitor -------------------------------------------------------------------

const cloudWatchUsageSchema = z.object({
  getMetricDataCalls: z.number().int().nonnegative(),
  queries: z.number().int().nonnegative(),
  cached: z.boolean(),
  callsLastMinute: z.number().int().nonnegative(),
  getMetricDataCallsLastMinute: z.number().int().nonnegative(),
});

const values = z.array(nullableNumber);
const shardViewMetric = z.enum(SHARD_VIEW_METRICS);

export const metricsResponseSchema = z.object({
  stream: z.string(),
  start: isoTime,
  end: isoTime,
  period: z.number().int().positive().describe("Seconds per point."),
  periodReason: z.string(),
  timestamps: z.array(isoTime).describe("The start of every period in the window: the shared x axis of every series."),
  series: z.array(
    z.object({
      key: z.string(),
      metric: z.string(),
      consumer: z.string().optional(),
      statistic: z.string(),
      display: z.enum(["rate", "value"]),
      values: values.describe("One value per entry of `timestamps`; null where CloudWatch had no data point."),
    }),
  ),
  shardLevel: z.object({
    enabledMetrics: z.array(z.string()),
    viewMetrics: z.array(shardViewMetric),
    shards: z.array(
      z.object({
        shardId: z.string(),
        open: z.boolean(),
        series: z.partialRecord(shardViewMetric, values),
        stats: z.partialRecord(shardViewMetric, z.object({ peak: nullableNumber, average: nullableNumber, peakPercent: nullableNumber })),
        peakPercent: nullableNumber,
        averagePercent: nullableNumber,
      }),
    ),
  }),
  usage: cloudWatchUsageSchema,
  fetchedAt: isoTime,
  generatedAt: isoTime,
});

const alarmState = z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]);
const dimensions = z.array(z.object({ name: z.string(), value: z.string() }));

export const alarmViewSchema = z.object({
  name: z.string(),
  arn: z.string().optional(),
  description: z.string().optional(),
  state: alarmState,
  reason: z.string(),
  stateUpdatedAt: isoTime.optional(),
  metricName: z.string().optional(),
  namespace: z.string().optional(),
  statistic: z.string().optional(),
  period: z.number().optional(),
  dimensions,
  threshold: z.number().optional(),
  comparison: z.string().optional(),
  evaluationPeriods: z.number().optional(),
  datapointsToAlarm: z.number().optional(),
  metrics: z.array(
    z.object({
      namespace: z.string().optional(),
      metricName: z.string().optional(),
      dimensions,
      statistic: z.string().optional(),
      period: z.number().optional(),
    }),
  ),
});

export const alarmsResponseSchema = z.object({
  alarms: z.array(alarmViewSchema),
  usage: z.object({ callsLastMinute: z.number().int().nonnegative() }),
  fetchedAt: isoTime,
});

const consumerHealth = z.enum(["ok", "warning", "critical", "unknown"]);
const consumerKind = z.enum(["kcl", "lambda", "firehose", "efo"]);

const tileScope = z.object({
  target: z.string(),
  region: z.string(),
  account: z.string().nullable(),
});

export const monitorResponseSchema = z.object({
  tiles: z
    .array(
      z.object({
        stream: z.string(),
        scope: tileScope,
        error: z.object({ code: z.string(), message: z.string() }).optional(),
        health: z.object({ state: z.enum(HEALTH_STATES), reasons: z.array(z.string()) }),
        openShardCount: z.number().int().nonnegative().nullable(),
        sparkline: values,
        incomingBytesPerSecond: nullableNumber,
        incomingRecordsPerSecond: nullableNumber,
        maxIteratorAgeMs: nullableNumber,
        readThrottles: nullableNumber,
        writeThrottles: nullableNumber,
        alarms: z.array(z.object({ name: z.string(), state: alarmState })),
        worstConsumer: z
          .object({
            name: z.string(),
            kind: consumerKind,
            health: consumerHealth,
            lagMillis: nullableNumber,
            reasons: z.array(z.string()),
          })
          .optional()
          .describe(
            "The stream's worst consumer application; a critical one makes the tile critical. Absent when none was found or the consumers could not be read.",
          ),
      }),
    )
    .describe("Worst first."),
  timestamps: z.array(isoTime),
  period: z.number().int().positive(),
  healthWindowMinutes: z.number().positive(),
  thresholds: z.object({
    iteratorAgeWarnMs: z.number(),
    iteratorAgeCritMs: z.number(),
    throttleWarn: z.number(),
    throttleCrit: z.number(),
  }),
  scopes: z.array(tileScope).describe("The targets and regions on the wall, in the order they were named."),
  usage: cloudWatchUsageSchema.extend({ describeAlarmsCalls: z.number().int().nonnegative() }),
  fetchedAt: isoTime,
  generatedAt: isoTime,
  omitted: z.number().int().nonnegative(),
});

// --- consumers ---------------------------------------------------------------------------------

export const consumerRowSchema = z.object({
  id: z.string().describe('Stable within a scope: "kcl:<app>", "lambda:<uuid>", "firehose:<name>", "efo:<consumer arn>".'),
  kind: consumerKind,
  name: z.string(),
  state: z.string().describe('The kind\'s own state words: "ACTIVE", "Enabled", "CREATING"…'),
  health: consumerHealth,
  reasons: z.array(z.string()).describe("Why, in words; empty when ok."),
  lag: z
    .object({ maxMillis: z.number().nonnegative(), shardId: z.string().optional() })
    .nullable()
    .describe("The worst lag and where; null when nothing measured it."),
  shards: z
    .array(
      z.object({
        shardId: z.string(),
        checkpoint: z.string().nullable(),
        subSequenceNumber: z.number().optional(),
        pendingCheckpoint: z.string().optional(),
        owner: z.string().optional(),
        leaseCounter: z.number().optional(),
        ownerSwitchesSinceCheckpoint: z.number().optional(),
        parentShardIds: z.array(z.string()).optional(),
        childShardIds: z.array(z.string()).optional(),
        throughputKBps: z.number().optional(),
        lagMillis: z.number().optional(),
        nextRecordAt: isoTime.optional(),
        state: z.string(),
        health: consumerHealth,
        reasons: z.array(z.string()),
      }),
    )
    .optional(),
  workers: z
    .array(
      z.object({
        id: z.string(),
        leases: z.number().int().nonnegative(),
        utilisation: z.record(z.string(), z.number()).optional(),
        leader: z.boolean().optional(),
        lastUpdate: isoTime.optional(),
      }),
    )
    .optional(),
  lagHistory: z
    .object({
      source: z.enum(["shardscope", "cloudwatch"]),
      points: z.array(z.object({ at: isoTime, lagMillis: z.number().nonnegative() })),
    })
    .optional()
    .describe(
      "The worst lag over the last hour, oldest first: sampled by Shardscope at each measurement (KCL, while anyone looks) or CloudWatch's minutes of the lag AWS publishes (Lambda, Firehose, fan-out).",
    ),
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .describe("Kind-specific facts: function ARN, batch size, destination, lease table…"),
  fetchedAt: isoTime,
});

const consumerSourcesSchema = z
  .array(z.object({ kind: consumerKind, ok: z.boolean(), message: z.string().optional() }))
  .describe("Each place consumers are found and whether reading it worked; one failing never hides the others.");

const consumersUsageSchema = z.object({
  kinesisCalls: z.number().int().nonnegative().describe("GetShardIterator and GetRecords calls spent measuring lag for this answer."),
  otherCalls: z
    .number()
    .int()
    .nonnegative()
    .describe("DynamoDB, Lambda, Firehose, CloudWatch and Kinesis control-plane calls for this answer (0 when it was shared)."),
  refreshSeconds: z.number().nonnegative(),
});

export const streamConsumersResponseSchema = z.object({
  consumers: z.array(consumerRowSchema).describe("Worst first."),
  sources: consumerSourcesSchema,
  usage: consumersUsageSchema,
  fetchedAt: isoTime,
});

export const allConsumersResponseSchema = z.object({
  consumers: z.array(consumerRowSchema.extend({ stream: z.string() })).describe("Worst first, each with the stream it reads."),
  sources: consumerSourcesSchema,
  usage: consumersUsageSchema,
  fetchedAt: isoTime,
});

// --- the tail's events --------------------------------------------------------------------------

const tailCountersShape = {
  scanned: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
};

export const tailRecordsEventSchema = z.object({ records: z.array(recordViewSchema), counters: z.object(tailCountersShape) });

export const tailShardsEventSchema = z.object({
  shards: z.array(z.object({ shardId: z.string(), status: z.enum(["reading", "waiting", "done", "stopped"]) })),
});

export const tailStatsEventSchema = z.object({
  shards: z.array(
    z.object({
      shardId: z.string(),
      mode: z.enum(["polling", "efo"]),
      state: z.enum(["starting", "live", "catching-up", "throttled", "reconnecting", "ended", "failed"]),
      message: z.string().optional(),
      recordsPerSecond: z.number(),
      bytesPerSecond: z.number(),
      millisBehindLatest: nullableNumber,
      newestRecordAgeMs: nullableNumber,
      callsPerSecond: z.number(),
      budgetPerSecond: z.number(),
      viewers: z.number().int().nonnegative(),
      hotKeys: z.array(z.object({ key: z.string(), count: z.number(), share: z.number() })),
      perSecond: z.array(z.object({ t: z.number(), records: z.number(), bytes: z.number() })).optional(),
    }),
  ),
  ...tailCountersShape,
});

export const tailDroppedEventSchema = z.object({ count: z.number().int().positive() });

export const tailErrorEventSchema = z.object({ code: z.string(), message: z.string(), shardId: z.string().optional() });

// --- a search's events ----------------------------------------------------------------------------

export const searchPlanEventSchema = z.object({
  window: z.object({ start: z.string().optional(), end: z.string() }),
  shards: z.array(z.string()),
  totalShards: z.number().int().nonnegative(),
  keyed: z.object({ key: z.string(), hashKey: z.string(), openShardId: z.string().optional() }).optional(),
});

const searchShardProgressSchema = z.object({
  shardId: z.string(),
  reachedAt: z.string().optional(),
  records: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  coveredPercent: z.number().min(0).max(100),
  state: z.enum(SEARCH_SHARD_STATES),
  recordsPerSecond: z.number().nonnegative(),
  budgetPerSecond: z.number().nonnegative(),
  message: z.string().optional(),
});

export const searchProgressEventSchema = z.object({
  shards: z.array(searchShardProgressSchema),
  matched: z.number().int().nonnegative(),
  scanned: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
  etaMs: z.number().nonnegative().optional(),
});

export const searchRecordsEventSchema = z.object({ records: z.array(recordViewSchema) });

export const searchDoneEventSchema = z.object({
  reason: z.enum(SEARCH_DONE_REASONS),
  matched: z.number().int().nonnegative(),
  scanned: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
  limit: z.enum(["time", "bytes"]).optional(),
  message: z.string(),
  shards: z.array(searchShardProgressSchema),
});

export const searchErrorEventSchema = z.object({ code: z.string(), message: z.string(), shardId: z.string().optional() });

// --- compile-time checks: each schema describes exactly its interface ----------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function same<A, B>(ok: Same<A, B>): Same<A, B> {
  return ok;
}
export const SCHEMAS_MATCH_TYPES = [
  same<z.output<ReturnType<typeof apiErrorBodySchema>>, ApiErrorBody>(true),
  same<z.output<typeof streamListResponseSchema>, StreamListResponse>(true),
  same<z.output<typeof streamSummarySchema>, StreamSummary>(true),
  same<z.output<typeof streamDetailsResponseSchema>, StreamDetailsResponse>(true),
  same<z.output<typeof shardListResponseSchema>, ShardListResponse>(true),
  same<z.output<typeof recordViewSchema>, RecordView>(true),
  same<z.output<typeof recordsPageResponseSchema>, RecordsPageResponse>(true),
  same<z.output<typeof putRecordsResponseSchema>, PutRecordsResponse>(true),
  same<z.output<typeof targetSchema>, Target>(true),
  same<z.output<typeof targetsResponseSchema>, TargetsResponse>(true),
  same<z.output<typeof meResponseSchema>, MeResponse>(true),
  same<z.output<typeof auditResponseSchema>, AuditResponse>(true),
  same<z.output<typeof healthResponseSchema>, HealthResponse>(true),
  same<z.output<typeof liveResponseSchema>, LiveResponse>(true),
  same<z.output<typeof readyResponseSchema>, ReadyResponse>(true),
  same<z.output<typeof metricsResponseSchema>, MetricsResponse>(true),
  same<z.output<typeof alarmViewSchema>, AlarmView>(true),
  same<z.output<typeof alarmsResponseSchema>, AlarmsResponse>(true),
  same<z.output<typeof monitorResponseSchema>, MonitorResponse>(true),
  same<z.output<typeof consumerRowSchema>, ConsumerRow>(true),
  same<z.output<typeof streamConsumersResponseSchema>, StreamConsumersResponse>(true),
  same<z.output<typeof allConsumersResponseSchema>, AllConsumersResponse>(true),
  same<z.output<typeof tailRecordsEventSchema>, TailRecordsEvent>(true),
  same<z.output<typeof tailShardsEventSchema>, TailShardsEvent>(true),
  same<z.output<typeof tailStatsEventSchema>, TailStatsEvent>(true),
  same<z.output<typeof tailDroppedEventSchema>, TailDroppedEvent>(true),
  same<z.output<typeof tailErrorEventSchema>, TailErrorEvent>(true),
  same<z.output<typeof searchPlanEventSchema>, SearchPlanEvent>(true),
  same<z.output<typeof searchProgressEventSchema>, SearchProgressEvent>(true),
  same<z.output<typeof searchRecordsEventSchema>, SearchRecordsEvent>(true),
  same<z.output<typeof searchDoneEventSchema>, SearchDoneEvent>(true),
  same<z.output<typeof searchErrorEventSchema>, SearchErrorEvent>(true),
];
