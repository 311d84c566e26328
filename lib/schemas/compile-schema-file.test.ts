// Uploaded schema files compiled as the store compiles them, against files and bytes made by the
// reference tools (protoc: __fixtures__/README.md): what the store keeps must decode what a
// producer built with protoc writes.
import { readFileSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { compileSchemaFile } from "./compile-schema-file";

const fixture = (name: string) => readFileSync(path.join(__dirname, "__fixtures__", name));
const proto = fixture("fleet.proto").toString("utf8");
const descriptorSet = new Uint8Array(fixture("fleet.desc"));
const position = fixture("position.bin");
const expected = { vehicle_id: "v-7", lat: 52.5, lon: 13.4, at: { seconds: 1764662400 }, status: "PARKED" };

const decodeWith = (root: protobuf.Root, type: string) => {
  const t = root.lookupType(type);
  return t.toObject(t.decode(position), { enums: String, longs: Number });
};

describe("compileSchemaFile: Protobuf", () => {
  it("keeps a .proto (with a google/protobuf import) that decodes protoc's bytes", () => {
    const r = compileSchemaFile("proto", proto, "fleet.v1.Position");
    if (!r.ok) throw new Error(r.message);
    expect(r.schema).toEqual({ kind: "protobuf", text: proto, messageType: "fleet.v1.Position" });
    const root = new protobuf.Root();
    protobuf.parse(r.schema.text, root, { keepCase: true });
    root.addJSON(protobuf.common.get("google/protobuf/timestamp.proto")!.nested!);
    expect(decodeWith(root, "fleet.v1.Position")).toEqual(expected);
  });

  it("keeps protoc's descriptor set as protobufjs JSON that decodes protoc's bytes", () => {
    const r = compileSchemaFile("descriptor-set", descriptorSet, ".fleet.v1.Position");
    if (!r.ok) throw new Error(r.message);
    expect(r.schema.messageType).toBe("fleet.v1.Position");
    expect(r.schema.text.startsWith("{")).toBe(true);
    expect(decodeWith(protobuf.Root.fromJSON(JSON.parse(r.schema.text) as protobuf.INamespace), "fleet.v1.Position")).toEqual(expected);
  });

  it("asks for the message type when there are several, and refuses one the file lacks", () => {
    expect(compileSchemaFile("proto", proto)).toEqual({
      ok: false,
      message: "Name the message type records are written as: one of fleet.v1.Position, fleet.v1.Trip.",
    });
    expect(compileSchemaFile("descriptor-set", descriptorSet, "fleet.v1.Nope")).toMatchObject({
      ok: false,
      message: expect.stringContaining("no message type fleet.v1.Nope"),
    });
    const single = compileSchemaFile("proto", 'syntax = "proto3"; message Only { int32 a = 1; }');
    expect(single).toMatchObject({ ok: true, schema: { messageType: "Only" } });
  });

  it("refuses what does not compile, imports it cannot have, and bytes that are no descriptor set", () => {
    expect(compileSchemaFile("proto", "syntax = x")).toMatchObject({ ok: false, message: expect.stringContaining("does not compile") });
    expect(compileSchemaFile("proto", 'syntax = "proto3"; import "other.proto"; message A { int32 a = 1; }')).toMatchObject({
      ok: false,
      message: expect.stringContaining("imports other.proto"),
    });
    expect(compileSchemaFile("descriptor-set", new Uint8Array([1, 2, 3, 4]))).toMatchObject({
      ok: false,
      message: expect.stringContaining("not a compiled descriptor set"),
    });
    expect(compileSchemaFile("descriptor-set", "text")).toMatchObject({ ok: false });
  });
});

describe("compileSchemaFile: Avro", () => {
  it("keeps a valid .avsc as it was uploaded", () => {
    const text = '{"type":"record","name":"A","fields":[{"name":"a","type":"long"}]}';
    expect(compileSchemaFile("avsc", text)).toEqual({ ok: true, schema: { kind: "avro", text } });
  });

  it("refuses JSON that is no schema, and text that is no JSON", () => {
    expect(compileSchemaFile("avsc", '{"type":"record","name":"A","fields":[{"name":"a","type":"nope"}]}')).toMatchObject({
      ok: false,
      message: expect.stringContaining("not a valid Avro schema: undefined type name: nope"),
    });
    expect(compileSchemaFile("avsc", "{")).toMatchObject({ ok: false, message: expect.stringContaining("not valid JSON") });
  });
});
