import avro from "avsc";
import { describe, expect, it } from "vitest";
import { compileSchema } from "./serialize-with-schema";

const reading = JSON.stringify({
  type: "record",
  name: "Reading",
  fields: [
    { name: "id", type: "string" },
    { name: "value", type: "double" },
    { name: "tags", type: { type: "array", items: "string" } },
    { name: "where", type: { type: "record", name: "Where", fields: [{ name: "site", type: "string" }] } },
    { name: "note", type: ["null", "string"], default: null },
  ],
});

describe("compileSchema: Avro", () => {
  const avroSchema = compileSchema("AVRO", reading);
  const good = { id: "a", value: 1.5, tags: ["x"], where: { site: "b" }, note: null };

  it("serializes a valid record as Avro binary that Avro reads back", () => {
    const out = avroSchema.serialize(good);
    if (!out.ok) throw new Error(out.message);
    expect(avro.Type.forSchema(JSON.parse(reading)).fromBuffer(Buffer.from(out.bytes))).toEqual(good);
  });

  it("names the field that breaks the schema, however deep", () => {
    expect(avroSchema.serialize({ ...good, value: "x" })).toEqual({ ok: false, field: "value", message: 'Field value is "x", but the schema wants double.' });
    expect(avroSchema.serialize({ ...good, tags: ["x", 3] })).toMatchObject({ ok: false, field: "tags[1]" });
    expect(avroSchema.serialize({ ...good, where: { site: 4 } })).toMatchObject({ ok: false, field: "where.site", message: expect.stringContaining("string") });
    const { id: _id, ...noId } = good;
    expect(avroSchema.serialize(noId)).toMatchObject({ ok: false, field: "id", message: "Field id is missing, but the schema wants string." });
    expect(avroSchema.serialize([1])).toMatchObject({ ok: false, field: "(root)", message: expect.stringContaining("The record") });
  });

  it("throws for a definition that is not a schema", () => {
    expect(() => compileSchema("AVRO", "{")).toThrow();
    expect(() => compileSchema("AVRO", '{"type":"nope"}')).toThrow();
  });
});

describe("compileSchema: JSON Schema", () => {
  const schema = compileSchema(
    "JSON",
    JSON.stringify({
      $schema: "http://json-schema.org/draft-04/schema#",
      type: "object",
      properties: { a: { type: "integer" }, level: { enum: ["info", "warning"] }, nested: { type: "object", properties: { "b/c": { type: "string" } } } },
      required: ["a"],
    }),
  );

  it("writes a valid record as its JSON text", () => {
    const out = schema.serialize({ a: 1, nested: { "b/c": "x" } });
    expect(out.ok && new TextDecoder().decode(out.bytes)).toBe('{"a":1,"nested":{"b/c":"x"}}');
  });

  it("names the field: a wrong type, a missing property", () => {
    expect(schema.serialize({ a: "x" })).toEqual({ ok: false, field: "a", message: "Field a: must be integer." });
    expect(schema.serialize({})).toEqual({ ok: false, field: "a", message: "Field a: must have required property 'a'." });
    expect(schema.serialize({ a: 1, level: "loud" })).toEqual({
      ok: false,
      field: "level",
      message: 'Field level: must be equal to one of the allowed values: "info", "warning".',
    });
    expect(schema.serialize({ a: 1, nested: { "b/c": 1 } })).toMatchObject({ ok: false, field: "nested.b/c" });
  });
});

describe("compileSchema: Protobuf", () => {
  it("is refused with what to do instead", () => {
    expect(() => compileSchema("PROTOBUF", "syntax = 'proto3';")).toThrow(/not supported.*base64/);
  });
});
