// The search routes' query (SSE and NDJSON): a window, shards, the tail's filters, a maximum and a
// decoder. Shared with the browser, whose Search view keeps the same parameters in its URL.
import { z } from "zod";
import { DECODER_NAMES } from "@/lib/records/types";
import { parseTimestamp, sequenceNumberSchema, shardIdSchema, timestampMessage } from "@/lib/http/params";
import { SEARCH_START_POSITIONS } from "./types";

/** The most matches one search may return; `max` defaults to DEFAULT_SEARCH_MAX. */
export const SEARCH_MAX_LIMIT = 100_000;
export const DEFAULT_SEARCH_MAX = 1_000;

const flag = z
  .enum(["1", "0", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

export const searchQuerySchema = z
  .object({
    from: z.enum(SEARCH_START_POSITIONS, { error: `from must be one of ${SEARCH_START_POSITIONS.join(", ")}.` }).default("TRIM_HORIZON"),
    at: z.string().max(200).optional(),
    /** The window's end: a time, or `now` (the moment the search starts). */
    until: z.string().max(200).optional(),
    shards: z
      .string()
      .max(20_000)
      .optional()
      .transform((s) =>
        s
          ? s
              .split(",")
              .map((x) => x.trim())
              .filter(Boolean)
          : [],
      ),
    key: z.string().max(1000).optional(),
    keyMode: z.enum(["exact", "prefix"]).default("exact"),
    q: z.string().max(1000).optional(),
    regex: flag,
    expr: z.string().max(1000).optional(),
    decoder: z.enum(DECODER_NAMES, { error: `decoder must be one of ${DECODER_NAMES.join(", ")}.` }).default("auto"),
    max: z
      .string()
      .regex(/^\d{1,7}$/, `max must be a whole number from 1 to ${SEARCH_MAX_LIMIT}.`)
      .optional()
      .transform((v, ctx) => {
        const n = v === undefined ? DEFAULT_SEARCH_MAX : Number(v);
        if (n < 1 || n > SEARCH_MAX_LIMIT)
          ctx.addIssue({ code: "custom", path: ["max"], message: `max must be a whole number from 1 to ${SEARCH_MAX_LIMIT}.` });
        return n;
      }),
  })
  .superRefine((q, ctx) => {
    for (const id of q.shards) {
      const r = shardIdSchema.safeParse(id);
      if (!r.success) ctx.addIssue({ code: "custom", path: ["shards"], message: `“${id.slice(0, 40)}” is not a shard id.` });
    }
    const now = Date.now();
    let start: Date | undefined;
    if (q.from === "AT_TIMESTAMP") {
      start = q.at ? parseTimestamp(q.at) : undefined;
      if (!start) ctx.addIssue({ code: "custom", path: ["at"], message: timestampMessage(q.at, "AT_TIMESTAMP needs `at`:") });
      else if (start.getTime() > now + 60_000)
        ctx.addIssue({ code: "custom", path: ["at"], message: `The window starts at ${start.toISOString()}, in the future.` });
    }
    if (q.from === "AT_SEQUENCE_NUMBER") {
      if (!sequenceNumberSchema.safeParse(q.at ?? "").success) {
        ctx.addIssue({ code: "custom", path: ["at"], message: "AT_SEQUENCE_NUMBER needs `at`: a sequence number (digits only)." });
      }
      if (q.shards.length !== 1) {
        ctx.addIssue({ code: "custom", path: ["shards"], message: "A sequence number belongs to one shard: choose exactly one shard." });
      }
    }
    if (q.until !== undefined && q.until.trim() !== "" && q.until.trim() !== "now") {
      const end = parseTimestamp(q.until);
      if (!end) ctx.addIssue({ code: "custom", path: ["until"], message: timestampMessage(q.until, "until is `now` or") });
      else if (start && end.getTime() <= start.getTime()) {
        ctx.addIssue({ code: "custom", path: ["until"], message: `The window ends (${end.toISOString()}) before it starts (${start.toISOString()}).` });
      }
    }
  })
  .transform((q) => {
    const until = q.until?.trim();
    return {
      ...q,
      at: q.from === "AT_TIMESTAMP" && q.at ? parseTimestamp(q.at)?.toISOString() : q.at,
      /** ISO 8601; undefined for "now" (the moment the search starts). */
      until: until && until !== "now" ? parseTimestamp(until)?.toISOString() : undefined,
    };
  });

export type SearchQuery = z.infer<typeof searchQuerySchema>;
