// A record typed as JSON, checked against a schema and serialized as the schema's format says:
// Avro binary (avsc), or JSON text checked with a JSON Schema validator (ajv), as the Glue Schema
// Registry's serdes write them. A value that breaks the schema is refused with the field named.
import avro from "avsc";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { GlueDataFormat } from "./types";

export type Serialized = { ok: true; bytes: Uint8Array } | { ok: false; field?: string; message: string };

/** A schema ready to serialize with: compiled once, used for every record of a request. */
export interface CompiledSchema {
  dataFormat: GlueDataFormat;
  serialize(value: unknown): Serialized;
}

/** Compiles a Glue schema definition; throws an Error with a message for a person when it does not compile. */
export function compileSchema(dataFormat: GlueDataFormat, definition: string): CompiledSchema {
  if (dataFormat === "AVRO") return compileAvro(definition);
  if (dataFormat === "JSON") return compileJsonSchema(definition);
  throw new Error(
    "Writing records with a Protobuf schema from the registry is not supported: type the record as JSON against an Avro or JSON Schema schema, or put the Protobuf bytes as base64.",
  );
}

/** `a.b[2].c` from a path of names and indexes; `(root)` for the whole record. */
function fieldPath(parts: (string | number)[]): string {
  let out = "";
  for (const p of parts) out += typeof p === "number" || /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || "(root)";
}

function describeValue(v: unknown): string {
  if (v === undefined) return "missing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

function avroTypeName(type: avro.Type): string {
  const name = type.typeName;
  return name === "record" || name === "enum" || name === "fixed" ? `${name} ${type.name ?? ""}`.trim() : name;
}

export function compileAvro(definition: string): CompiledSchema {
  const type = avro.Type.forSchema(JSON.parse(definition) as avro.Schema, { wrapUnions: "auto" });
  return {
    dataFormat: "AVRO",
    serialize(value) {
      if (type.typeName === "record" && (typeof value !== "object" || value === null || Array.isArray(value))) {
        return { ok: false, field: "(root)", message: `The record is ${describeValue(value)}, but the schema wants a JSON object (${avroTypeName(type)}).` };
      }
      let problem: { path: string[]; value: unknown; type: avro.Type } | undefined;
      const valid = type.isValid(value, {
        errorHook(path, val, t) {
          problem ??= { path: [...path], value: val, type: t };
        },
      });
      if (!valid) {
        const field = fieldPath(problem?.path ?? []);
        const expected = problem ? avroTypeName(problem.type) : avroTypeName(type);
        return {
          ok: false,
          field,
          message: `${field === "(root)" ? "The record" : `Field ${field}`} is ${describeValue(problem?.value)}, but the schema wants ${expected}.`,
        };
      }
      try {
        return { ok: true, bytes: new Uint8Array(type.toBuffer(value)) };
      } catch (e) {
        return { ok: false, message: `The record does not fit the schema: ${(e as Error).message.slice(0, 200)}` };
      }
    },
  };
}

export function compileJsonSchema(definition: string): CompiledSchema {
  const schema = JSON.parse(definition) as Record<string, unknown>;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw new Error("The JSON Schema is not a JSON object.");
  // Glue accepts draft-04 to draft-07 schemas; the keywords records use mean the same in each, so
  // the declared dialect is not enforced.
  const { $schema: _dialect, ...rest } = schema;
  const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
  const validate: ValidateFunction = ajv.compile(rest);
  return {
    dataFormat: "JSON",
    serialize(value) {
      if (!validate(value)) {
        const err: ErrorObject | undefined = validate.errors?.[0];
        const parts = (err?.instancePath ?? "")
          .split("/")
          .filter(Boolean)
          .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
        if (err?.keyword === "required" && typeof err.params.missingProperty === "string") parts.push(err.params.missingProperty);
        const field = fieldPath(parts);
        const allowed =
          err?.keyword === "enum" && Array.isArray(err.params.allowedValues) ? `: ${err.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}` : "";
        return {
          ok: false,
          field,
          message: `${field === "(root)" ? "The record" : `Field ${field}`}: ${err?.message ?? "does not match the schema"}${allowed}.`,
        };
      }
      return { ok: true, bytes: new TextEncoder().encode(JSON.stringify(value)) };
    },
  };
}
