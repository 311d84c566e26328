// The tail route's query: start position, shards, filter and decoder. Shared with the browser,
// which builds the same query from the URL of the Tail view.
import { z } from "zod";
import { DECODER_NAMES } from "@/lib/records/types";
import { TAIL_START_POSITIONS } from "@/lib/tail/types";
import { parseTimestamp, sequenceNumberSchema, shardIdSchema, timestampMessage } from "@/lib/http/params";

export const tailQuerySchema = z
  .object({
    from: z.enum(TAIL_START_POSITIONS, { error: `from must be one of ${TAIL_START_POSITIONS.join(", ")}.` }).default("LATEST"),
    at: z.string().max(200).optional(),
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
    regex: z
      .enum(["1", "0", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
    expr: z.string().max(1000).optional(),
    decoder: z.enum(DECODER_NAMES, { error: `decoder must be one of ${DECODER_NAMES.join(", ")}.` }).default("auto"),
    /** Enhanced fan-out instead of polling; `consumer` names a registered consumer to read through. */
    efo: z
      .enum(["1", "0", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
    consumer: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{1,128}$/, "Consumer names are 1–128 letters, digits, '_', '.' or '-'.")
      .optional(),
    /** `stats`: live metrics only — per-second stats, no records. */
    mode: z.enum(["records", "stats"], { error: "mode is records or stats." }).default("records"),
    /** For clients that cannot set the Last-Event-ID header. */
    lastEventId: z.string().max(200_000).optional(),
  })
  .superRefine((q, ctx) => {
    for (const id of q.shards) {
      const r = shardIdSchema.safeParse(id);
      if (!r.success) ctx.addIssue({ code: "custom", path: ["shards"], message: `“${id.slice(0, 40)}” is not a shard id.` });
    }
    if (q.from === "AT_TIMESTAMP") {
      const t = q.at ? parseTimestamp(q.at) : undefined;
      if (!t) ctx.addIssue({ code: "custom", path: ["at"], message: timestampMessage(q.at, "AT_TIMESTAMP needs `at`:") });
      else if (t.getTime() > Date.now() + 60_000) ctx.addIssue({ code: "custom", path: ["at"], message: `The timestamp ${t.toISOString()} is in the future.` });
    }
    if (q.from === "AT_SEQUENCE_NUMBER" || q.from === "AFTER_SEQUENCE_NUMBER") {
      if (!sequenceNumberSchema.safeParse(q.at ?? "").success) {
        ctx.addIssue({ code: "custom", path: ["at"], message: `${q.from} needs \`at\`: a sequence number (digits only).` });
      }
      if (q.shards.length !== 1) {
        ctx.addIssue({ code: "custom", path: ["shards"], message: "A sequence number belongs to one shard: choose exactly one shard." });
      }
    }
  })
  .transform((q) => ({ ...q, at: q.from === "AT_TIMESTAMP" && q.at ? parseTimestamp(q.at)?.toISOString() : q.at }));

export type TailQuery = z.infer<typeof tailQuerySchema>;
