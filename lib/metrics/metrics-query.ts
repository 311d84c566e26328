// Input rules of the metrics and monitor endpoints, shared by the route handlers (which enforce
// them) and the pages (which build URLs with them).
import { z } from "zod";
import { MAX_AGE_SECONDS, RANGE_KEYS, type RangeKey } from "@/lib/metrics/period";
import { decimalIntegerParam, parseTimestamp, shardIdSchema, streamNameSchema, timestampMessage } from "@/lib/http/params";
import { isRegionName, isTargetName, parseStreamRef, type StreamRef } from "@/lib/targets/scope";

const FUTURE_SKEW_MS = 60_000;
export const MAX_SHARDS_PER_REQUEST = 500;
export const MAX_MONITOR_STREAMS = 1000;
export const METRICS_RANGES = [...RANGE_KEYS, "custom"] as const;
export const MONITOR_RANGES = ["15m", "1h", "3h", "12h", "1d"] as const satisfies readonly RangeKey[];

const timestamp = (field: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const d = parseTimestamp(v);
      if (!d) {
        ctx.addIssue({ code: "custom", message: timestampMessage(v, `${field} must be`) });
        return z.NEVER;
      }
      return d;
    });

export type ShardSelection = { kind: "none" } | { kind: "open" } | { kind: "all" } | { kind: "ids"; ids: string[] };

const shardsParam = z
  .string()
  .optional()
  .transform((v, ctx): ShardSelection => {
    if (v === undefined || v === "" || v === "none") return { kind: "none" };
    if (v === "open" || v === "all") return { kind: v };
    const ids = [
      ...new Set(
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.length > MAX_SHARDS_PER_REQUEST) {
      ctx.addIssue({ code: "custom", message: `shards names at most ${MAX_SHARDS_PER_REQUEST} shard ids.` });
      return z.NEVER;
    }
    for (const id of ids) {
      const r = shardIdSchema.safeParse(id);
      if (!r.success) {
        ctx.addIssue({ code: "custom", message: `shards must be "open", "all", "none" or shard ids: ${r.error.issues[0]?.message ?? id}` });
        return z.NEVER;
      }
    }
    return { kind: "ids", ids };
  });

const periodParam = decimalIntegerParam("period", 1, 1e9, "a whole number of seconds written in digits, e.g. 300").optional();

export const metricsQuerySchema = z
  .object({
    range: z.enum(METRICS_RANGES, { error: `range must be one of ${METRICS_RANGES.join(", ")}.` }).default("1h"),
    start: timestamp("start"),
    end: timestamp("end"),
    period: periodParam,
    shards: shardsParam,
  })
  .superRefine((q, ctx) => {
    if (q.range !== "custom") {
      if (q.start || q.end) ctx.addIssue({ code: "custom", path: ["range"], message: "start and end go with range=custom." });
      return;
    }
    if (!q.start || !q.end) {
      ctx.addIssue({ code: "custom", path: ["range"], message: "range=custom needs both start and end." });
      return;
    }
    if (q.end.getTime() <= q.start.getTime()) ctx.addIssue({ code: "custom", path: ["end"], message: "end must be after start." });
    if (q.end.getTime() > Date.now() + FUTURE_SKEW_MS) ctx.addIssue({ code: "custom", path: ["end"], message: "end is in the future." });
    if (q.start.getTime() < Date.now() - MAX_AGE_SECONDS * 1000) {
      ctx.addIssue({ code: "custom", path: ["start"], message: "start is older than CloudWatch's 15-month retention." });
    }
  });

export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

const threshold = (field: string) =>
  z.coerce
    .number({ error: `${field} must be a number.` })
    .nonnegative(`${field} must not be negative.`)
    .max(1e9, `${field} is too large.`)
    .optional();

/** Why a `/monitor?streams=` entry is not a stream reference (stream, target:stream or target:region:stream), or undefined. */
function streamRefProblem(raw: string): string | undefined {
  let ref: StreamRef;
  try {
    ref = parseStreamRef(raw);
  } catch {
    return "is not a stream reference: name a stream, target:stream or target:region:stream.";
  }
  if (ref.target !== undefined && !isTargetName(ref.target)) return `names no possible target (“${ref.target.slice(0, 64)}”).`;
  if (ref.region !== undefined && !isRegionName(ref.region)) return `names no AWS region (“${ref.region.slice(0, 32)}”).`;
  const r = streamNameSchema.safeParse(ref.stream);
  return r.success ? undefined : `is not a stream name. ${r.error.issues[0]?.message ?? ""}`.trim();
}

export const monitorQuerySchema = z
  .object({
    streams: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "" || v === "all") return undefined;
        const names = [
          ...new Set(
            v
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ];
        if (names.length > MAX_MONITOR_STREAMS) {
          ctx.addIssue({ code: "custom", message: `streams names at most ${MAX_MONITOR_STREAMS} streams.` });
          return z.NEVER;
        }
        const refs: StreamRef[] = [];
        for (const n of names) {
          const problem = streamRefProblem(n);
          if (problem) {
            ctx.addIssue({ code: "custom", message: `streams: “${n.slice(0, 130)}” ${problem}` });
            return z.NEVER;
          }
          refs.push(parseStreamRef(n));
        }
        return refs;
      }),
    range: z.enum(MONITOR_RANGES, { error: `range must be one of ${MONITOR_RANGES.join(", ")}.` }).default("1h"),
    /** Seconds. */
    ageWarn: threshold("ageWarn"),
    ageCrit: threshold("ageCrit"),
    throttleWarn: threshold("throttleWarn"),
    throttleCrit: threshold("throttleCrit"),
  })
  .superRefine((q, ctx) => {
    if (q.ageWarn !== undefined && q.ageCrit !== undefined && q.ageWarn > q.ageCrit) {
      ctx.addIssue({ code: "custom", path: ["ageWarn"], message: "ageWarn must not exceed ageCrit." });
    }
    if (q.throttleWarn !== undefined && q.throttleCrit !== undefined && q.throttleWarn > q.throttleCrit) {
      ctx.addIssue({ code: "custom", path: ["throttleWarn"], message: "throttleWarn must not exceed throttleCrit." });
    }
  });

export type MonitorQuery = z.infer<typeof monitorQuerySchema>;
