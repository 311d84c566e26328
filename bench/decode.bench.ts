// Decode cost per record of ~1 KB: GSR Avro, GSR Protobuf and MessagePack through Shardscope's
// decoder chain (decodePayload: detection, framing, schema lookup, conversion to plain JSON),
// each against its library alone in the same run (avsc fromBuffer, protobufjs decode + toObject,
// @msgpack/msgpack decode), and JSON through the chain as the reference point.
//   npm run bench:decode      (= tsx bench/decode.bench.ts; BENCH_ROUNDS, BENCH_ITERATIONS)
import { decode as msgpackDecode, encode as msgpackEncode } from "@msgpack/msgpack";
import avro from "avsc";
import protobuf from "protobufjs";
import { decodePayload } from "@/lib/records/decode-payload";
import { PrefetchingLookup, type SchemaLookupResult } from "@/lib/records/schema-resolver";
import { compileSchema } from "@/lib/records/schemas/compile";
import { gsrHeader } from "@/lib/records/schemas/wire";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5_000);

const AVSC = {
  type: "record",
  name: "Batch",
  fields: [
    { name: "deviceId", type: "string" },
    { name: "site", type: "string" },
    { name: "firmware", type: "string" },
    { name: "sentAt", type: "long" },
    {
      name: "readings",
      type: {
        type: "array",
        items: {
          type: "record",
          name: "Reading",
          fields: [
            { name: "sensor", type: "string" },
            { name: "value", type: "double" },
            { name: "at", type: "long" },
            { name: "ok", type: "boolean" },
          ],
        },
      },
    },
  ],
};
const PROTO = `syntax = "proto3";
message Batch { string deviceId = 1; string site = 2; string firmware = 3; int64 sentAt = 4; repeated Reading readings = 5; }
message Reading { string sensor = 1; double value = 2; int64 at = 3; bool ok = 4; }`;

const value = {
  deviceId: "device-0042-north-roof",
  site: "berlin-moabit-warehouse-7",
  firmware: "2026.11.3-rc2+build.5531",
  sentAt: 1764633600123,
  readings: Array.from({ length: 26 }, (_, i) => ({ sensor: `temperature-probe-${i}`, value: 20 + i / 7, at: 1764633600000 + i * 1000, ok: i % 5 !== 0 })),
};

const ID_AVRO = "00000000-0000-4000-8000-00000000a1f0";
const ID_PROTO = "00000000-0000-4000-8000-00000000b2f0";
const avroType = avro.Type.forSchema(AVSC as avro.Schema);
const root = protobuf.parse(PROTO, { keepCase: true }).root;
const batchType = root.lookupType("Batch");
const avroBytes = new Uint8Array(avroType.toBuffer(value));
const protoBytes = batchType.encode(batchType.fromObject(value)).finish();
// GSR message index: Batch sorts before Reading, so 0.
const gsrAvro = new Uint8Array([...gsrHeader(ID_AVRO, "none"), ...avroBytes]);
const gsrProto = new Uint8Array([...gsrHeader(ID_PROTO, "none"), 0, ...protoBytes]);
const msgpackBytes = msgpackEncode(value);
const jsonBytes = new TextEncoder().encode(JSON.stringify(value));

function compiled(format: "avro" | "protobuf", text: string): SchemaLookupResult {
  const r = compileSchema({ format, text, info: { source: "glue", registry: "bench", name: format, version: 1 } });
  if (!r.ok) throw new Error(r.reason);
  return r;
}
const glue: Record<string, SchemaLookupResult> = { [ID_AVRO]: compiled("avro", JSON.stringify(AVSC)), [ID_PROTO]: compiled("protobuf", PROTO) };
const schemas = new PrefetchingLookup((id) => glue[id], undefined);

function check(bytes: Uint8Array, format: string) {
  const d = decodePayload(bytes, { schemas });
  if (d.format !== format) throw new Error(`expected ${format}, got ${d.format}: ${d.warning ?? ""}`);
}
check(gsrAvro, "avro");
check(gsrProto, "protobuf");
check(msgpackBytes, "msgpack");
check(jsonBytes, "json");

/** Median over rounds of the mean time per call, in microseconds. */
function measure(fn: () => unknown): number {
  for (let i = 0; i < ITERATIONS / 5; i++) fn();
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)]!;
}

const avroBuf = Buffer.from(avroBytes);
const cases: [string, number, () => unknown, () => unknown][] = [
  ["avro", gsrAvro.length, () => decodePayload(gsrAvro, { schemas }), () => avroType.fromBuffer(avroBuf)],
  [
    "protobuf",
    gsrProto.length,
    () => decodePayload(gsrProto, { schemas }),
    () => batchType.toObject(batchType.decode(protoBytes), { enums: String, defaults: true, arrays: true, objects: true, oneofs: true }),
  ],
  ["msgpack", msgpackBytes.length, () => decodePayload(msgpackBytes, { schemas }), () => msgpackDecode(msgpackBytes)],
  ["json", jsonBytes.length, () => decodePayload(jsonBytes, { schemas }), () => JSON.parse(new TextDecoder().decode(jsonBytes))],
];

for (const [name, size, chain, library] of cases) {
  const chainUs = measure(chain);
  const libraryUs = measure(library);
  console.log(`decode_${name}_record_bytes ${size} bytes`);
  console.log(`decode_${name}_chain_us ${chainUs.toFixed(2)} us`);
  console.log(`decode_${name}_library_us ${libraryUs.toFixed(2)} us`);
  console.log(`decode_${name}_chain_vs_library ${(chainUs / libraryUs).toFixed(2)} x`);
  console.log(`decode_${name}_records_per_core_s ${Math.round(1e6 / chainUs)} records/s`);
}
