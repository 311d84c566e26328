// The body of `POST /api/streams/{name}/records`, checked whole before anything is written: the
// shape with zod, then each record's rules, then PutRecords' per-call limits. Any problem makes
// the whole request invalid, and every bad record is named.
import { z } from "zod";
import { DATA_ENCODINGS, PUT_LIMITS } from "./limits";
import { prepareRecord, type PreparedRecord } from "./prepare-record";
import { putSchemaChoiceSchema } from "@/lib/schemas/types";

export const putRecordInputSchema = z.object({
  partitionKey: z.string({ error: "partitionKey must be a string." }),
  explicitHashKey: z.string({ error: "explicitHashKey must be a string of decimal digits." }).optional(),
  data: z.string({ error: "data must be a string, written as `encoding` says." }),
  encoding: z.enum(DATA_ENCODINGS, { error: `encoding must be one of ${DATA_ENCODINGS.join(", ")}.` }).default("text"),
});

export const putRecordsRequestSchema = z.object(
  {
    records: z
      .array(putRecordInputSchema, { error: "records must be an array of records." })
      .min(1, "records is empty: send at least one record.")
      .max(PUT_LIMITS.requestMaxRecords, `At most ${PUT_LIMITS.requestMaxRecords} records can be sent in one request.`),
    /** Write each record's JSON data with this Glue Schema Registry schema version, GSR-encoded (the server serializes it; lib/server/schemas/put-with-schema.ts). */
    schema: putSchemaChoiceSchema.optional(),
  },
  { error: "The body must be a JSON object: { records: [...] }." },
);

export type PutRecordsRequest = z.input<typeof putRecordsRequestSchema>;

/** One thing wrong with a request; `index` is the record's 0-based position in `records`. */
export interface RecordProblem {
  index?: number;
  field?: string;
  message: string;
}

export type ParsedPutRequest = { ok: true; records: PreparedRecord[] } | { ok: false; problems: RecordProblem[] };

/** `maxRecordBytes`: the stream's maximum record size in bytes (see prepareRecord). */
export function parsePutRecordsRequest(body: unknown, maxRecordBytes: number = PUT_LIMITS.recordDataMaxBytes): ParsedPutRequest {
  const shape = putRecordsRequestSchema.safeParse(body);
  if (!shape.success) {
    return {
      ok: false,
      problems: shape.error.issues.map((issue) => {
        const [top, index, field] = issue.path;
        return top === "records" && typeof index === "number"
          ? { index, field: typeof field === "string" ? field : undefined, message: issue.message }
          : { message: issue.message };
      }),
    };
  }

  const problems: RecordProblem[] = [];
  const records: PreparedRecord[] = [];
  shape.data.records.forEach((input, index) => {
    const r = prepareRecord(input, maxRecordBytes);
    if (r.ok) records.push(r.record);
    else for (const p of r.problems) problems.push({ index, field: p.field, message: p.message });
  });
  if (problems.length > 0) return { ok: false, problems };

  const total = records.reduce((sum, r) => sum + r.size, 0);
  if (total > PUT_LIMITS.requestMaxBytes) {
    return {
      ok: false,
      problems: [
        {
          message: `The records add up to ${total.toLocaleString("en-US")} bytes (data and partition keys); one request holds at most 10 MiB (${PUT_LIMITS.requestMaxBytes.toLocaleString("en-US")} bytes).`,
        },
      ],
    };
  }
  return { ok: true, records };
}

/** One paragraph for a person: how many records are bad and the first few problems. */
export function describeProblems(problems: RecordProblem[], shown = 10): string {
  const bad = new Set(problems.filter((p) => p.index !== undefined).map((p) => p.index));
  const head =
    bad.size > 0
      ? `${bad.size === 1 ? "1 record is" : `${bad.size} records are`} invalid, so nothing was written.`
      : "The request is invalid, so nothing was written.";
  const lines = problems.slice(0, shown).map((p) => (p.index === undefined ? p.message : `records[${p.index}]${p.field ? `.${p.field}` : ""}: ${p.message}`));
  const more = problems.length > shown ? ` (and ${problems.length - shown} more problems)` : "";
  return `${head} ${lines.join(" ")}${more}`;
}
