import { createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import { encode as msgpackEncode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { decodePayload } from "./decode-payload";
import { buildCloudWatchLogsEnvelope } from "./encode/build-cloudwatch-logs-envelope";
import { buildKplAggregate } from "./encode/build-kpl-aggregate";
import { compileMaskRules, formatPath, maskJson, maskPayload, maskRecord, MASK_TEXT, rulesFor, type Masker } from "./masking";
import { maskingRuleSchema, type MaskingRule } from "./masking-rules";
import { previewRecord } from "./record-preview";
import type { RecordView } from "./types";

const hash = (s: string) => `hash:${createHmac("sha256", "test-key").update(s).digest("hex").slice(0, 16)}`;
const rule = (r: Partial<MaskingRule> & Record<string, unknown>): MaskingRule => maskingRuleSchema.parse({ streams: ["*"], ...r });
const masker = (...rules: Partial<MaskingRule>[]): Masker => ({ rules: compileMaskRules(rules.map(rule)), hash });
const utf8 = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => decodePayload(utf8(JSON.stringify(v)));
const record = (bytes: Uint8Array): RecordView => ({
  shardId: "shardId-000000000000",
  sequenceNumber: "1",
  partitionKey: "k",
  arrivalTime: "2026-01-01T00:00:00.000Z",
  size: bytes.byteLength,
  data: Buffer.from(bytes).toString("base64"),
  decoded: decodePayload(bytes),
});

const CARD = "4111111111111111";
const EMAIL = "ada@example.com";
const payment = { id: "p-1", card: { number: CARD, expiry: "12/29" }, customer: { email: EMAIL, name: "Ada" }, items: [{ sku: "a" }, { sku: "b" }] };

describe("rules", () => {
  it("picks the rules of a stream and target by name or glob", () => {
    const rules = [rule({ streams: ["payments"], field: "a" }), rule({ streams: ["orders-*"], targets: ["prod*"], field: "b" })];
    expect(rulesFor(rules, "local", "payments").map((r) => r.field)).toEqual(["a"]);
    expect(rulesFor(rules, "prod-eu", "orders-eu").map((r) => r.field)).toEqual(["b"]);
    expect(rulesFor(rules, "local", "orders-eu")).toEqual([]);
    expect(rulesFor(rules, "local", "payments2")).toEqual([]);
  });

  it("refuses rules that say nothing or too much, bad paths, and regular expressions RE2 rejects or that match nothing", () => {
    const problems = (r: Record<string, unknown>) => {
      const p = maskingRuleSchema.safeParse({ streams: ["s"], ...r });
      return p.success ? [] : p.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(problems({})).toEqual([": must say what to mask: one of `path` (a JSON path), `field` (a field name or glob) or `regex` (a regular expression)"]);
    expect(problems({ field: "a", regex: "b" })[0]).toMatch(/exactly one/);
    expect(problems({ path: "card.number" })[0]).toMatch(/^path: must start with `\$`/);
    expect(problems({ path: "$[?(@.x)]" })[0]).toMatch(/filters and expressions are not supported/);
    expect(problems({ regex: "(a" })[0]).toMatch(/^regex: is not a valid regular expression/);
    expect(problems({ regex: "(a+)+\\1" })[0]).toMatch(/^regex: is not a valid regular expression/);
    expect(problems({ regex: "x*" })[0]).toMatch(/matches the empty string/);
    expect(problems({ field: "a", action: "shred" })[0]).toMatch(/^action: must be one of mask, remove, hash/);
  });
});

describe("JSON payloads", () => {
  it("masks a record decoded from a binary format (MessagePack) as JSON, and withholds one it could not look into", () => {
    const bytes = msgpackEncode(payment);
    const d = maskPayload(decodePayload(bytes), masker({ path: "$.card.number" }, { field: "email", action: "hash" }));
    expect(d.format).toBe("msgpack");
    expect(d.masked).toEqual(["$.card.number", "$.customer.email"]);
    expect(JSON.stringify(d)).not.toContain(CARD);
    expect(JSON.stringify(d)).not.toContain(EMAIL);
    expect((d.value as typeof payment).customer.email).toBe(hash(EMAIL));
    const blind = maskPayload({ chain: ["base64", "avro"], format: "avro" }, masker({ field: "email" }));
    expect(blind.masked).toEqual(["$"]);
  });

  it("masks a JSON path and lists it; drops the payload's text, which would show the value", () => {
    const d = maskPayload(json(payment), masker({ path: "$.card.number" }));
    expect(d.value).toEqual({ ...payment, card: { number: MASK_TEXT, expiry: "12/29" } });
    expect(d.masked).toEqual(["$.card.number"]);
    expect(d.text).toBeUndefined();
    expect(JSON.stringify(d)).not.toContain(CARD);
  });

  it("masks a field name pattern at any depth, case-insensitively", () => {
    const d = maskPayload(json({ Email: "x@y.z", nested: [{ contactEmail: EMAIL }] }), masker({ field: "*email" }));
    expect(d.value).toEqual({ Email: MASK_TEXT, nested: [{ contactEmail: MASK_TEXT }] });
    expect(d.masked).toEqual(["$.Email", "$.nested[0].contactEmail"]);
  });

  it("removes members and array elements (other paths' indexes stay right)", () => {
    const d = maskPayload(
      json({ a: [1, 2, 3, 4], b: 1 }),
      masker({ path: "$.a[1]", action: "remove" }, { path: "$.a[3]", action: "remove" }, { path: "$.b", action: "remove" }),
    );
    expect(d.value).toEqual({ a: [1, 3] });
    expect(d.masked).toEqual(["$.a[1]", "$.a[3]", "$.b"]);
  });

  it("hashes with the keyed hash it is given: equal values, equal hashes", () => {
    const d = maskPayload(json({ a: EMAIL, b: EMAIL, n: 42 }), masker({ field: "?", action: "hash" }));
    expect(d.value).toEqual({ a: hash(EMAIL), b: hash(EMAIL), n: hash("42") });
  });

  it("applies a regular expression inside every string value", () => {
    const d = maskPayload(json({ note: `card ${CARD} used`, id: 7 }), masker({ regex: "\\b\\d{13,19}\\b" }));
    expect(d.value).toEqual({ note: `card ${MASK_TEXT} used`, id: 7 });
    expect(d.masked).toEqual(["$.note"]);
  });

  it("supports wildcards, quoted names, indexes and descent", () => {
    const v = { "odd key": 1, list: [{ x: 1, y: 2 }, { x: 3 }], deep: { deeper: { x: 4 } } };
    expect(maskJson(v, masker({ path: "$['odd key']" }))?.paths.map((p) => formatPath(p))).toEqual(['$["odd key"]']);
    expect(maskJson(v, masker({ path: "$.list[*].x" }))?.paths.map((p) => formatPath(p))).toEqual(["$.list[0].x", "$.list[1].x"]);
    expect(maskJson(v, masker({ path: "$..x" }))?.paths.map((p) => formatPath(p))).toEqual(["$.deep.deeper.x", "$.list[0].x", "$.list[1].x"]);
    expect(maskJson(v, masker({ path: "$.list[0].*" }))?.value).toEqual({ ...v, list: [{ x: MASK_TEXT, y: MASK_TEXT }, { x: 3 }] });
    expect(maskJson(v, masker({ path: "$.nothing.here" }))).toBeUndefined();
  });

  it("reaches nothing through a prototype", () => {
    expect(maskJson({ a: 1 }, masker({ path: "$.constructor" }))).toBeUndefined();
    expect(maskJson({ a: 1 }, masker({ path: "$..__proto__" }))).toBeUndefined();
  });

  it("returns the payload itself when nothing matched, and never changes the input", () => {
    const input = json(payment);
    const before = JSON.stringify(input);
    expect(maskPayload(input, masker({ field: "nothing" }))).toBe(input);
    maskPayload(input, masker({ field: "number" }, { field: "email", action: "remove" }));
    expect(JSON.stringify(input)).toBe(before);
  });

  it("withholds a payload too deep to walk rather than risk missing a field", () => {
    let deep: unknown = { secret: EMAIL };
    for (let i = 0; i < 300; i++) deep = { d: deep };
    const d = maskPayload(json(deep), masker({ field: "secret" }));
    expect(d.masked).toEqual(["$"]);
    expect(JSON.stringify(d)).not.toContain(EMAIL);
  });
});

describe("text, binary and aggregated payloads", () => {
  it("applies regular expressions to text payloads; field rules leave text alone", () => {
    const text = decodePayload(utf8(`user ${EMAIL} paid`));
    expect(maskPayload(text, masker({ regex: "[\\w.]+@[\\w.]+" })).text).toBe(`user ${MASK_TEXT} paid`);
    expect(maskPayload(text, masker({ regex: "[\\w.]+@[\\w.]+", action: "remove" })).text).toBe("user  paid");
    expect(maskPayload(text, masker({ field: "email" }))).toBe(text);
  });

  it("masks a decoder's warning, which may quote the payload", () => {
    const forced = decodePayload(utf8(`my card ${CARD} thanks`), { decoder: "json" });
    expect(forced.warning).toContain("my card 4"); // what JSON.parse says quotes the text
    const d = maskPayload(forced, masker({ regex: "4\\d+" }));
    expect(JSON.stringify(d)).not.toMatch(/my card 4/);
    expect(d.masked).toContain("$");
    // Whatever the rules: no quotation of the payload is kept in a warning.
    const quoted = maskPayload(forced, masker({ field: "nothing" }));
    expect(quoted.warning).not.toContain("my card");
    expect(quoted.warning).toContain("is not valid JSON");
  });

  it("withholds a binary payload on a stream with rules (its hex dump would show the bytes)", () => {
    const bytes = new Uint8Array([0, 1, 2, 255, ...utf8(EMAIL)]);
    const d = maskPayload(decodePayload(bytes), masker({ field: "email" }));
    expect(d).toMatchObject({ format: "binary", text: "", masked: ["$"] });
    expect(d.warning).toMatch(/cannot be looked into/);
  });

  it("masks inside gzip: the rules see the decoded JSON", () => {
    const d = maskPayload(decodePayload(new Uint8Array(gzipSync(JSON.stringify(payment)))), masker({ path: "$.card.number" }));
    expect(d.chain).toContain("gzip");
    expect(d.masked).toEqual(["$.card.number"]);
  });

  it("masks each KPL user record, with paths as the aggregate is written out", () => {
    const agg = buildKplAggregate([
      { partitionKey: "a", data: utf8(JSON.stringify({ email: "one@example.com" })) },
      { partitionKey: "b", data: utf8(JSON.stringify({ other: 1 })) },
      { partitionKey: "c", data: utf8(`plain ${EMAIL}`) },
    ]);
    const d = maskPayload(decodePayload(agg), masker({ field: "email" }, { regex: "\\S+@\\S+" }));
    expect(d.format).toBe("kpl");
    expect(d.masked).toEqual(["$.records[0].payload.email", "$.records[2].payload"]);
    expect(d.subRecords?.[1]?.decoded.masked).toBeUndefined();
    expect(JSON.stringify(d)).not.toMatch(/one@example|ada@example/);
  });

  it("masks CloudWatch Logs events and the envelope", () => {
    const bytes = buildCloudWatchLogsEnvelope({
      logGroup: "/app/payments",
      logStream: "s",
      events: [
        { timestamp: 1, message: JSON.stringify({ level: "info", email: EMAIL }) },
        { timestamp: 2, message: `text ${CARD}` },
      ],
    });
    const d = maskPayload(decodePayload(bytes), masker({ field: "email", action: "hash" }, { regex: "\\d{16}" }, { path: "$.owner" }));
    expect(d.format).toBe("cwlogs");
    expect(d.masked).toEqual(["$.owner", "$.logEvents[0].payload.email", "$.logEvents[1].payload"]);
    expect(d.subRecords?.[0]?.decoded.value).toEqual({ level: "info", email: hash(EMAIL) });
    expect(JSON.stringify(d)).not.toContain(EMAIL);
    expect(JSON.stringify(d)).not.toContain(CARD);
  });
});

describe("records", () => {
  it("sends a masked record without its raw bytes, and an unmasked one whole", () => {
    const m = masker({ path: "$.card.number" });
    const masked = maskRecord(record(utf8(JSON.stringify(payment))), m);
    expect(masked.data).toBe("");
    expect(masked.decoded.masked).toEqual(["$.card.number"]);
    const plain = record(utf8(JSON.stringify({ other: 1 })));
    expect(maskRecord(plain, m)).toBe(plain);
  });

  it("a preview of a large masked record is written from the masked payload", () => {
    const big = { ...payment, filler: "x".repeat(100_000) };
    const preview = previewRecord(maskRecord(record(utf8(JSON.stringify(big))), masker({ path: "$.card.number" })));
    expect(preview.truncated).toBe(true);
    expect(preview.decoded.masked).toEqual(["$.card.number"]);
    expect(preview.data).toBe("");
    expect(JSON.stringify(preview)).not.toContain(CARD);
  });
});
