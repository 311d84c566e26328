// Masking on every path a record leaves the server by, against kinesis-local with a targets file
// that holds masking rules: the record browser, the detail (preview and full), the tail (SSE), the
// search (SSE) and its NDJSON download. Each response body is searched for the secret values, in
// plain text, base64 and hex: none may be there. Filters see what the viewer sees (a masked value
// never matches; a hashed one matches its hash). A principal allowed to unmask sees the values.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { CreateStreamCommand, DeleteStreamCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getRecords } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { GET as getRecord } from "@/app/api/t/[target]/[region]/streams/[name]/records/[seq]/route";
import { GET as getTail } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { GET as getSearch } from "@/app/api/t/[target]/[region]/streams/[name]/search/route";
import { GET as getSearchNdjson } from "@/app/api/t/[target]/[region]/streams/[name]/search.ndjson/route";
import { buildCloudWatchLogsEnvelope } from "@/lib/records/encode/build-cloudwatch-logs-envelope";
import { buildKplAggregate } from "@/lib/records/encode/build-kpl-aggregate";
import type { RecordsPageResponse, RecordView } from "@/lib/records/types";
import { browseRecords } from "@/lib/server/kinesis/records";
import { resolveScope } from "@/lib/server/targets/registry";
import { tailSessionSlots } from "@/lib/server/tail/tail-service";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { forgetAppState } from "@/scripts/testing/app-state";
import { streamCtx } from "@/scripts/testing/scope";
import { readSseEvents } from "@/scripts/testing/sse-events";
import { maskHash } from "./masking-for";

const SCOPE = { target: "local", region: "us-east-1" };
const STREAM = `ss-masking-${randomBytes(4).toString("hex")}`;
const OTHER = `${STREAM}-plain`;
const SHARD = "shardId-000000000000";

const CARD = "4111111111111111";
const EMAIL = "ada.lovelace@example.com";
const SSN = "078-05-1120";
const SECRETS = [CARD, EMAIL, SSN];

const utf8 = (s: string) => new Uint8Array(Buffer.from(s));
/** Every record carries a secret, each in another shape the decoder chain unwraps. */
const PAYLOADS: { key: string; data: Uint8Array }[] = [
  { key: "json", data: utf8(JSON.stringify({ id: 1, card: { number: CARD, expiry: "12/29" }, customer: { email: EMAIL } })) },
  { key: "gzip", data: new Uint8Array(gzipSync(JSON.stringify({ id: 2, card: { number: CARD }, note: `ssn ${SSN}` }))) },
  {
    key: "kpl",
    data: buildKplAggregate([
      { partitionKey: "a", data: utf8(JSON.stringify({ id: 3, email: EMAIL })) },
      { partitionKey: "b", data: utf8(`plain text with ${SSN}`) },
    ]),
  },
  {
    key: "cwlogs",
    data: buildCloudWatchLogsEnvelope({
      logGroup: "/app/pay",
      logStream: "s",
      events: [{ timestamp: 1_700_000_000_000, message: JSON.stringify({ email: EMAIL, ssn: SSN }) }],
    }),
  },
  { key: "text", data: utf8(`customer ${SSN} paid with ${CARD}`) },
  { key: "binary", data: new Uint8Array([0, 159, 146, 150, 0, 1, ...utf8(EMAIL), 255]) },
  { key: "big", data: utf8(JSON.stringify({ id: 7, card: { number: CARD }, filler: "x".repeat(100_000) })) },
];

/** The secrets as they could appear in a body: plain, base64 at each alignment, hex. */
function forbidden(): string[] {
  const out: string[] = [];
  for (const s of SECRETS) {
    out.push(s);
    // The characters that depend on the secret's bytes alone, whatever comes before and after it.
    for (let pad = 0; pad < 3; pad++)
      out.push(
        Buffer.from("x".repeat(pad) + s)
          .toString("base64")
          .slice(pad ? 4 : 0, -4),
      );
    out.push(Buffer.from(s).toString("hex"));
  }
  return out.filter((s) => s.length >= 8);
}

function expectNoSecret(where: string, body: string): void {
  for (const s of forbidden()) expect(body.includes(s), `${where} holds ${s}`).toBe(false);
}

let direct: KinesisClient;
let dir: string;
const saved = { file: process.env.SHARDSCOPE_TARGETS_FILE };
const sequenceNumbers: string[] = [];

const url = (p: string) => new Request(`http://localhost/api/t/local/us-east-1/streams/${STREAM}/${p}`);

beforeAll(async () => {
  direct = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await Promise.all([
    direct.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 })),
    direct.send(new CreateStreamCommand({ StreamName: OTHER, ShardCount: 1 })),
  ]);
  await Promise.all([waitUntilActive(direct, STREAM), waitUntilActive(direct, OTHER)]);
  const put = await direct.send(new PutRecordsCommand({ StreamName: STREAM, Records: PAYLOADS.map((p) => ({ PartitionKey: p.key, Data: p.data })) }));
  for (const r of put.Records ?? []) sequenceNumbers.push(r.SequenceNumber!);
  await direct.send(new PutRecordsCommand({ StreamName: OTHER, Records: [{ PartitionKey: "k", Data: PAYLOADS[0]!.data }] }));

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-masking-"));
  const file = path.join(dir, "targets.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      targets: [
        { name: "local", region: "us-east-1", endpoints: { kinesis: inject("kinesisEndpoint"), cloudwatch: inject("cloudwatchEndpoint") }, local: true },
      ],
      masking: {
        rules: [
          { streams: ["ss-masking-*"], targets: ["loc*"], path: "$.card.number" },
          { streams: [STREAM], field: "*email*", action: "hash" },
          { streams: [STREAM], regex: "\\b\\d{3}-\\d{2}-\\d{4}\\b", action: "remove" },
          { streams: [STREAM], regex: "\\b4\\d{15}\\b" },
          // Names no stream of this test: must change nothing.
          { streams: ["payments"], field: "id" },
        ],
      },
    }),
  );
  process.env.SHARDSCOPE_TARGETS_FILE = file;
  forgetAppState();
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([direct.send(new DeleteStreamCommand({ StreamName: STREAM })), direct.send(new DeleteStreamCommand({ StreamName: OTHER }))]);
  if (saved.file === undefined) delete process.env.SHARDSCOPE_TARGETS_FILE;
  else process.env.SHARDSCOPE_TARGETS_FILE = saved.file;
  forgetAppState();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Reads an SSE response until `enough` says so (then leaves) or the server ends it. */
async function sse(
  res: Response,
  controller: AbortController,
  enough: (records: RecordView[], type: string) => boolean,
): Promise<{ text: string; records: RecordView[] }> {
  expect(res.status).toBe(200);
  const records: RecordView[] = [];
  let text = "";
  await readSseEvents<{ records?: RecordView[] }>(res.body!, (e) => {
    text += JSON.stringify(e.data);
    if (e.event === "records" && e.data.records) records.push(...e.data.records);
    if (enough(records, e.event ?? "")) controller.abort();
  }).catch((e: unknown) => {
    if (!controller.signal.aborted) throw e;
  });
  return { text, records };
}

describe("masking on every path a record leaves by", () => {
  let page: RecordsPageResponse;

  it("the record browser: masked values, the masked paths listed, no raw bytes, previews cut from the masked payload", async () => {
    const res = await getRecords(url(`records?shardId=${SHARD}&from=TRIM_HORIZON&limit=50`), streamCtx(STREAM, SCOPE));
    const text = await res.text();
    expect(res.status).toBe(200);
    expectNoSecret("records page", text);
    page = JSON.parse(text) as RecordsPageResponse;
    const byKey = Object.fromEntries(page.records.map((r) => [r.partitionKey, r]));
    expect(Object.keys(byKey).sort()).toEqual(PAYLOADS.map((p) => p.key).sort());
    for (const r of page.records) expect(r.data, r.partitionKey).toBe("");
    expect(byKey.json?.decoded.masked).toEqual(["$.card.number", "$.customer.email"]);
    expect(byKey.json?.decoded.value).toEqual({ id: 1, card: { number: "****", expiry: "12/29" }, customer: { email: maskHash(EMAIL) } });
    expect(byKey.gzip?.decoded.masked).toEqual(["$.card.number", "$.note"]);
    expect(byKey.kpl?.decoded.masked).toEqual(["$.records[0].payload.email", "$.records[1].payload"]);
    expect(byKey.cwlogs?.decoded.masked).toEqual(["$.logEvents[0].payload.email", "$.logEvents[0].payload.ssn"]);
    expect(byKey.text?.decoded).toMatchObject({ format: "text", text: "customer  paid with ****", masked: ["$"] });
    expect(byKey.binary?.decoded).toMatchObject({ format: "binary", text: "", masked: ["$"] });
    expect(byKey.big).toMatchObject({ truncated: true, decoded: { masked: ["$.card.number"] } });
  });

  it("a stream no rule names is sent as it is", async () => {
    const res = await getRecords(new Request(`http://localhost/x?shardId=${SHARD}&from=TRIM_HORIZON`), streamCtx(OTHER, SCOPE));
    const body = (await res.json()) as RecordsPageResponse;
    // The glob rule on the card number names this stream too; the rest name only the other one.
    expect(body.records[0]?.decoded.masked).toEqual(["$.card.number"]);
    expect(JSON.stringify(body)).toContain(EMAIL);
  });

  it("the detail, as a preview and whole", async () => {
    for (const [i, seq] of sequenceNumbers.entries()) {
      for (const full of ["", "&full=1"]) {
        const res = await getRecord(url(`records/${seq}?shardId=${SHARD}${full}`), { params: Promise.resolve({ ...SCOPE, name: STREAM, seq }) });
        const text = await res.text();
        expect(res.status).toBe(200);
        expectNoSecret(`detail of ${PAYLOADS[i]!.key}${full}`, text);
        expect((JSON.parse(text) as RecordView).data).toBe("");
      }
    }
  });

  it("the tail (SSE), and its filters see masked values: a masked value never matches, a hash does", async () => {
    const all = new AbortController();
    const tail = await sse(
      await getTail(new Request(`http://localhost/t?from=TRIM_HORIZON`, { signal: all.signal }), streamCtx(STREAM, SCOPE)),
      all,
      (r) => r.length >= PAYLOADS.length,
    );
    expect(tail.records).toHaveLength(PAYLOADS.length);
    expectNoSecret("tail", tail.text);

    const byHash = new AbortController();
    const hashed = await sse(
      await getTail(
        new Request(`http://localhost/t?from=TRIM_HORIZON&q=${encodeURIComponent(maskHash(EMAIL))}`, { signal: byHash.signal }),
        streamCtx(STREAM, SCOPE),
      ),
      byHash,
      (r) => r.length >= 3,
    );
    expect(hashed.records.map((r) => r.partitionKey).sort()).toEqual(["cwlogs", "json", "kpl"]);

    // A filter on the card number: the stream is read to its end (stats show it) and nothing matches.
    const byCard = new AbortController();
    let scanned = 0;
    const card = await sse(
      await getTail(new Request(`http://localhost/t?from=TRIM_HORIZON&q=${CARD}`, { signal: byCard.signal }), streamCtx(STREAM, SCOPE)),
      byCard,
      (_r, type) => {
        if (type === "stats") scanned++;
        return scanned >= 2;
      },
    );
    expect(card.records).toEqual([]);
    expectNoSecret("filtered tail", card.text);
    await expect.poll(() => tailSessionSlots().snapshot().sessions).toBe(0);
  });

  it("the search (SSE) and its NDJSON download", async () => {
    const c = new AbortController();
    const search = await sse(
      await getSearch(new Request(`http://localhost/s?from=TRIM_HORIZON`, { signal: c.signal }), streamCtx(STREAM, SCOPE)),
      c,
      (_r, type) => type === "done",
    );
    expect(search.records).toHaveLength(PAYLOADS.length);
    expectNoSecret("search", search.text);
    expect(search.records.every((r) => r.data === "" && (r.decoded.masked?.length ?? 0) > 0)).toBe(true);

    const res = await getSearchNdjson(new Request(`http://localhost/s.ndjson?from=TRIM_HORIZON`), streamCtx(STREAM, SCOPE));
    const text = await res.text();
    expect(res.status).toBe(200);
    expectNoSecret("search.ndjson", text);
    const lines = text.trim().split("\n");
    expect(lines.length).toBe(PAYLOADS.length + 1); // and the summary
    expect(text).toContain(maskHash(EMAIL));
  });

  it("a viewer whose role may unmask sees the values (the hook sign-in passes)", async () => {
    const scope = await resolveScope(SCOPE.target, SCOPE.region);
    const req = { stream: STREAM, shardId: SHARD, from: "TRIM_HORIZON" as const, limit: 50 };
    const unmasked = await browseRecords(scope, { ...req, principal: { unmask: true } });
    expect(JSON.stringify(unmasked)).toContain(CARD);
    // The search for secrets finds them where they are (raw bytes included).
    expect(() => expectNoSecret("unmasked", JSON.stringify(unmasked.records.map((r) => r.data)))).toThrow(/holds/);
    expect(unmasked.records.every((r) => r.data !== "" && r.decoded.masked === undefined)).toBe(true);
    expectNoSecret("masked for a principal that may not unmask", JSON.stringify(await browseRecords(scope, { ...req, principal: { unmask: false } })));
  });
});
