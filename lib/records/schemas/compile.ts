// Compiles a schema (Avro, Protobuf, JSON Schema) once into something that decodes payloads
// synchronously, so the decoder chain stays synchronous: the server fetches and compiles ahead
// (Glue by version id, a stream's attached file), the chain only looks compiled schemas up.
import avro from "avsc";
import protobuf from "protobufjs";
// Adds Root.fromDescriptor (compiled descriptor sets).
import "protobufjs/ext/descriptor.js";
import type { SchemaFormat, SchemaInfo } from "../types";
import { MAX_VALUE_DEPTH, MAX_VALUE_NODES, plainValue } from "./plain-value";

export type Framing = "gsr" | "confluent" | "raw";

export type SchemaDecodeResult = { ok: true; value: unknown } | { ok: false; reason: string };

export interface CompiledSchema {
  info: SchemaInfo;
  format: SchemaFormat;
  /** The schema as its author wrote it (for a descriptor set: the message types it holds). */
  text: string;
  /** Never throws. */
  decode(payload: Uint8Array, framing: Framing): SchemaDecodeResult;
}

export interface SchemaSourceText {
  format: SchemaFormat;
  info: SchemaInfo;
  /** .avsc JSON, .proto text, or a JSON Schema. */
  text?: string;
  /** A compiled FileDescriptorSet (protoc --descriptor_set_out), instead of .proto text. */
  descriptorSet?: Uint8Array;
  /** Protobuf: the message type records hold, when the framing does not say (a file attached to a stream). */
  messageType?: string;
}

export type CompileResult = { ok: true; schema: CompiledSchema } | { ok: false; reason: string };

/** Schema texts larger than this are refused (Glue allows 170,000 characters). */
export const MAX_SCHEMA_TEXT = 512 * 1024;

export function compileSchema(source: SchemaSourceText): CompileResult {
  try {
    if ((source.text?.length ?? 0) > MAX_SCHEMA_TEXT) return { ok: false, reason: `the schema is longer than ${MAX_SCHEMA_TEXT} characters` };
    switch (source.format) {
      case "avro":
        return compileAvro(source);
      case "protobuf":
        return compileProtobuf(source);
      case "jsonschema":
        return compileJsonSchema(source);
    }
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
}

// --- Avro ---------------------------------------------------------------------------------------

// Longs as BigInt, so values past 2^53 are not refused or rounded; plainValue turns safe ones
// back into numbers and the rest into decimal strings.
const BigIntLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (n: number | string) => BigInt(n),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === "bigint",
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

function compileAvro(source: SchemaSourceText): CompileResult {
  if (source.text === undefined) return { ok: false, reason: "an Avro schema needs its text" };
  const parsed = JSON.parse(source.text) as avro.Schema;
  const type = avro.Type.forSchema(parsed, { registry: { long: BigIntLong }, wrapUnions: "auto" });
  return {
    ok: true,
    schema: {
      info: source.info,
      format: "avro",
      text: source.text,
      decode(payload) {
        try {
          // avsc trusts an array's or a map's item count: five bytes claiming a billion items
          // would run the process out of memory. Walked first, with bounds, before avsc reads it.
          checkAvroDatum(type, payload);
          // fromBuffer refuses trailing bytes: a payload must be exactly one datum.
          return { ok: true, value: plainValue(type.fromBuffer(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength))) };
        } catch (error) {
          return { ok: false, reason: `not Avro data of this schema (${messageOf(error)})` };
        }
      },
    },
  };
}

interface AvroTypeShape {
  typeName: string;
  fields?: { type: AvroTypeShape }[];
  itemsType?: AvroTypeShape;
  valuesType?: AvroTypeShape;
  types?: AvroTypeShape[];
  symbols?: string[];
  size?: number;
  underlyingType?: AvroTypeShape;
}

/**
 * Walks one Avro datum of `type` in `bytes` without building it, refusing what avsc would choke on:
 * a length or count past the bytes there are, more than MAX_VALUE_NODES items in all, nesting
 * deeper than MAX_VALUE_DEPTH (a recursive schema), a union branch or enum index out of range.
 */
export function checkAvroDatum(root: unknown, bytes: Uint8Array): void {
  let pos = 0;
  let items = 0;
  const fail = (why: string): never => {
    throw new Error(why);
  };
  const need = (n: number) => {
    if (n < 0 || pos + n > bytes.length) fail("truncated data");
    pos += n;
  };
  const readLong = (): number => {
    const first = bytes[pos];
    if (first !== undefined && first < 0x80) {
      pos++;
      return first % 2 === 0 ? first / 2 : -(first + 1) / 2;
    }
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const b = bytes[pos++];
      if (b === undefined) return fail("truncated data");
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    }
    return fail("a varint longer than 10 bytes");
  };
  const count = (n: number) => {
    items += n;
    if (items > MAX_VALUE_NODES) fail(`it holds more than ${MAX_VALUE_NODES.toLocaleString("en")} items`);
  };
  const walk = (t: AvroTypeShape, depth: number): void => {
    if (depth > MAX_VALUE_DEPTH) fail(`it nests deeper than ${MAX_VALUE_DEPTH} levels`);
    const name = KIND_OF[t.typeName] ?? (t.typeName.startsWith("logical:") ? "logical" : t.typeName);
    switch (name) {
      case "null":
        return;
      case "boolean":
        return need(1);
      case "int":
      case "long":
      case "abstract:long":
        readLong();
        return;
      case "float":
        return need(4);
      case "double":
        return need(8);
      case "bytes":
      case "string":
        return need(readLong());
      case "fixed":
        return need(t.size ?? 0);
      case "enum": {
        const i = readLong();
        if (i < 0 || i >= (t.symbols?.length ?? 0)) fail(`enum index ${i} out of range`);
        return;
      }
      case "union": {
        const i = readLong();
        const branch = t.types?.[i];
        if (!branch) return fail(`union branch ${i} out of range`);
        return walk(branch, depth + 1);
      }
      case "record":
      case "error":
        for (const f of t.fields ?? []) walk(f.type, depth + 1);
        return;
      case "array":
      case "map":
        for (;;) {
          let n = readLong();
          if (n === 0) return;
          if (n < 0) {
            n = -n;
            readLong(); // the block's size in bytes
          }
          count(n);
          for (let i = 0; i < n; i++) {
            if (name === "map") need(readLong());
            walk((name === "map" ? t.valuesType : t.itemsType)!, depth + 1);
          }
        }
      case "logical":
        return walk(t.underlyingType!, depth);
      default:
        // A type this walk does not know: leave it to avsc rather than refuse good data.
        throw new UnknownAvroType();
    }
  };
  try {
    walk(root as AvroTypeShape, 0);
  } catch (error) {
    if (error instanceof UnknownAvroType) return;
    throw error;
  }
}

class UnknownAvroType extends Error {}

const KIND_OF: Record<string, string> = { "union:unwrapped": "union", "union:wrapped": "union" };

// --- Protobuf -----------------------------------------------------------------------------------

function compileProtobuf(source: SchemaSourceText): CompileResult {
  let root: protobuf.Root;
  let text: string;
  if (source.descriptorSet) {
    root = protobuf.Root.fromDescriptor(source.descriptorSet, { keepCase: true });
    text = source.text ?? describeRoot(root);
  } else {
    if (source.text === undefined) return { ok: false, reason: "a Protobuf schema needs its .proto text or a descriptor set" };
    // A descriptor set may also come as protobufjs's JSON form of it (what the schema store keeps).
    root = source.text.trimStart().startsWith("{")
      ? protobuf.Root.fromJSON(JSON.parse(source.text) as protobuf.INamespace)
      : protobuf.parse(source.text, { keepCase: true }).root;
    text = source.text;
  }
  root.resolveAll();
  const indexed = gsrMessageIndex(root);
  if (indexed.length === 0) return { ok: false, reason: "the schema defines no message type" };
  let fixed: protobuf.Type | undefined;
  if (source.messageType) {
    fixed = findType(root, source.messageType);
    if (!fixed) return { ok: false, reason: `the schema has no message type ${source.messageType}` };
  }
  const first = topLevelTypes(root)[0];

  return {
    ok: true,
    schema: {
      info: source.info,
      format: "protobuf",
      text,
      decode(payload, framing) {
        try {
          let type: protobuf.Type | undefined = fixed;
          let at = 0;
          if (framing === "gsr") {
            const index = readVarint(payload, 0);
            at = index.next;
            type = indexed[index.value];
            if (!type) return { ok: false, reason: `the message index ${index.value} names no message type of this schema (it has ${indexed.length})` };
          } else if (framing === "confluent") {
            const path = readConfluentIndexes(payload);
            at = path.next;
            type = fixed ?? typeAtPath(root, path.indexes);
            if (!type) return { ok: false, reason: `the message indexes [${path.indexes.join(", ")}] name no message type of this schema` };
          }
          type ??= first;
          if (!type) return { ok: false, reason: "the schema defines no message type" };
          const message = type.decode(payload.subarray(at));
          const object = type.toObject(message, { enums: String, defaults: true, arrays: true, objects: true, oneofs: true });
          return { ok: true, value: plainValue(object) };
        } catch (error) {
          return { ok: false, reason: `not a Protobuf message of this schema (${messageOf(error)})` };
        }
      },
    },
  };
}

/**
 * The message types in the order the GSR serde numbers them (MessageIndexFinder.getAll): every
 * message type of the file, nested ones too, sorted by full name. Java's descriptors list a map
 * field's synthetic entry type (`<FieldName>Entry`) among the nested types; protobufjs has none,
 * so the entries are counted by name and left empty.
 */
export function gsrMessageIndex(root: protobuf.Root): (protobuf.Type | undefined)[] {
  const all: { name: string; type?: protobuf.Type }[] = [];
  const queue = [...topLevelTypes(root)];
  while (queue.length > 0) {
    const type = queue.shift()!;
    const name = type.fullName.replace(/^\./, "");
    all.push({ name, type });
    for (const field of type.fieldsArray) {
      if (field instanceof protobuf.MapField) all.push({ name: `${name}.${mapEntryName(field.name)}` });
    }
    queue.push(...type.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type));
  }
  // Java compares full names with String.compareTo: UTF-16 code units, as `<` does here.
  all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return all.map((entry) => entry.type);
}

/** protoc's name for a map field's entry type: the field name in CamelCase, then "Entry". */
function mapEntryName(field: string): string {
  let out = "";
  let upper = true;
  for (const c of field) {
    if (c === "_") {
      upper = true;
      continue;
    }
    out += upper ? c.toUpperCase() : c;
    upper = false;
  }
  return `${out}Entry`;
}

/** The file's own message types in declaration order, packages descended into. */
function topLevelTypes(ns: protobuf.NamespaceBase): protobuf.Type[] {
  const out: protobuf.Type[] = [];
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(nested);
    else if (nested instanceof protobuf.Namespace && !(nested instanceof protobuf.Service)) out.push(...topLevelTypes(nested));
  }
  return out;
}

function findType(root: protobuf.Root, name: string): protobuf.Type | undefined {
  try {
    return root.lookupType(name.replace(/^\./, ""));
  } catch {
    return undefined;
  }
}

function typeAtPath(root: protobuf.Root, indexes: number[]): protobuf.Type | undefined {
  let type = topLevelTypes(root)[indexes[0] ?? 0];
  for (const i of indexes.slice(1)) type = type?.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)[i];
  return type;
}

function describeRoot(root: protobuf.Root): string {
  return gsrMessageIndex(root)
    .filter((t): t is protobuf.Type => t !== undefined)
    .map(
      (t) =>
        `message ${t.fullName.replace(/^\./, "")} { ${t.fieldsArray.map((f) => `${f.repeated ? "repeated " : ""}${f.type} ${f.name} = ${f.id};`).join(" ")} }`,
    )
    .join("\n");
}

/** An unsigned varint (what CodedOutputStream.writeUInt32NoTag writes), at most 5 bytes. */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[at + i];
    if (b === undefined) throw new Error("the message index is cut off");
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, next: at + i + 1 };
  }
  throw new Error("the message index is longer than 5 bytes");
}

/** Confluent's message indexes: a zigzag varint count, then that many zigzag varints (0 alone: the first type). */
function readConfluentIndexes(bytes: Uint8Array): { indexes: number[]; next: number } {
  const zigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);
  const count = readVarint(bytes, 0);
  const n = zigzag(count.value);
  if (n < 0 || n > 32) throw new Error(`${n} message indexes`);
  const indexes: number[] = [];
  let at = count.next;
  for (let i = 0; i < n; i++) {
    const v = readVarint(bytes, at);
    indexes.push(zigzag(v.value));
    at = v.next;
  }
  return { indexes: n === 0 ? [0] : indexes, next: at };
}

// --- JSON Schema --------------------------------------------------------------------------------

// GSR's JSON payload is the record's UTF-8 JSON (JsonSerializer: Jackson writeValueAsBytes).
// Shown as it is; validating what was written is the writer's business.
function compileJsonSchema(source: SchemaSourceText): CompileResult {
  if (source.text === undefined) return { ok: false, reason: "a JSON Schema needs its text" };
  JSON.parse(source.text);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  return {
    ok: true,
    schema: {
      info: source.info,
      format: "jsonschema",
      text: source.text,
      decode(payload) {
        try {
          return { ok: true, value: JSON.parse(utf8.decode(payload)) as unknown };
        } catch (error) {
          return { ok: false, reason: `not UTF-8 JSON (${messageOf(error)})` };
        }
      },
    },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
