// Checks an uploaded schema file by compiling it with the library that will decode with it (avsc
// for Avro, protobufjs for Protobuf), so the store never keeps a schema the decoder cannot use.
// A descriptor set is kept as protobufjs's JSON form of it: text, like the other two.
import avro from "avsc";
import protobuf from "protobufjs";
import "protobufjs/ext/descriptor";
import type { SchemaFileFormat, SchemaKind } from "./types";

export interface CompiledSchemaFile {
  kind: SchemaKind;
  /** The .avsc or .proto text, or for a descriptor set its protobufjs JSON (`protobuf.Root.fromJSON`). */
  text: string;
  /** Protobuf: the message type records are decoded as, fully qualified without a leading dot. */
  messageType?: string;
}

export type CompileResult = { ok: true; schema: CompiledSchemaFile } | { ok: false; message: string };

const short = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 300);

/** `input` is the file's text (avsc, proto) or bytes (descriptor set). */
export function compileSchemaFile(format: SchemaFileFormat, input: string | Uint8Array, messageType?: string): CompileResult {
  if (format === "avsc") {
    const text = typeof input === "string" ? input : new TextDecoder().decode(input);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return { ok: false, message: `The .avsc file is not valid JSON: ${short(e)}.` };
    }
    try {
      avro.Type.forSchema(parsed as avro.Schema);
    } catch (e) {
      return { ok: false, message: `The .avsc file is not a valid Avro schema: ${short(e)}.` };
    }
    return { ok: true, schema: { kind: "avro", text } };
  }

  let root: protobuf.Root;
  let text: string;
  if (format === "proto") {
    text = typeof input === "string" ? input : new TextDecoder().decode(input);
    try {
      root = new protobuf.Root();
      const parsed = protobuf.parse(text, root, { keepCase: true });
      for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
        const common = protobuf.common.get(name);
        if (!common) {
          return {
            ok: false,
            message: `The .proto file imports ${name}, which Shardscope does not have: upload a compiled descriptor set (protoc --include_imports --descriptor_set_out=…) instead.`,
          };
        }
        root.addJSON(common.nested ?? {});
      }
      root.resolveAll();
    } catch (e) {
      return { ok: false, message: `The .proto file does not compile: ${short(e)}.` };
    }
  } else {
    if (typeof input === "string") return { ok: false, message: "A descriptor set is binary: send its bytes in base64." };
    try {
      root = protobuf.Root.fromDescriptor(input, { keepCase: true });
      root.resolveAll();
    } catch (e) {
      return { ok: false, message: `The file is not a compiled descriptor set (FileDescriptorSet): ${short(e)}.` };
    }
    text = JSON.stringify(root.toJSON());
  }

  const types = messageTypesOf(root);
  if (types.length === 0) return { ok: false, message: "The schema defines no message type." };
  let chosen = messageType?.trim().replace(/^\./, "");
  if (!chosen) {
    if (types.length > 1) {
      return { ok: false, message: `Name the message type records are written as: one of ${types.slice(0, 10).join(", ")}${types.length > 10 ? ", …" : ""}.` };
    }
    chosen = types[0];
  } else if (!types.includes(chosen)) {
    return {
      ok: false,
      message: `The schema has no message type ${chosen.slice(0, 100)}; it has ${types.slice(0, 10).join(", ")}${types.length > 10 ? ", …" : ""}.`,
    };
  }
  return { ok: true, schema: { kind: "protobuf", text, messageType: chosen } };
}

/** Every message type of a root, fully qualified (google.protobuf's own types left out). */
export function messageTypesOf(root: protobuf.Root): string[] {
  const out: string[] = [];
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Type) {
        const name = child.fullName.replace(/^\./, "");
        if (!name.startsWith("google.protobuf.")) out.push(name);
      }
      if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) walk(child);
    }
  };
  walk(root);
  return out;
}
