import "server-only";
// Shardscope's own settings (SHARDSCOPE_*), validated once. AWS settings stay with the SDK's
// chain: we only read the SDK-native endpoint variables to show which endpoint is in use.
import { hostname } from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseAllowedHosts } from "@/lib/server/host-policy";
import { LOG_LEVELS, type LogLevel } from "@/lib/server/ops/log-levels";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const positiveNumber = (fallback: number, max: number) =>
  z.coerce
    .number()
    .positive()
    .max(max)
    .optional()
    .transform((v) => v ?? fallback);

// Counts must be whole: a fraction would otherwise floor to 0 and stall every describe or browse.
const positiveInteger = (fallback: number, max: number) =>
  z.coerce
    .number()
    .int()
    .positive()
    .max(max)
    .optional()
    .transform((v) => v ?? fallback);

const schema = z.object({
  SHARDSCOPE_READ_ONLY: flag,
  /** Validated here; read by discovery (lib/server/targets/discover.ts): the discovered default target is a local emulator. */
  SHARDSCOPE_LOCAL_EMULATOR: flag,
  /** DescribeStreamSummary calls per second; AWS allows 20/s per account, shared with everyone. */
  SHARDSCOPE_DESCRIBE_RATE: positiveNumber(10, 20),
  SHARDSCOPE_DESCRIBE_CONCURRENCY: positiveInteger(5, 20),
  /** Seconds the stream list and summaries are shared between viewers. */
  SHARDSCOPE_LIST_TTL_SECONDS: positiveNumber(5, 3600),
  SHARDSCOPE_SUMMARY_TTL_SECONDS: positiveNumber(30, 3600),
  /** GetRecords calls one record-browser page may spend looking past empty responses. */
  SHARDSCOPE_BROWSE_MAX_CALLS: positiveInteger(5, 20),
  /** GetRecords calls per second per shard a tail reader spends while caught up. */
  SHARDSCOPE_TAIL_CALLS_PER_SECOND: positiveNumber(1, 5),
  /** Hard cap for all of Shardscope's readers of one shard, also while catching up. Kinesis allows 5. */
  SHARDSCOPE_TAIL_MAX_CALLS_PER_SECOND: positiveInteger(5, 5),
  /** Per-viewer queue bounds; past them the viewer gets a `dropped` event. */
  SHARDSCOPE_TAIL_QUEUE_RECORDS: positiveInteger(5_000, 1_000_000),
  SHARDSCOPE_TAIL_QUEUE_BYTES: positiveInteger(8 * 1024 * 1024, 1024 * 1024 * 1024),
  /**
   * Bytes of batches a shard reader keeps for its viewers to take at their own pace; a viewer that
   * falls further behind than this loses the oldest (a `dropped` event).
   */
  SHARDSCOPE_TAIL_READER_BUFFER_BYTES: positiveInteger(32 * 1024 * 1024, 1024 * 1024 * 1024),
  /** A reader stops this long after its last viewer left. */
  SHARDSCOPE_TAIL_IDLE_STOP_MS: positiveNumber(5_000, 600_000),
  /** Name of the enhanced fan-out consumer Shardscope registers when the user names none. */
  SHARDSCOPE_EFO_CONSUMER_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,128}$/, "consumer names are 1-128 letters, digits, '_', '.' or '-'")
    .optional(),
  /** Seconds an idle Shardscope-registered consumer is kept before it is deregistered. */
  SHARDSCOPE_EFO_RELEASE_SECONDS: positiveNumber(60, 86_400),
  AWS_ENDPOINT_URL: z.string().url().optional(),
  AWS_ENDPOINT_URL_KINESIS: z.string().url().optional(),
  AWS_ENDPOINT_URL_CLOUDWATCH: z.string().url().optional(),
  /** Seconds every viewer shares one GetMetricData answer and the alarm list (CloudWatch bills per metric requested). */
  SHARDSCOPE_METRICS_TTL_SECONDS: positiveNumber(30, 3600),
  /** On-call screen thresholds: iterator age (seconds) and throttled requests in the health window. */
  SHARDSCOPE_MONITOR_ITERATOR_AGE_WARN_SECONDS: positiveNumber(60, 86_400 * 7),
  SHARDSCOPE_MONITOR_ITERATOR_AGE_CRIT_SECONDS: positiveNumber(300, 86_400 * 7),
  SHARDSCOPE_MONITOR_THROTTLE_WARN: positiveNumber(1, 1_000_000),
  SHARDSCOPE_MONITOR_THROTTLE_CRIT: positiveNumber(50, 1_000_000),
  /** Streams the on-call screen shows when none are named in its URL. */
  SHARDSCOPE_MONITOR_MAX_STREAMS: positiveNumber(100, 1000),
  /** No CloudWatch at all (the demo without moto): metrics, alarms and the on-call screen say so. */
  SHARDSCOPE_CLOUDWATCH_DISABLED: flag,
  /**
   * Host names (or host:port) this server answers besides the loopback names on its own port,
   * comma-separated: needed behind a reverse proxy or on a LAN address (DNS rebinding guard).
   */
  SHARDSCOPE_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      // The same rules the proxy applies (lib/server/host-policy.ts).
      const { hosts, problems } = parseAllowedHosts(v);
      for (const message of problems) ctx.addIssue({ code: "custom", message });
      return hosts;
    }),
  /** GetRecords calls per second per shard a search may spend: its share of the shard's hard cap (the cap still holds for all readers together). */
  SHARDSCOPE_SEARCH_CALLS_PER_SECOND: positiveNumber(2, 5),
  /** Shards one search reads at once. */
  SHARDSCOPE_SEARCH_CONCURRENCY: positiveInteger(8, 64),
  /** GetRecords Limit of a search's calls; Kinesis allows up to 10,000. */
  SHARDSCOPE_SEARCH_BATCH_LIMIT: positiveInteger(10_000, 10_000),
  /** A search stops after this many seconds, and says so. */
  SHARDSCOPE_SEARCH_MAX_SECONDS: positiveNumber(300, 86_400),
  /** A search stops after reading this many bytes of records, and says so. */
  SHARDSCOPE_SEARCH_MAX_BYTES: positiveInteger(2 * 1024 * 1024 * 1024, 1024 ** 4),
  /**
   * MiB of GetRecords answers all searches together may hold at once (each call counted at
   * Kinesis's 10 MiB maximum until its records are filtered and queued); one search takes at most half.
   */
  SHARDSCOPE_SEARCH_BUFFER_MB: positiveInteger(64, 65_536),
  /** Concurrent tail sessions (live tail and live metrics) the whole server serves; past it, 503. */
  SHARDSCOPE_TAIL_MAX_SESSIONS: positiveInteger(500, 100_000),
  /** Concurrent tail sessions one client (one remote address) may hold; past it, 429. */
  SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT: positiveInteger(50, 100_000),
  /**
   * KCL lease tables to read, comma-separated `table` or `table=stream` (pins a single-stream
   * table's stream); when set, tables are not discovered (accounts with many tables).
   */
  SHARDSCOPE_KCL_LEASE_TABLES: z.string().optional(),
  /** Consumer lag (seconds) from which an application is a warning, and critical. */
  SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS: positiveNumber(60, 86_400 * 7),
  SHARDSCOPE_CONSUMER_LAG_CRIT_SECONDS: positiveNumber(300, 86_400 * 7),
  /** A checkpoint unchanged this long while records follow it is stalled. */
  SHARDSCOPE_CONSUMER_STALL_SECONDS: positiveNumber(300, 86_400 * 7),
  /** The oldest unprocessed record is "about to expire" within this many hours of the retention period. */
  SHARDSCOPE_CONSUMER_EXPIRY_MARGIN_HOURS: positiveNumber(2, 24 * 365),
  /** Seconds between two lag measurements of a consumer (shared by every viewer). */
  SHARDSCOPE_CONSUMERS_REFRESH_SECONDS: positiveNumber(30, 3600),
  /**
   * Key that signs record-browser cursors and tail event ids, so that a forged one is refused.
   * Random per process when unset (cursors and ids then do not survive a restart).
   */
  SHARDSCOPE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /**
   * JSON file naming the targets (accounts, credential sources, regions) this server offers
   * (lib/server/targets/targets-file.ts). Unset: the default chain plus one target per profile.
   */
  SHARDSCOPE_TARGETS_FILE: z.string().optional(),
  /**
   * Key of the HMAC-SHA256 behind masking's `hash` action (lib/server/masking): the same value
   * hashes alike across restarts and replicas. Random per process when unset.
   */
  SHARDSCOPE_MASK_HASH_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  /** The log's level (lib/server/ops/log.ts reads it directly; checked here with everything else). */
  SHARDSCOPE_LOG_LEVEL: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }))
    .optional(),
  /** A second listener serving only GET /metrics, for a scraper inside a cluster (off when unset). */
  SHARDSCOPE_METRICS_PORT: z.coerce.number().int("must be a whole port number").min(1).max(65_535).optional(),
  /** Where that listener listens: loopback unless set. */
  SHARDSCOPE_METRICS_HOST: z.string().min(1).optional(),
  /** Read to check that the metrics listener's port is not the app's own. */
  PORT: z.string().optional(),
  /** Where schemas attached to streams are kept (lib/server/schemas/schema-store.ts); `.shardscope/schemas` under the working directory when unset. */
  SHARDSCOPE_SCHEMA_DIR: z.string().optional(),
});

export interface ServerConfig {
  readOnly: boolean;
  describeRatePerSecond: number;
  describeConcurrency: number;
  listTtlMs: number;
  summaryTtlMs: number;
  browseMaxCalls: number;
  tail: {
    callsPerSecond: number;
    maxCallsPerSecond: number;
    queueRecords: number;
    queueBytes: number;
    readerBufferBytes: number;
    idleStopMs: number;
    maxSessions: number;
    maxSessionsPerClient: number;
  };
  efo: { consumerName: string; releaseAfterMs: number };
  search: {
    callsPerSecond: number;
    concurrency: number;
    batchLimit: number;
    maxMs: number;
    maxBytes: number;
    bufferBytes: number;
  };
  /** Endpoint overrides as the SDK reads them; undefined means the regional AWS endpoint. */
  kinesisEndpoint?: string;
  cloudwatchEndpoint?: string;
  metricsTtlMs: number;
  cloudwatchDisabled: boolean;
  monitor: {
    thresholds: { iteratorAgeWarnMs: number; iteratorAgeCritMs: number; throttleWarn: number; throttleCrit: number };
    maxStreams: number;
  };
  /** Extra hosts (lower case, optionally with :port) besides loopback on the listening port. */
  allowedHosts: string[];
  /** Set when SHARDSCOPE_SECRET is; otherwise a random key is made per process. */
  secret?: string;
  /** SHARDSCOPE_TARGETS_FILE: where the targets come from; unset, they are discovered. */
  targetsFile?: string;
  /** SHARDSCOPE_MASK_HASH_KEY; otherwise masking hashes with a random key made per process. */
  maskHashKey?: string;
  logLevel: LogLevel;
  /** The separate metrics listener (SHARDSCOPE_METRICS_PORT), when one is configured. */
  metricsListener?: { host: string; port: number };
  /** SHARDSCOPE_SCHEMA_DIR, made absolute. */
  schemaDir: string;
  consumers: {
    /** Lease tables named in configuration (discovery is off when any are), with the stream pinned when given. */
    leaseTables?: { table: string; stream?: string }[];
    lagWarnMs: number;
    lagCritMs: number;
    stallMs: number;
    expiryMarginMs: number;
    refreshMs: number;
  };
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): ServerConfig {
  // Empty strings count as unset, as in a shell `FOO= npm start`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new ConfigError(`Invalid Shardscope configuration:\n${problems}`);
  }
  const c = result.data;
  return {
    readOnly: c.SHARDSCOPE_READ_ONLY,
    describeRatePerSecond: c.SHARDSCOPE_DESCRIBE_RATE,
    describeConcurrency: c.SHARDSCOPE_DESCRIBE_CONCURRENCY,
    listTtlMs: c.SHARDSCOPE_LIST_TTL_SECONDS * 1000,
    summaryTtlMs: c.SHARDSCOPE_SUMMARY_TTL_SECONDS * 1000,
    browseMaxCalls: c.SHARDSCOPE_BROWSE_MAX_CALLS,
    tail: {
      callsPerSecond: c.SHARDSCOPE_TAIL_CALLS_PER_SECOND,
      // The hard cap is whole calls per second, and never below the caught-up pace.
      maxCallsPerSecond: Math.max(Math.ceil(c.SHARDSCOPE_TAIL_CALLS_PER_SECOND), c.SHARDSCOPE_TAIL_MAX_CALLS_PER_SECOND),
      queueRecords: c.SHARDSCOPE_TAIL_QUEUE_RECORDS,
      queueBytes: c.SHARDSCOPE_TAIL_QUEUE_BYTES,
      readerBufferBytes: c.SHARDSCOPE_TAIL_READER_BUFFER_BYTES,
      idleStopMs: c.SHARDSCOPE_TAIL_IDLE_STOP_MS,
      maxSessions: c.SHARDSCOPE_TAIL_MAX_SESSIONS,
      maxSessionsPerClient: c.SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT,
    },
    search: {
      callsPerSecond: c.SHARDSCOPE_SEARCH_CALLS_PER_SECOND,
      concurrency: c.SHARDSCOPE_SEARCH_CONCURRENCY,
      batchLimit: c.SHARDSCOPE_SEARCH_BATCH_LIMIT,
      maxMs: c.SHARDSCOPE_SEARCH_MAX_SECONDS * 1000,
      maxBytes: c.SHARDSCOPE_SEARCH_MAX_BYTES,
      bufferBytes: c.SHARDSCOPE_SEARCH_BUFFER_MB * 1024 * 1024,
    },
    efo: {
      consumerName:
        c.SHARDSCOPE_EFO_CONSUMER_NAME ??
        `shardscope-${hostname()
          .replace(/[^a-zA-Z0-9_.-]/g, "-")
          .slice(0, 100)}`,
      releaseAfterMs: c.SHARDSCOPE_EFO_RELEASE_SECONDS * 1000,
    },
    kinesisEndpoint: c.AWS_ENDPOINT_URL_KINESIS ?? c.AWS_ENDPOINT_URL,
    cloudwatchEndpoint: c.AWS_ENDPOINT_URL_CLOUDWATCH ?? c.AWS_ENDPOINT_URL,
    metricsTtlMs: c.SHARDSCOPE_METRICS_TTL_SECONDS * 1000,
    cloudwatchDisabled: c.SHARDSCOPE_CLOUDWATCH_DISABLED,
    monitor: monitorSettings(c),
    allowedHosts: c.SHARDSCOPE_ALLOWED_HOSTS,
    secret: c.SHARDSCOPE_SECRET,
    targetsFile: c.SHARDSCOPE_TARGETS_FILE,
    maskHashKey: c.SHARDSCOPE_MASK_HASH_KEY,
    schemaDir: path.resolve(c.SHARDSCOPE_SCHEMA_DIR ?? path.join(".shardscope", "schemas")),
    consumers: consumerSettings(c),
    logLevel: c.SHARDSCOPE_LOG_LEVEL ?? "info",
    metricsListener: metricsListenerSettings(c),
  };
}

function metricsListenerSettings(c: z.infer<typeof schema>): ServerConfig["metricsListener"] {
  if (c.SHARDSCOPE_METRICS_PORT === undefined) return undefined;
  const appPort = Number(c.PORT || 3000);
  if (c.SHARDSCOPE_METRICS_PORT === appPort) {
    throw new ConfigError(
      `Invalid Shardscope configuration:\n  SHARDSCOPE_METRICS_PORT: ${appPort} is the app's own port (PORT); the metrics listener needs a port of its own`,
    );
  }
  return { host: c.SHARDSCOPE_METRICS_HOST ?? "127.0.0.1", port: c.SHARDSCOPE_METRICS_PORT };
}

function consumerSettings(c: z.infer<typeof schema>): ServerConfig["consumers"] {
  const problems: string[] = [];
  if (c.SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS > c.SHARDSCOPE_CONSUMER_LAG_CRIT_SECONDS) {
    problems.push("  SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS must not exceed SHARDSCOPE_CONSUMER_LAG_CRIT_SECONDS");
  }
  let leaseTables: { table: string; stream?: string }[] | undefined;
  if (c.SHARDSCOPE_KCL_LEASE_TABLES !== undefined) {
    leaseTables = [];
    for (const entry of c.SHARDSCOPE_KCL_LEASE_TABLES.split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [table = "", stream, ...rest] = entry.split("=").map((p) => p.trim());
      // DynamoDB table names: 3-255 of [a-zA-Z0-9_.-]; Kinesis stream names: 1-128 of the same.
      if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(table) || rest.length > 0 || (stream !== undefined && !/^[a-zA-Z0-9_.-]{1,128}$/.test(stream))) {
        problems.push(`  SHARDSCOPE_KCL_LEASE_TABLES: "${entry.slice(0, 80)}" is not \`table\` or \`table=stream\` (DynamoDB table and Kinesis stream names)`);
        continue;
      }
      leaseTables.push(stream ? { table, stream } : { table });
    }
  }
  if (problems.length > 0) throw new ConfigError(`Invalid Shardscope configuration:\n${problems.join("\n")}`);
  return {
    leaseTables,
    lagWarnMs: c.SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS * 1000,
    lagCritMs: c.SHARDSCOPE_CONSUMER_LAG_CRIT_SECONDS * 1000,
    stallMs: c.SHARDSCOPE_CONSUMER_STALL_SECONDS * 1000,
    expiryMarginMs: c.SHARDSCOPE_CONSUMER_EXPIRY_MARGIN_HOURS * 3_600_000,
    refreshMs: c.SHARDSCOPE_CONSUMERS_REFRESH_SECONDS * 1000,
  };
}

function monitorSettings(c: z.infer<typeof schema>): ServerConfig["monitor"] {
  const problems: string[] = [];
  if (c.SHARDSCOPE_MONITOR_ITERATOR_AGE_WARN_SECONDS > c.SHARDSCOPE_MONITOR_ITERATOR_AGE_CRIT_SECONDS) {
    problems.push("  SHARDSCOPE_MONITOR_ITERATOR_AGE_WARN_SECONDS must not exceed SHARDSCOPE_MONITOR_ITERATOR_AGE_CRIT_SECONDS");
  }
  if (c.SHARDSCOPE_MONITOR_THROTTLE_WARN > c.SHARDSCOPE_MONITOR_THROTTLE_CRIT) {
    problems.push("  SHARDSCOPE_MONITOR_THROTTLE_WARN must not exceed SHARDSCOPE_MONITOR_THROTTLE_CRIT");
  }
  if (problems.length > 0) throw new ConfigError(`Invalid Shardscope configuration:\n${problems.join("\n")}`);
  return {
    thresholds: {
      iteratorAgeWarnMs: c.SHARDSCOPE_MONITOR_ITERATOR_AGE_WARN_SECONDS * 1000,
      iteratorAgeCritMs: c.SHARDSCOPE_MONITOR_ITERATOR_AGE_CRIT_SECONDS * 1000,
      throttleWarn: c.SHARDSCOPE_MONITOR_THROTTLE_WARN,
      throttleCrit: c.SHARDSCOPE_MONITOR_THROTTLE_CRIT,
    },
    maxStreams: Math.floor(c.SHARDSCOPE_MONITOR_MAX_STREAMS),
  };
}

let cached: ServerConfig | undefined;

export function getConfig(): ServerConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
