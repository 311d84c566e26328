// The GSR encoder against records AWS's serde read: gsr.fixtures.json holds records Shardscope
// wrote that software.amazon.glue:schema-registry-serde (Java) decoded field for field from
// moto's Glue (scripts/fixtures/gsr-interop.ts). Today's encoder must still write those bytes.
import { unzlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { compileSchema } from "@/lib/schemas/serialize-with-schema";
import type { GlueDataFormat } from "@/lib/schemas/types";
import { encodeGsr, GSR_HEADER_BYTES, isSchemaVersionId, uuidBytes, type GsrCompression } from "./gsr";
import fixtures from "./gsr.fixtures.json";

interface FixtureRecord {
  name: string;
  dataFormat: GlueDataFormat;
  definition: string;
  versionId: string;
  compression: GsrCompression;
  input: unknown;
  bytesBase64: string;
  javaDecoded: string;
}

const records = fixtures.records as FixtureRecord[];

describe("encodeGsr against records the AWS serde read", () => {
  it("has a verified record of each format and compression", () => {
    expect(new Set(records.map((r) => `${r.dataFormat}/${r.compression}`))).toEqual(new Set(["AVRO/none", "AVRO/zlib", "JSON/none", "JSON/zlib"]));
    for (const r of records) expect(JSON.parse(r.javaDecoded)).toEqual(r.input);
  });

  for (const r of records) {
    it(`writes ${r.name} as the serde read it`, () => {
      const serialized = compileSchema(r.dataFormat, r.definition).serialize(r.input);
      if (!serialized.ok) throw new Error(serialized.message);
      const ours = encodeGsr(serialized.bytes, r.versionId, r.compression);
      const verified = new Uint8Array(Buffer.from(r.bytesBase64, "base64"));
      expect([...ours.subarray(0, GSR_HEADER_BYTES)]).toEqual([...verified.subarray(0, GSR_HEADER_BYTES)]);
      if (r.compression === "zlib") {
        // The deflate stream may legitimately differ between versions of fflate; what it inflates to may not.
        expect([...unzlibSync(ours.subarray(GSR_HEADER_BYTES))]).toEqual([...unzlibSync(verified.subarray(GSR_HEADER_BYTES))]);
      } else {
        expect([...ours]).toEqual([...verified]);
      }
    });
  }
});

describe("the GSR header", () => {
  it("is version 3, the compression byte (0 none, 5 zlib), then the UUID's 16 bytes in textual order", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const plain = encodeGsr(new Uint8Array([1, 2, 3]), id);
    expect([...plain]).toEqual([3, 0, 0x0f, 0x8f, 0xad, 0x5b, 0xd9, 0xcb, 0x46, 0x9f, 0xa1, 0x65, 0x70, 0x86, 0x77, 0x28, 0x95, 0x0e, 1, 2, 3]);
    const zipped = encodeGsr(new Uint8Array(100), id, "zlib");
    expect(zipped[1]).toBe(5);
    expect(zipped[GSR_HEADER_BYTES]).toBe(0x78); // a zlib stream, as java.util.zip.Deflater writes
    expect([...unzlibSync(zipped.subarray(GSR_HEADER_BYTES))]).toEqual(Array(100).fill(0));
  });

  it("accepts only UUIDs as schema version ids", () => {
    expect(isSchemaVersionId("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe(true);
    for (const bad of ["", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5bd9cb469fa16570867728950e", "0f8fad5b-d9cb-469f-a165-70867728950g"]) {
      expect(isSchemaVersionId(bad)).toBe(false);
      expect(() => uuidBytes(bad)).toThrow(/not a schema version id/);
    }
  });
});
