import "server-only";
// Records typed as JSON and written with a Glue Schema Registry schema: the version is fetched
// from Glue, each record's JSON checked against it and serialized (Avro binary or JSON text), then
// framed as the AWS serde frames it (lib/records/encode/gsr.ts). What comes out is an ordinary
// put request (base64 data), checked by the same rules as any other before anything is written.
import { checkJson } from "@/lib/put/json-check";
import type { RecordProblem } from "@/lib/put/put-request";
import { describeProblems } from "@/lib/put/put-request";
import { encodeGsr } from "@/lib/records/encode/gsr";
import { compileSchema, type CompiledSchema } from "@/lib/schemas/serialize-with-schema";
import { putSchemaChoiceSchema } from "@/lib/schemas/types";
import { AppError } from "@/lib/server/errors";
import type { Scope } from "@/lib/server/targets/scope";
import { schemaVersionToWrite } from "./glue-registry";

/** Whether a put request body asks for records to be written with a registry schema. */
export function wantsSchema(body: unknown): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && "schema" in body && (body as { schema?: unknown }).schema !== undefined;
}

/**
 * The body with each record's data serialized with the schema and GSR-framed, as base64; `schema`
 * removed. Bad JSON or a value the schema refuses: invalid_input naming each record and field.
 */
export async function applySchema(scope: Scope, body: unknown): Promise<unknown> {
  const { schema: rawChoice, records, ...rest } = body as { schema: unknown; records?: unknown };
  const choice = putSchemaChoiceSchema.safeParse(rawChoice);
  if (!choice.success)
    throw new AppError("invalid_input", `schema: ${choice.error.issues.map((i) => `${i.path.join(".") || "schema"}: ${i.message}`).join(" ")}`);
  if (!Array.isArray(records)) return { records, ...rest }; // the ordinary rules name this problem
  const { registry, name, version, compression } = choice.data;

  // Shape problems first (no Glue call for a request that is bad anyway).
  const problems: RecordProblem[] = [];
  records.forEach((r, index) => {
    const rec = r as { data?: unknown; encoding?: unknown } | null;
    if (typeof rec !== "object" || rec === null || typeof rec.data !== "string") return; // the ordinary rules name it
    if (rec.encoding !== undefined && rec.encoding !== "text" && rec.encoding !== "json") {
      problems.push({ index, field: "encoding", message: "With a schema, type the record as JSON (encoding text or json)." });
    }
  });
  if (problems.length > 0) throw new AppError("invalid_input", describeProblems(problems), problems);

  const target = await schemaVersionToWrite(scope, registry, name, version);
  let compiled: CompiledSchema;
  try {
    compiled = compileSchema(target.dataFormat, target.definition);
  } catch (e) {
    throw new AppError("invalid_input", `Version ${version} of ${registry}/${name} cannot be used: ${(e as Error).message.slice(0, 300)}`);
  }

  const out = records.map((r, index) => {
    const rec = r as { data?: unknown; encoding?: unknown } | null;
    if (typeof rec !== "object" || rec === null || typeof rec.data !== "string") return r;
    const parsed = checkJson(rec.data);
    if (!parsed.ok) {
      problems.push({ index, field: "data", message: `The record is not valid JSON: ${parsed.message}.` });
      return r;
    }
    const serialized = compiled.serialize(parsed.value);
    if (!serialized.ok) {
      problems.push({ index, field: "data", message: serialized.message });
      return r;
    }
    const framed = encodeGsr(serialized.bytes, target.versionId, compression);
    return { ...rec, data: Buffer.from(framed).toString("base64"), encoding: "base64" };
  });
  if (problems.length > 0) throw new AppError("invalid_input", describeProblems(problems), problems);
  return { ...rest, records: out };
}
