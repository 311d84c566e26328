import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gzipSync, zlibSync } from "fflate";
import { decodePayload, MAX_INFLATED_BYTES, MAX_NESTED_LAYERS, MAX_SUB_RECORDS } from "./decode-payload";
import { createRng } from "@/lib/util/create-rng";
import { hexDump } from "./hex-dump";
import { KPL_MAGIC } from "./kpl";
import { buildCloudWatchLogsEnvelope } from "./encode/build-cloudwatch-logs-envelope";
import { buildKplAggregate } from "./encode/build-kpl-aggregate";
import { DECODER_NAMES, type DecodedPayload } from "./types";
import { PrefetchingLookup } from "./schema-resolver";
import { compileSchema } from "./schemas/compile";
import { gsrHeader } from "./schemas/wire";

const utf8 = (s: string) => new TextEncoder().encode(s);
const gzip = (b: Uint8Array) => gzipSync(b, { mtime: 0 });

const BOMB_WARNING = "Stopped decompressing gzip data: the output would pass the limit of 8 MiB per record " + "(a guard against decompression bombs)";

describe("decodePayload: plain payloads", () => {
  it("calls no bytes empty, whatever decoder was asked for", () => {
    for (const decoder of DECODER_NAMES) {
      expect(decodePayload(new Uint8Array(0), { decoder })).toStrictEqual({ chain: ["base64"], format: "empty" });
    }
  });

  it("parses a JSON object and keeps the original text", () => {
    const text = ' {"order": 17, "items": ["a", "b"], "paid": true}\n';
    expect(decodePayload(utf8(text))).toStrictEqual({
      chain: ["base64", "json"],
      format: "json",
      value: { order: 17, items: ["a", "b"], paid: true },
      text,
    });
  });

  it("treats any whole-text JSON value as JSON: arrays, numbers, strings, literals", () => {
    const cases: [string, unknown][] = [
      ["[1,2]", [1, 2]],
      ["42", 42],
      ["-0.5e3", -500],
      ['"ok"', "ok"],
      ["true", true],
      ["null", null],
    ];
    for (const [text, value] of cases) {
      expect(decodePayload(utf8(text))).toStrictEqual({ chain: ["base64", "json"], format: "json", value, text });
    }
  });

  it("keeps the exact digits of numbers JSON.parse cannot hold, in `text`", () => {
    const decoded = decodePayload(utf8('{"id":12345678901234567890}'));
    expect(decoded.value).toEqual({ id: 12345678901234567000 });
    expect(decoded.text).toBe('{"id":12345678901234567890}');
  });

  it("reads a UTF-8 byte order mark as no part of the text", () => {
    const decoded = decodePayload(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8('{"a":1}')));
    expect(decoded).toStrictEqual({ chain: ["base64", "json"], format: "json", value: { a: 1 }, text: '{"a":1}' });
  });

  it("shows readable UTF-8 as text, including what only looks like JSON at first", () => {
    for (const text of [
      "hello world",
      "line one\r\n\tline two\n",
      "héllo wörld ✓ 😀",
      "null pointer exception in worker 3",
      "{not json}",
      "2024-05-01T00:00:00Z INFO started",
      "\u001b[31mERROR\u001b[0m disk full", // ANSI colours, as in container logs
    ]) {
      expect(decodePayload(utf8(text))).toStrictEqual({ chain: ["base64", "text"], format: "text", text });
    }
  });

  it("shows bytes as a hex dump when they are not UTF-8 or hold control characters", () => {
    for (const bytes of [
      Uint8Array.of(0x00, 0x01, 0x02, 0xff),
      utf8("abc\u0000def"), // NUL
      utf8("abc\u0007def"), // BEL
      utf8("abc\u007fdef"), // DEL
      utf8("abc\u0085def"), // C1 control (valid UTF-8 all the same)
      Uint8Array.of(0x68, 0x69, 0xc3), // cut inside a UTF-8 sequence
    ]) {
      expect(decodePayload(bytes)).toStrictEqual({ chain: ["base64", "hex"], format: "binary", text: hexDump(bytes) });
    }
  });

  it("gives the classic hex dump for binary, capped at 4 KiB", () => {
    expect(decodePayload(Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x41)).text).toBe("00000000  de ad be ef 00 41                                 |.....A|");
    const big = new Uint8Array(5000).map((_, i) => i % 256);
    const lines = decodePayload(big).text!.split("\n");
    expect(lines).toHaveLength(257);
    expect(lines[1]).toBe("00000010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|");
    expect(lines[256]).toBe("... 904 more bytes not shown (5000 in all)");
  });

  it("does not modify the bytes it is given, and returns plain JSON-safe data", () => {
    const bytes = gzip(utf8('{"a":[1,2]}'));
    const copy = bytes.slice();
    const decoded = decodePayload(bytes);
    expect(bytes).toEqual(copy);
    expect(JSON.parse(JSON.stringify(decoded))).toStrictEqual(decoded);
  });
});

describe("decodePayload: gzip and zlib", () => {
  it("inflates gzip, then carries on down the chain", () => {
    expect(decodePayload(gzip(utf8('{"event":"click","x":3}')))).toStrictEqual({
      chain: ["base64", "gzip", "json"],
      format: "json",
      value: { event: "click", x: 3 },
      text: '{"event":"click","x":3}',
    });
    expect(decodePayload(gzip(Uint8Array.of(1, 2, 3)))).toStrictEqual({
      chain: ["base64", "gzip", "hex"],
      format: "binary",
      text: "00000000  01 02 03                                          |...|",
    });
    expect(decodePayload(gzip(new Uint8Array(0)))).toStrictEqual({ chain: ["base64", "gzip"], format: "empty" });
  });

  it("inflates zlib at every compression level", () => {
    for (const level of [0, 1, 6, 9] as const) {
      expect(decodePayload(zlibSync(utf8("compressed text"), { level }))).toStrictEqual({
        chain: ["base64", "zlib", "text"],
        format: "text",
        text: "compressed text",
      });
    }
  });

  it("unwraps layers in turn: zlib inside gzip", () => {
    expect(decodePayload(gzip(zlibSync(utf8("[1]"))))).toStrictEqual({
      chain: ["base64", "gzip", "zlib", "json"],
      format: "json",
      value: [1],
      text: "[1]",
    });
  });

  it("says so when gzip data is broken, and shows its bytes", () => {
    const whole = gzip(utf8("x".repeat(1000)));
    const cut = whole.subarray(0, whole.length - 3);
    expect(decodePayload(cut)).toStrictEqual({
      chain: ["base64", "hex"],
      format: "binary",
      text: hexDump(cut),
      warning: "Looks like gzip data but could not be decompressed: the CRC-32/length trailer does not match, " + "so the data is truncated or corrupted",
    });
  });

  it("reads text that merely starts like a zlib header (x^) as text, without a warning", () => {
    expect(decodePayload(utf8("x^2 + y^2 = r^2"))).toStrictEqual({
      chain: ["base64", "text"],
      format: "text",
      text: "x^2 + y^2 = r^2",
    });
  });

  it("mentions a failed zlib attempt when the bytes end up shown as binary", () => {
    const bytes = Uint8Array.of(0x78, 0x9c, 0xff, 0xff, 0x00, 0x01, 0x02, 0x03);
    const decoded = decodePayload(bytes);
    expect(decoded.format).toBe("binary");
    expect(decoded.warning).toMatch(/^Looks like zlib data but could not be decompressed: .+/);
  });

  it(`stops after ${MAX_NESTED_LAYERS} nested layers and shows the rest as bytes`, () => {
    let bytes = utf8('{"deep":true}');
    for (let i = 0; i < MAX_NESTED_LAYERS + 1; i++) bytes = gzip(bytes);
    const decoded = decodePayload(bytes);
    expect(decoded.chain).toEqual(["base64", "gzip", "gzip", "gzip", "gzip", "hex"]);
    expect(decoded.format).toBe("binary");
    expect(decoded.warning).toBe("Stopped after 4 nested layers (KPL, gzip, zlib); the rest is shown as it is");
    expect(decoded.text).toMatch(/^00000000 {2}1f 8b 08 00/);
  });
});

describe("decodePayload: decompression limits", () => {
  const bomb = gzip(new Uint8Array(MAX_INFLATED_BYTES + 1)); // 8 MiB + 1 of zeros, ~8 KB

  it("stops a gzip bomb at the limit, warns and shows the compressed bytes", () => {
    expect(bomb.length).toBeLessThan(10_000);
    expect(decodePayload(bomb)).toStrictEqual({
      chain: ["base64", "hex"],
      format: "binary",
      text: hexDump(bomb),
      warning: BOMB_WARNING,
    });
  });

  it("inflates output of exactly the limit", () => {
    const decoded = decodePayload(gzip(new Uint8Array(MAX_INFLATED_BYTES)));
    expect(decoded.chain).toEqual(["base64", "gzip", "hex"]);
    expect(decoded.warning).toBeUndefined();
    expect(decoded.text!.split("\n").at(-1)).toBe(`... ${MAX_INFLATED_BYTES - 4096} more bytes not shown (${MAX_INFLATED_BYTES} in all)`);
  });

  it("shares the limit among all the sub-records of one payload", () => {
    const threeMiB = utf8("a".repeat(3 * 1024 * 1024));
    const aggregate = buildKplAggregate(["k1", "k2", "k3"].map((partitionKey) => ({ partitionKey, data: gzip(threeMiB) })));
    const decoded = decodePayload(aggregate);
    const [first, second, third] = decoded.subRecords!;
    expect(first!.decoded.chain).toEqual(["gzip", "text"]);
    expect(first!.decoded.text).toHaveLength(3 * 1024 * 1024);
    expect(second!.decoded.chain).toEqual(["gzip", "text"]);
    // 3 + 3 + 3 MiB would pass 8 MiB: the third stays compressed.
    expect(third!.decoded).toMatchObject({ chain: ["hex"], format: "binary", warning: BOMB_WARNING });
  });

  it("does not try a second time when a forced gzip already hit the limit", () => {
    expect(decodePayload(bomb, { decoder: "gzip" })).toStrictEqual({
      chain: ["base64", "hex"],
      format: "binary",
      text: hexDump(bomb),
      warning: BOMB_WARNING,
    });
  });
});

describe("decodePayload: KPL aggregated records", () => {
  it("splits an aggregate into its user records, each decoded on its own", () => {
    const aggregate = buildKplAggregate([
      { partitionKey: "customer-1", data: utf8('{"order":1}') },
      { partitionKey: "customer-2", explicitHashKey: "85070591730234615865843651857942052864", data: gzip(utf8('{"order":2}')) },
      { partitionKey: "customer-3", data: utf8("plain text") },
    ]);
    expect(decodePayload(aggregate)).toStrictEqual({
      chain: ["base64", "kpl"],
      format: "kpl",
      subRecords: [
        {
          partitionKey: "customer-1",
          size: 11,
          decoded: { chain: ["json"], format: "json", value: { order: 1 }, text: '{"order":1}' },
        },
        {
          partitionKey: "customer-2",
          explicitHashKey: "85070591730234615865843651857942052864",
          size: gzip(utf8('{"order":2}')).length,
          decoded: { chain: ["gzip", "json"], format: "json", value: { order: 2 }, text: '{"order":2}' },
        },
        {
          partitionKey: "customer-3",
          size: 10,
          decoded: { chain: ["text"], format: "text", text: "plain text" },
        },
      ],
    });
  });

  it("decodes empty, binary and CloudWatch Logs user records", () => {
    const envelope = buildCloudWatchLogsEnvelope({ logGroup: "g", logStream: "s", events: [{ id: "e1", timestamp: 5, message: "hi" }] });
    const decoded = decodePayload(
      buildKplAggregate([
        { partitionKey: "a", data: new Uint8Array(0) },
        { partitionKey: "b", data: Uint8Array.of(0xff, 0x00) },
        { partitionKey: "c", data: envelope },
      ]),
    );
    expect(decoded.subRecords!.map((s) => s.decoded.chain)).toEqual([[], ["hex"], ["gzip", "cwlogs"]]);
    expect(decoded.subRecords![0]!.decoded).toStrictEqual({ chain: [], format: "empty" });
    expect(decoded.subRecords![2]!.decoded.subRecords).toStrictEqual([
      { id: "e1", timestamp: 5, size: 2, decoded: { chain: ["text"], format: "text", text: "hi" } },
    ]);
  });

  it("falls through with a warning when the checksum does not match", () => {
    const aggregate = buildKplAggregate([
      { partitionKey: "a", data: utf8("one") },
      { partitionKey: "b", data: utf8("two") },
    ]);
    aggregate[10]! ^= 0x20;
    expect(decodePayload(aggregate)).toStrictEqual({
      chain: ["base64", "hex"],
      format: "binary",
      text: hexDump(aggregate),
      warning: "Starts with the KPL magic bytes but is not a KPL aggregated record: the MD5 checksum does not match its contents",
    });
  });

  it("falls through with a warning when the protobuf is broken", () => {
    const body = [0xff, 0xff, 0xff];
    const bytes = Uint8Array.from([...KPL_MAGIC, ...body, ...createHash("md5").update(Uint8Array.from(body)).digest()]);
    const decoded = decodePayload(bytes);
    expect(decoded.format).toBe("binary");
    expect(decoded.warning).toMatch(/^Starts with the KPL magic bytes but is not a KPL aggregated record: the protobuf body is malformed \(.+\)$/);
  });

  it("counts the KPL layer toward the nesting limit", () => {
    let data = utf8("deep");
    for (let i = 0; i < MAX_NESTED_LAYERS; i++) data = gzip(data);
    const [sub] = decodePayload(buildKplAggregate([{ partitionKey: "a", data }])).subRecords!;
    expect(sub!.decoded.chain).toEqual(["gzip", "gzip", "gzip", "hex"]);
    expect(sub!.decoded.warning).toBe("Stopped after 4 nested layers (KPL, gzip, zlib); the rest is shown as it is");
  });

  it(`decodes at most ${MAX_SUB_RECORDS} user records and says how many there were`, () => {
    const records = Array.from({ length: MAX_SUB_RECORDS + 5 }, (_, i) => ({ partitionKey: `k${i}`, data: utf8(String(i)) }));
    const decoded = decodePayload(buildKplAggregate(records));
    expect(decoded.subRecords).toHaveLength(MAX_SUB_RECORDS);
    expect(decoded.subRecords!.at(-1)).toStrictEqual({
      partitionKey: `k${MAX_SUB_RECORDS - 1}`,
      size: 4,
      decoded: { chain: ["json"], format: "json", value: MAX_SUB_RECORDS - 1, text: String(MAX_SUB_RECORDS - 1) },
    });
    expect(decoded.warning).toBe(`Showing the first ${MAX_SUB_RECORDS} of ${MAX_SUB_RECORDS + 5} user records`);
  });

  it("looks for KPL only at the top: an aggregate inside gzip is left as bytes", () => {
    const aggregate = buildKplAggregate([{ partitionKey: "a", data: utf8("x") }]);
    const decoded = decodePayload(gzip(aggregate));
    expect(decoded.chain).toEqual(["base64", "gzip", "hex"]);
    expect(decoded.warning).toBeUndefined();
  });
});

describe("decodePayload: CloudWatch Logs subscription envelopes", () => {
  const envelope = () =>
    buildCloudWatchLogsEnvelope({
      owner: "111122223333",
      logGroup: "/aws/lambda/checkout",
      logStream: "2024/05/01/[$LATEST]0123",
      subscriptionFilters: ["to-kinesis"],
      events: [
        { id: "36845310990930224117390133468741390391713345435516977152", timestamp: 1714521600000, message: "START RequestId: 42" },
        { id: "36845310990930224117390133468741390391713345435516977153", timestamp: 1714521600001, message: '{"level":"error","msg":"café ✓"}' },
        { timestamp: 1714521600002, message: "[not json" },
      ],
    });

  it("returns the envelope without its events, and one sub-record per event", () => {
    expect(decodePayload(envelope())).toStrictEqual({
      chain: ["base64", "gzip", "cwlogs"],
      format: "cwlogs",
      value: {
        messageType: "DATA_MESSAGE",
        owner: "111122223333",
        logGroup: "/aws/lambda/checkout",
        logStream: "2024/05/01/[$LATEST]0123",
        subscriptionFilters: ["to-kinesis"],
      },
      subRecords: [
        {
          id: "36845310990930224117390133468741390391713345435516977152",
          timestamp: 1714521600000,
          size: 19,
          decoded: { chain: ["text"], format: "text", text: "START RequestId: 42" },
        },
        {
          id: "36845310990930224117390133468741390391713345435516977153",
          timestamp: 1714521600001,
          size: 35, // bytes, not characters: é and ✓ take 2 and 3
          decoded: {
            chain: ["json"],
            format: "json",
            value: { level: "error", msg: "café ✓" },
            text: '{"level":"error","msg":"café ✓"}',
          },
        },
        {
          id: "0001714521600002" + "0".repeat(38) + "02",
          timestamp: 1714521600002,
          size: 9,
          decoded: { chain: ["text"], format: "text", text: "[not json" },
        },
      ],
    });
  });

  it("recognises the CONTROL_MESSAGE sent when a subscription starts", () => {
    const bytes = buildCloudWatchLogsEnvelope({
      messageType: "CONTROL_MESSAGE",
      owner: "CloudwatchLogs",
      logGroup: "",
      logStream: "",
      subscriptionFilters: [],
      events: [{ id: "", timestamp: 1714521600000, message: "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream." }],
    });
    const decoded = decodePayload(bytes);
    expect(decoded.format).toBe("cwlogs");
    expect(decoded.value).toEqual({ messageType: "CONTROL_MESSAGE", owner: "CloudwatchLogs", logGroup: "", logStream: "", subscriptionFilters: [] });
    expect(decoded.subRecords).toStrictEqual([
      {
        id: "",
        timestamp: 1714521600000,
        size: 67,
        decoded: { chain: ["text"], format: "text", text: "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream." },
      },
    ]);
  });

  it("recognises an envelope that is not gzipped (as a Lambda or Firehose may pass it on)", () => {
    const json = '{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":2,"message":""}]}';
    expect(decodePayload(utf8(json))).toStrictEqual({
      chain: ["base64", "cwlogs"],
      format: "cwlogs",
      value: { messageType: "DATA_MESSAGE", logGroup: "g" },
      subRecords: [{ id: "1", timestamp: 2, size: 0, decoded: { chain: [], format: "empty" } }],
    });
  });

  it("leaves JSON that only resembles an envelope as JSON", () => {
    for (const json of [
      '{"messageType":"DATA_MESSAGE","logEvents":"none"}',
      '{"messageType":"DATA_MESSAGE","logEvents":[{"message":7}]}',
      '{"logEvents":[]}',
    ]) {
      expect(decodePayload(utf8(json)).chain).toEqual(["base64", "json"]);
    }
  });
});

describe("decodePayload: forced decoders", () => {
  const json = utf8('{"a":1}');

  it("auto is the default", () => {
    expect(decodePayload(json, { decoder: "auto" })).toStrictEqual(decodePayload(json));
  });

  it("gzip: inflates then carries on; otherwise says why and decodes as auto would", () => {
    expect(decodePayload(gzip(json), { decoder: "gzip" })).toStrictEqual({
      chain: ["base64", "gzip", "json"],
      format: "json",
      value: { a: 1 },
      text: '{"a":1}',
    });
    expect(decodePayload(json, { decoder: "gzip" })).toStrictEqual({
      chain: ["base64", "json"],
      format: "json",
      value: { a: 1 },
      text: '{"a":1}',
      warning: "Not gzip data: missing the 1f 8b header",
    });
  });

  it("zlib: inflates then carries on; otherwise says why", () => {
    expect(decodePayload(zlibSync(utf8("zz")), { decoder: "zlib" })).toStrictEqual({
      chain: ["base64", "zlib", "text"],
      format: "text",
      text: "zz",
    });
    expect(decodePayload(json, { decoder: "zlib" })).toMatchObject({
      chain: ["base64", "json"],
      warning: "Not zlib data: the first two bytes (7b 22) are not a zlib header",
    });
    // Forced zlib on gzip data: the auto chain still inflates the gzip.
    expect(decodePayload(gzip(json), { decoder: "zlib" })).toMatchObject({
      chain: ["base64", "gzip", "json"],
      warning: "Not zlib data: the first two bytes (1f 8b) are not a zlib header",
    });
  });

  it("json: parses any JSON value; otherwise says why", () => {
    expect(decodePayload(utf8("  7 "), { decoder: "json" })).toStrictEqual({
      chain: ["base64", "json"],
      format: "json",
      value: 7,
      text: "  7 ",
    });
    const notJson = decodePayload(utf8("hello"), { decoder: "json" });
    expect(notJson).toMatchObject({ chain: ["base64", "text"], format: "text", text: "hello" });
    expect(notJson.warning).toMatch(/^Not JSON: .*valid JSON/);
    expect(decodePayload(Uint8Array.of(0x7b, 0xff), { decoder: "json" })).toMatchObject({
      format: "binary",
      warning: "Not JSON: the payload is not valid UTF-8 text",
    });
  });

  it("json: shows an envelope as the JSON it is rather than as log events", () => {
    const bytes = utf8('{"messageType":"DATA_MESSAGE","logEvents":[]}');
    expect(decodePayload(bytes, { decoder: "json" }).format).toBe("json");
  });

  it("text: decodes any bytes as UTF-8, with replacement characters", () => {
    expect(decodePayload(Uint8Array.of(0x68, 0x69, 0xff, 0x00), { decoder: "text" })).toStrictEqual({
      chain: ["base64", "text"],
      format: "text",
      text: "hi\ufffd\u0000",
    });
    expect(decodePayload(json, { decoder: "text" })).toStrictEqual({ chain: ["base64", "text"], format: "text", text: '{"a":1}' });
  });

  it("hex: always gives the hex dump", () => {
    expect(decodePayload(json, { decoder: "hex" })).toStrictEqual({
      chain: ["base64", "hex"],
      format: "binary",
      text: '00000000  7b 22 61 22 3a 31 7d                              |{"a":1}|',
    });
    expect(decodePayload(gzip(json), { decoder: "hex" }).chain).toEqual(["base64", "hex"]);
  });

  it("kpl: de-aggregates; otherwise says why", () => {
    const aggregate = buildKplAggregate([{ partitionKey: "p", data: utf8("v") }]);
    expect(decodePayload(aggregate, { decoder: "kpl" })).toStrictEqual({
      chain: ["base64", "kpl"],
      format: "kpl",
      subRecords: [{ partitionKey: "p", size: 1, decoded: { chain: ["text"], format: "text", text: "v" } }],
    });
    expect(decodePayload(json, { decoder: "kpl" })).toMatchObject({
      chain: ["base64", "json"],
      warning: "Not a KPL aggregated record: missing the magic bytes f3 89 9a c2",
    });
    aggregate[aggregate.length - 1]! ^= 1;
    expect(decodePayload(aggregate, { decoder: "kpl" })).toMatchObject({
      chain: ["base64", "hex"],
      // Said once: the auto fallback does not try KPL again.
      warning: "Not a KPL aggregated record: the MD5 checksum does not match its contents",
    });
  });

  it("cwlogs: reads a gzipped or plain envelope; otherwise says why", () => {
    const bytes = buildCloudWatchLogsEnvelope({ logGroup: "g", logStream: "s", events: [{ id: "1", timestamp: 1, message: "m" }] });
    expect(decodePayload(bytes, { decoder: "cwlogs" })).toStrictEqual(decodePayload(bytes));
    expect(decodePayload(utf8('{"messageType":"X","logEvents":[]}'), { decoder: "cwlogs" })).toStrictEqual({
      chain: ["base64", "cwlogs"],
      format: "cwlogs",
      value: { messageType: "X" },
      subRecords: [],
    });
    expect(decodePayload(gzip(json), { decoder: "cwlogs" })).toStrictEqual({
      chain: ["base64", "gzip", "json"],
      format: "json",
      value: { a: 1 },
      text: '{"a":1}',
      warning: "Not a CloudWatch Logs envelope: the JSON lacks messageType and a logEvents array of {id, timestamp, message}",
    });
    expect(decodePayload(utf8("plain"), { decoder: "cwlogs" })).toMatchObject({
      chain: ["base64", "text"],
      warning: expect.stringMatching(/^Not a CloudWatch Logs envelope: not JSON \(.+\)$/),
    });
    const cut = bytes.subarray(0, bytes.length - 4);
    expect(decodePayload(cut, { decoder: "cwlogs" })).toStrictEqual({
      chain: ["base64", "hex"],
      format: "binary",
      text: hexDump(cut),
      warning:
        "Not a CloudWatch Logs envelope: its gzip data could not be decompressed " +
        "(the CRC-32/length trailer does not match, so the data is truncated or corrupted)",
    });
    expect(decodePayload(Uint8Array.of(0xff), { decoder: "cwlogs" })).toMatchObject({
      chain: ["base64", "hex"],
      warning: "Not a CloudWatch Logs envelope: not UTF-8 text",
    });
  });
});

describe("decodePayload: never throws", () => {
  const validSeeds: Uint8Array[] = [
    buildKplAggregate([
      { partitionKey: "a", data: gzip(utf8('{"x":1}')) },
      { partitionKey: "b", explicitHashKey: "1", data: zlibSync(utf8("text")) },
    ]),
    buildCloudWatchLogsEnvelope({ logGroup: "g", logStream: "s", events: [{ timestamp: 1, message: '{"m":1}' }] }),
    gzip(utf8('{"a":[1,2,3]}')),
    zlibSync(utf8("zlib text")),
    utf8('{"a":"b"}'),
  ];
  const gsrId = [...gsrHeader("b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a01", "none").subarray(2)];
  const prefixes = [
    [],
    [0x1f, 0x8b, 0x08],
    [0x78, 0x9c],
    [0x78, 0x01],
    [...KPL_MAGIC],
    [0x7b],
    [0xef, 0xbb, 0xbf],
    [3, 0, ...gsrId],
    [3, 5, ...gsrId, 0x78, 0x9c],
    [0, 0, 0, 0, 7],
    [0x82],
    [0xa2],
  ];
  const FORMATS = new Set(["json", "text", "binary", "kpl", "cwlogs", "empty", "avro", "protobuf", "jsonschema", "msgpack", "cbor"]);
  // Random bytes through real schemas too: any GSR id is the Avro schema, the stream has a .proto.
  const compile = (format: "avro" | "protobuf", name: string, messageType?: string) => {
    const result = compileSchema({
      format,
      text: fs.readFileSync(path.join(__dirname, "fixtures/gsr", name), "utf8"),
      info: { source: "file", name },
      messageType,
    });
    if (!result.ok) throw new Error(result.reason);
    return { ok: true as const, schema: result.schema };
  };
  const avroSchema = compile("avro", "sensor-reading.avsc");
  const schemas = new PrefetchingLookup(() => avroSchema, compile("protobuf", "sensors.proto", "demo.sensors.Reading"));

  /** Problems with one result, as words; an empty list when its shape is sound. */
  function shapeProblems(decoded: DecodedPayload, top: boolean): string[] {
    const problems: string[] = [];
    if (top && decoded.chain[0] !== "base64") problems.push(`chain starts with ${decoded.chain[0]}`);
    if (!FORMATS.has(decoded.format)) problems.push(`unknown format ${decoded.format}`);
    for (const sub of decoded.subRecords ?? []) problems.push(...shapeProblems(sub.decoded, false));
    return problems;
  }

  it("decodes thousands of random and mangled payloads with every decoder", () => {
    // Seeded, so a failure can be replayed from its seed.
    const next = createRng(20240501);
    const byte = () => Math.floor(next() * 256);
    const payloads: Uint8Array[] = [];
    for (let i = 0; i < 600; i++) {
      const prefix = prefixes[i % prefixes.length]!;
      const body = Array.from({ length: Math.floor(next() * 200) }, byte);
      payloads.push(Uint8Array.from([...prefix, ...body]));
    }
    for (const seed of validSeeds) {
      for (let i = 0; i < 60; i++) {
        // Cut short (or not), then flip up to two bytes (or none).
        const mangled = seed.slice(0, Math.max(1, Math.floor(next() * (seed.length * 1.5))));
        for (let flips = Math.floor(next() * 3); flips > 0; flips--) mangled[Math.floor(next() * mangled.length)] = byte();
        payloads.push(mangled);
      }
    }

    const failures: string[] = [];
    const formatsSeen = new Set<string>();
    for (const [i, bytes] of payloads.entries()) {
      for (const decoder of DECODER_NAMES) {
        try {
          const decoded = decodePayload(bytes, { decoder, ...(i % 2 === 0 && { schemas }) });
          formatsSeen.add(decoded.format);
          failures.push(...shapeProblems(decoded, true).map((p) => `payload ${i}, ${decoder}: ${p}`));
        } catch (error) {
          failures.push(`payload ${i}, ${decoder}: threw ${String(error)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The mangling left some payloads intact enough to reach every format.
    expect([...formatsSeen]).toEqual(expect.arrayContaining(["binary", "cwlogs", "json", "kpl", "text", "msgpack", "cbor"]));
  });
});
