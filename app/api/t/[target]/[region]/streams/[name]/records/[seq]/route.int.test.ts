// One record by its sequence number, and large records, against the run's kinesis-local through
// the route handlers themselves: a 2 MiB record comes as a truncated preview in a page and from
// GET …/records/{seq}, and whole with full=1; every answer holds to the API contract's schema.
import { CreateStreamCommand, DeleteStreamCommand, PutRecordCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getPage } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { streamCtx, TEST_SCOPE } from "@/scripts/testing/scope";
import { recordsPageResponseSchema, recordViewSchema } from "@/lib/http/schemas";
import { PREVIEW_BYTES } from "@/lib/records/record-preview";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { GET as getRecord } from "./route";

const STREAM = `ss-record-${randomBytes(4).toString("hex")}`;
const SHARD = "shardId-000000000000";
const BIG_BYTES = 2 * 1024 * 1024;

let client: KinesisClient;
/** A JSON object of about 2 MiB: many small items, so its start is readable on its own. */
const big = { kind: "bulk", items: Array.from({ length: 40_000 }, (_, i) => ({ i, label: `item-${String(i).padStart(6, "0")}` })) };
let bigBytes: Buffer;
const seqs = { small: "", big: "", after: "" };

async function put(partitionKey: string, data: Uint8Array): Promise<string> {
  const out = await client.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: partitionKey, Data: data }));
  return out.SequenceNumber!;
}

const ctx = (seq: string) => ({ params: Promise.resolve({ ...TEST_SCOPE, name: STREAM, seq }) });
async function recordCall(seq: string, query: Record<string, string>) {
  const res = await getRecord(new Request(`http://localhost/api/streams/${STREAM}/records/${seq}?${new URLSearchParams(query)}`), ctx(seq));
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  client = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  // Records up to 10 MiB need a stream made for them (Kinesis defaults to 1 MiB).
  await client.send(
    new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" }, MaxRecordSizeInKiB: 10240 }),
  );
  await waitUntilActive(client, STREAM);
  const json = JSON.stringify(big);
  bigBytes = Buffer.from(json.padEnd(BIG_BYTES, " "));
  seqs.small = await put("small", new TextEncoder().encode(JSON.stringify({ order: 1 })));
  seqs.big = await put("big", bigBytes);
  seqs.after = await put("after", new TextEncoder().encode("after the big one"));
});

afterAll(async () => {
  await client.send(new DeleteStreamCommand({ StreamName: STREAM }));
  client.destroy();
});

describe("a page with a 2 MiB record", () => {
  it("sends a truncated preview of it, with its full size, and the small records whole", async () => {
    const res = await getPage(new Request(`http://localhost/api/streams/${STREAM}/records?shardId=${SHARD}&from=TRIM_HORIZON`), streamCtx(STREAM));
    expect(res.status).toBe(200);
    const text = await res.text();
    // The page stays small: previews, not 2 MiB of base64 and 2 MiB of parsed JSON.
    expect(text.length).toBeLessThan(4 * PREVIEW_BYTES);
    const page = recordsPageResponseSchema.parse(JSON.parse(text));
    expect(page.records.map((r) => r.partitionKey)).toEqual(["small", "big", "after"]);
    const [small, bigView, after] = page.records;
    expect(small).toMatchObject({ decoded: { format: "json", value: { order: 1 } } });
    expect(small!.truncated).toBeUndefined();
    expect(after!.truncated).toBeUndefined();
    expect(bigView).toMatchObject({ sequenceNumber: seqs.big, size: BIG_BYTES, truncated: true, decoded: { chain: ["base64", "json"], format: "json" } });
    expect(bigView!.decoded.value).toBeUndefined();
    expect(bigView!.decoded.text!.length).toBe(PREVIEW_BYTES);
    expect(bigView!.decoded.text).toMatch(/^\{\n {2}"kind": "bulk",\n {2}"items": \[\n {4}\{\n {6}"i": 0,/);
    // The raw preview is the record's own first bytes.
    const raw = Buffer.from(bigView!.data, "base64");
    expect(raw.length).toBeGreaterThan(PREVIEW_BYTES - 3);
    expect(raw.length).toBeLessThanOrEqual(PREVIEW_BYTES);
    expect(raw.equals(bigBytes.subarray(0, raw.length))).toBe(true);
  });
});

describe("GET /api/streams/{name}/records/{seq}", () => {
  it("reads exactly the record asked for, whole when it is small", async () => {
    for (const [seq, key] of [
      [seqs.small, "small"],
      [seqs.after, "after"],
    ] as const) {
      const r = await recordCall(seq, { shardId: SHARD });
      expect(r.status).toBe(200);
      const view = recordViewSchema.parse(r.body);
      expect(view).toMatchObject({ shardId: SHARD, sequenceNumber: seq, partitionKey: key });
      expect(view.truncated).toBeUndefined();
    }
  });

  it("sends a large record as a preview unless full=1, then whole and decoded", async () => {
    const preview = recordViewSchema.parse((await recordCall(seqs.big, { shardId: SHARD })).body);
    expect(preview).toMatchObject({ sequenceNumber: seqs.big, truncated: true, size: BIG_BYTES });

    const r = await recordCall(seqs.big, { shardId: SHARD, full: "1" });
    expect(r.status).toBe(200);
    const whole = recordViewSchema.parse(r.body);
    expect(whole.truncated).toBeUndefined();
    expect(whole.size).toBe(BIG_BYTES);
    expect(Buffer.from(whole.data, "base64").equals(bigBytes)).toBe(true);
    expect(whole.decoded.value).toEqual(big);
  });

  it("honours a forced decoder", async () => {
    const r = await recordCall(seqs.after, { shardId: SHARD, decoder: "hex" });
    expect(r.body.decoded.format).toBe("binary");
  });

  it("answers 404 for a sequence number the shard does not hold, not the next record", async () => {
    const missing = (BigInt(seqs.small) + 1n).toString();
    const r = await recordCall(missing, { shardId: SHARD });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
    expect(r.body.error.message).toContain(missing);
  });

  it("answers 400 with a message for bad input", async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ["12ab", { shardId: SHARD }, /decimal number/],
      [seqs.small, {}, /shardId/i],
      [seqs.small, { shardId: SHARD, full: "yes" }, /full must be 0 or 1/],
      [seqs.small, { shardId: SHARD, decoder: "xml" }, /decoder must be one of/],
    ];
    for (const [seq, query, message] of cases) {
      const r = await recordCall(seq, query);
      expect(r.status, `${seq} ${JSON.stringify(query)}`).toBe(400);
      expect(r.body.error.code).toBe("invalid_input");
      expect(r.body.error.message).toMatch(message);
    }
  });

  it("answers 404 for a shard the stream does not have", async () => {
    const r = await recordCall(seqs.small, { shardId: "shardId-000000000009" });
    expect(r.status).toBe(404);
  });
});
