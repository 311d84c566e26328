// One record's query: its shard, the decoder, and whether to send it whole rather than a preview.
// The sequence number is in the path. Shared by the route (which enforces it) and the browser.
import { z } from "zod";
import { sequenceNumberSchema, shardIdSchema } from "@/lib/http/params";
import { DECODER_NAMES } from "@/lib/records/types";

export const recordQuerySchema = z.object({
  shardId: shardIdSchema,
  decoder: z.enum(DECODER_NAMES, { error: `decoder must be one of ${DECODER_NAMES.join(", ")}.` }).default("auto"),
  full: z.enum(["0", "1"], { error: "full must be 0 or 1." }).default("0"),
});

export type RecordQuery = z.infer<typeof recordQuerySchema>;

/** The sequence number in the path, with the input rules of every other sequence number. */
export const recordSequenceSchema = sequenceNumberSchema;
