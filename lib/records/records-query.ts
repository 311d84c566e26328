// The record browser's query: shard, start position, page size, cursor and decoder. Shared by the
// route (which enforces it) and the record browser (which builds it).
import { z } from "zod";
import { decimalIntegerParam, parseTimestamp, sequenceNumberSchema, shardIdSchema, timestampMessage } from "@/lib/http/params";
import { DECODER_NAMES, START_POSITIONS } from "@/lib/records/types";

/** Allowed clock skew when checking that a timestamp is not in the future. */
const FUTURE_SKEW_MS = 60_000;

export const recordsQuerySchema = z
  .object({
    shardId: shardIdSchema,
    from: z.enum(START_POSITIONS, { error: `from must be one of ${START_POSITIONS.join(", ")}.` }).default("TRIM_HORIZON"),
    at: z.string().optional(),
    limit: decimalIntegerParam("limit", 1, 1000).default(100),
    cursor: z.string().max(8192, "The cursor is too long.").optional(),
    decoder: z.enum(DECODER_NAMES, { error: `decoder must be one of ${DECODER_NAMES.join(", ")}.` }).default("auto"),
  })
  .superRefine((q, ctx) => {
    if (q.cursor) return;
    if (q.from === "AT_TIMESTAMP") {
      const t = q.at ? parseTimestamp(q.at) : undefined;
      if (t === undefined) {
        ctx.addIssue({ code: "custom", path: ["at"], message: timestampMessage(q.at, "AT_TIMESTAMP needs `at`:") });
      } else if (t.getTime() > Date.now() + FUTURE_SKEW_MS) {
        ctx.addIssue({ code: "custom", path: ["at"], message: `The timestamp ${t.toISOString()} is in the future.` });
      }
    }
    if (q.from === "AT_SEQUENCE_NUMBER" || q.from === "AFTER_SEQUENCE_NUMBER") {
      const r = sequenceNumberSchema.safeParse(q.at ?? "");
      if (!r.success) {
        ctx.addIssue({ code: "custom", path: ["at"], message: `${q.from} needs \`at\`: ${r.error.issues[0]?.message ?? "a sequence number"}` });
      }
    }
  })
  .transform((q) => ({
    ...q,
    // Normalize timestamps so the server sends Kinesis one unambiguous form.
    at: q.from === "AT_TIMESTAMP" && q.at ? parseTimestamp(q.at)?.toISOString() : q.at,
  }));

export type RecordsQuery = z.infer<typeof recordsQuerySchema>;
