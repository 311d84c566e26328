// Turns a Kinesis record's bytes into something a person can read, by detecting (or being told)
// the chain: base64 → KPL de-aggregation → Glue Schema Registry framing (then Avro, Protobuf or
// JSON Schema by the registry's schema) → gzip/zlib → CloudWatch Logs envelope → JSON, the
// stream's attached schema, Confluent framing, text, MessagePack, CBOR, hex.
// Isomorphic except for KPL (./kpl needs Node), so in practice it runs on the server.
// Synchronous: schemas come from a `SchemaLookup` the server has filled ahead (schema-resolver.ts).
import { utf8Length } from "@/lib/util/utf8-length";
import { decodeBinaryFormat, type BinaryFormat } from "./binary-formats";
import { hexDump } from "./hex-dump";
import { hasGzipHeader, hasZlibHeader, inflateCapped, type CompressionFormat, type InflateResult } from "./inflate-capped";
import { deaggregateKpl, hasKplMagic, type KplUserRecord } from "./kpl";
import type { SchemaLookup } from "./schema-resolver";
import type { CompiledSchema, Framing } from "./schemas/compile";
import { hasGsrHeader, parseConfluent, parseGsr, type ConfluentFrame, type GsrFrame } from "./schemas/wire";
import type { DecodedPayload, DecodedSubRecord, DecoderName, SchemaInfo } from "./types";

/** Inflated bytes allowed per decodePayload call, over all its layers and sub-records together. */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;
/** Unwrapping steps (KPL, gzip, zlib) allowed on one path: gzip inside gzip inside ... stops here. */
export const MAX_NESTED_LAYERS = 4;
/** Sub-records decoded one by one; a warning counts the rest. */
export const MAX_SUB_RECORDS = 10_000;

export interface DecodePayloadOptions {
  /** Apply this step first; "auto" (the default) detects the whole chain. */
  decoder?: DecoderName;
  /** Registry and attached schemas; without it GSR records are recognised but not decoded. */
  schemas?: SchemaLookup;
  /** Put each schema's text in `schema.definition` (the detail view). */
  withSchemaText?: boolean;
}

/**
 * Decodes one record's payload (already decoded from base64). A forced decoder that does not
 * fit falls back to the auto chain, with a `warning` saying why. Never throws, whatever the bytes.
 *
 * Top-level chains start with "base64"; a sub-record's chain holds only its own steps.
 */
export function decodePayload(bytes: Uint8Array, options: DecodePayloadOptions = {}): DecodedPayload {
  try {
    const start: Path = { chain: ["base64"], layers: 0, warnings: [], hints: [] };
    // Nothing to decode, whatever decoder was asked for.
    if (bytes.length === 0) return finish(start, { format: "empty" });
    return decodeForced(bytes, options.decoder ?? "auto", start, {
      inflated: 0,
      schemas: options.schemas,
      withSchemaText: options.withSchemaText ?? false,
    });
  } catch (error) {
    // Each step is written not to throw; this backstop is for what nobody foresaw, since the
    // bytes come from anyone who can write to the stream.
    return {
      chain: ["base64", "hex"],
      format: "binary",
      text: hexDump(bytes),
      warning: `Could not decode this payload: ${messageOf(error)}`,
    };
  }
}

/** Where decoding stands on one path through the chain. */
interface Path {
  chain: string[];
  /** Unwrapping steps taken so far, against MAX_NESTED_LAYERS. */
  layers: number;
  warnings: string[];
  /** Said only if the payload ends up as raw bytes, e.g. a zlib-like start that did not inflate. */
  hints: string[];
}

/** Shared by every layer and sub-record of one decodePayload call. */
interface Budget {
  inflated: number;
  schemas: SchemaLookup | undefined;
  withSchemaText: boolean;
}

/** Which detections the auto chain may still try. */
interface Steps {
  kpl: boolean;
  gsr: boolean;
  gzip: boolean;
  zlib: boolean;
}

const AUTO_STEPS: Steps = { kpl: true, gsr: true, gzip: true, zlib: true };
// KPL only ever wraps a record as it is put, so it is looked for at the top and nowhere deeper;
// a GSR record may be a KPL user record (the Java KPL with the GSR serializer), or gzipped.
const NESTED_STEPS: Steps = { kpl: false, gsr: true, gzip: true, zlib: true };

const step = (path: Path, name: string): Path => ({ ...path, chain: [...path.chain, name] });
const nest = (path: Path, name: string): Path => ({ ...step(path, name), layers: path.layers + 1 });
const warn = (path: Path, warning: string): Path => ({ ...path, warnings: [...path.warnings, warning] });
const hint = (path: Path, note: string): Path => ({ ...path, hints: [...path.hints, note] });

function finish(path: Path, body: Omit<DecodedPayload, "chain">): DecodedPayload {
  return {
    chain: path.chain,
    ...body,
    ...(path.warnings.length > 0 && { warning: path.warnings.join("; ") }),
  };
}

function decodeForced(bytes: Uint8Array, decoder: DecoderName, path: Path, budget: Budget): DecodedPayload {
  // A forced step that does not apply: say why, then let the auto chain show what the bytes are,
  // without repeating the step that just failed.
  const fallBack = (why: string, skip: Partial<Steps> = {}) => decodeAuto(bytes, warn(path, why), budget, { ...AUTO_STEPS, ...skip });

  switch (decoder) {
    case "auto":
      return decodeAuto(bytes, path, budget, AUTO_STEPS);
    case "hex":
      return binary(bytes, path);
    case "text":
      return finish(step(path, "text"), { format: "text", text: lenientUtf8.decode(bytes) });
    case "json": {
      const text = strictUtf8(bytes);
      if (text === undefined) return fallBack("Not JSON: the payload is not valid UTF-8 text");
      const parsed = parseJson(text);
      if (!parsed.ok) return fallBack(`Not JSON: ${parsed.reason}`);
      return finish(step(path, "json"), { format: "json", value: parsed.value, text });
    }
    case "kpl": {
      const result = deaggregateKpl(bytes);
      if (!result.ok) return fallBack(`Not a KPL aggregated record: ${result.reason}`, { kpl: false });
      return kplPayload(result.records, nest(path, "kpl"), budget);
    }
    case "gzip":
    case "zlib": {
      const result = inflate(decoder, bytes, budget);
      if (!result.ok) return fallBack(inflateProblem(decoder, result, true), { [decoder]: false });
      return decodeAuto(result.bytes, nest(path, decoder), budget, NESTED_STEPS);
    }
    case "cwlogs":
      return decodeForcedCloudWatchLogs(bytes, path, budget, fallBack);
    case "gsr": {
      const result = parseGsr(bytes);
      if (!result.ok) return fallBack(`Not Glue Schema Registry data: ${result.reason}`, { gsr: false });
      return gsrPayload(result.frame, path, budget);
    }
    case "confluent": {
      const frame = parseConfluent(bytes);
      if (!frame) return fallBack("Not Confluent framing: it starts with a 0 byte and a schema id from 1 to 2^24 - 1", { gsr: false });
      return confluentPayload(frame, path, budget);
    }
    case "avro":
    case "protobuf": {
      const attached = budget.schemas?.stream();
      const label = decoder === "avro" ? "Avro" : "Protobuf";
      if (!attached) return fallBack(`Not decoded as ${label}: no ${label} schema is attached to this stream`);
      if (!attached.ok) return fallBack(`The schema attached to this stream cannot be used: ${attached.reason}`);
      if (attached.schema.format !== decoder) return fallBack(`Not decoded as ${label}: the schema attached to this stream is ${attached.schema.format}`);
      const result = schemaPayload(attached.schema, bytes, "raw", path, budget);
      return result.ok ? result.decoded : fallBack(`Not ${label} data of ${attached.schema.info.name}: ${result.reason}`);
    }
    case "msgpack":
    case "cbor": {
      const result = decodeBinaryFormat(decoder, bytes, false);
      if (!result.ok) return fallBack(`Not ${BINARY_LABEL[decoder]}: ${result.reason}`);
      return finish(step(path, decoder), { format: decoder, value: result.value });
    }
  }
}

/** The envelope is gzipped as CloudWatch Logs puts it, or plain JSON once something inflated it. */
function decodeForcedCloudWatchLogs(
  bytes: Uint8Array,
  path: Path,
  budget: Budget,
  fallBack: (why: string, skip?: Partial<Steps>) => DecodedPayload,
): DecodedPayload {
  const notEnvelope = "Not a CloudWatch Logs envelope";
  let json = bytes;
  let at = path;
  if (hasGzipHeader(bytes)) {
    const result = inflate("gzip", bytes, budget);
    if (!result.ok) {
      const why = result.overLimit ? inflateProblem("gzip", result, true) : `${notEnvelope}: its gzip data could not be decompressed (${result.reason})`;
      return fallBack(why, { gzip: false });
    }
    json = result.bytes;
    at = nest(path, "gzip");
  }
  const text = strictUtf8(json);
  let why = "not UTF-8 text";
  if (text !== undefined) {
    const parsed = parseJson(text);
    if (parsed.ok && isCloudWatchLogsEnvelope(parsed.value)) return cloudWatchLogsPayload(parsed.value, step(at, "cwlogs"));
    why = parsed.ok ? "the JSON lacks messageType and a logEvents array of {id, timestamp, message}" : `not JSON (${parsed.reason})`;
  }
  // Carry on from the inflated bytes rather than inflating them a second time.
  return decodeAuto(json, warn(at, `${notEnvelope}: ${why}`), budget, at === path ? AUTO_STEPS : NESTED_STEPS);
}

function decodeAuto(bytes: Uint8Array, path: Path, budget: Budget, steps: Steps): DecodedPayload {
  if (bytes.length === 0) return finish(path, { format: "empty" });

  let at = path;
  if (steps.kpl && hasKplMagic(bytes)) {
    const result = deaggregateKpl(bytes);
    if (result.ok) return kplPayload(result.records, nest(at, "kpl"), budget);
    at = warn(at, `Starts with the KPL magic bytes but is not a KPL aggregated record: ${result.reason}`);
  }

  if (steps.gsr && hasGsrHeader(bytes)) {
    const result = parseGsr(bytes);
    if (result.ok) return gsrPayload(result.frame, at, budget);
  }

  // Only 78 xx counts as zlib here: it is what zlib writes by default, and other header bytes
  // are too common at the start of plain text. A forced "zlib" accepts any valid header.
  const format: CompressionFormat | undefined =
    steps.gzip && hasGzipHeader(bytes) ? "gzip" : steps.zlib && bytes[0] === 0x78 && hasZlibHeader(bytes) ? "zlib" : undefined;
  if (format && at.layers >= MAX_NESTED_LAYERS) {
    at = warn(at, `Stopped after ${MAX_NESTED_LAYERS} nested layers (KPL, gzip, zlib); the rest is shown as it is`);
  } else if (format) {
    const result = inflate(format, bytes, budget);
    if (result.ok) return decodeAuto(result.bytes, nest(at, format), budget, NESTED_STEPS);
    const problem = inflateProblem(format, result, false);
    // Two zlib header bytes happen by chance (text starting "x^"); gzip's 1f 8b hardly does.
    at = format === "gzip" || result.overLimit ? warn(at, problem) : hint(at, problem);
  }
  return leaf(bytes, at, budget);
}

/**
 * The last step: JSON (perhaps a CloudWatch Logs envelope), the stream's attached schema,
 * Confluent framing, readable text, MessagePack or CBOR that passes the confidence check, or a
 * hex dump. `schemas` false: the bytes are a registry record's payload its schema did not fit.
 */
function leaf(bytes: Uint8Array, path: Path, budget: Budget, schemas = true): DecodedPayload {
  const text = strictUtf8(bytes);
  if (text !== undefined) {
    const parsed = looksLikeJson(text) ? parseJson(text) : undefined;
    if (parsed?.ok) {
      if (isCloudWatchLogsEnvelope(parsed.value)) return cloudWatchLogsPayload(parsed.value, step(path, "cwlogs"));
      return finish(step(path, "json"), { format: "json", value: parsed.value, text });
    }
  }
  let at = path;
  if (schemas) {
    // A 0 byte never starts readable text, so framing is looked for before text.
    const frame = parseConfluent(bytes);
    if (frame) return confluentPayload(frame, at, budget);
    const attached = budget.schemas?.stream();
    if (attached?.ok) {
      const result = schemaPayload(attached.schema, bytes, "raw", at, budget);
      if (result.ok) return result.decoded;
      at = hint(at, `The schema attached to this stream (${attached.schema.info.name}) does not fit: ${result.reason}`);
    } else if (attached) {
      at = warn(at, `The schema attached to this stream cannot be used: ${attached.reason}`);
    }
  }
  if (text !== undefined && isReadable(text)) return finish(step(at, "text"), { format: "text", text });
  for (const format of ["msgpack", "cbor"] as const) {
    const result = decodeBinaryFormat(format, bytes, true);
    if (result.ok) return finish(step(at, format), { format, value: result.value });
  }
  return binary(bytes, at);
}

const BINARY_LABEL: Record<BinaryFormat, string> = { msgpack: "MessagePack", cbor: "CBOR" };

// --- schema registries ------------------------------------------------------------------------

/** A GSR record: its payload inflated if need be, then decoded by the registry's schema version. */
function gsrPayload(frame: GsrFrame, path: Path, budget: Budget): DecodedPayload {
  let at = step(path, "gsr");
  let payload = frame.payload;
  if (frame.compression === "zlib") {
    const result = inflate("zlib", payload, budget);
    if (!result.ok) return binary(payload, warn(at, `The GSR payload is marked zlib-compressed: ${inflateProblem("zlib", result, true)}`));
    payload = result.bytes;
    at = step(at, "zlib");
  }
  const found = budget.schemas?.glue(frame.versionId);
  const noSchema = (why: string) => leaf(payload, warn(at, `Glue Schema Registry record (schema version ${frame.versionId}): ${why}`), budget, false);
  if (!found) return noSchema(budget.schemas ? "the schema version has not been fetched yet" : "schemas are not looked up here");
  if (!found.ok) return noSchema(found.reason);
  const result = schemaPayload(found.schema, payload, "gsr", at, budget);
  return result.ok ? result.decoded : noSchema(`${describe(found.schema.info)}: ${result.reason}`);
}

/** Confluent framing: decoded by the stream's attached schema if one fits; else reported as such. */
function confluentPayload(frame: ConfluentFrame, path: Path, budget: Budget): DecodedPayload {
  const at = step(path, "confluent");
  const attached = budget.schemas?.stream();
  if (attached?.ok && attached.schema.format !== "jsonschema") {
    const result = schemaPayload(attached.schema, frame.payload, "confluent", at, budget);
    if (result.ok) return result.decoded;
  }
  const schema: SchemaInfo = { source: "confluent", name: `schema id ${frame.schemaId}`, versionId: String(frame.schemaId) };
  const withWarning = warn(
    at,
    `Confluent Schema Registry framing (schema id ${frame.schemaId}): no Confluent registry is configured, so the payload is shown as it is`,
  );
  return { ...binary(frame.payload, withWarning), schema };
}

/** The payload decoded by `schema`, or why it does not fit. */
function schemaPayload(
  schema: CompiledSchema,
  payload: Uint8Array,
  framing: Framing,
  path: Path,
  budget: Budget,
): { ok: true; decoded: DecodedPayload } | { ok: false; reason: string } {
  const result = schema.decode(payload, framing);
  if (!result.ok) return result;
  const info: SchemaInfo = budget.withSchemaText ? { ...schema.info, definition: schema.text } : schema.info;
  return { ok: true, decoded: finish(step(path, schema.format), { format: schema.format, value: result.value, schema: info }) };
}

function describe(info: SchemaInfo): string {
  const where = info.registry ? `${info.registry}/` : "";
  return `${where}${info.name}${info.version !== undefined ? ` v${info.version}` : ""}`;
}

function binary(bytes: Uint8Array, path: Path): DecodedPayload {
  const withHints = { ...path, warnings: [...path.warnings, ...path.hints] };
  return finish(step(withHints, "hex"), { format: "binary", text: hexDump(bytes) });
}

function kplPayload(records: KplUserRecord[], path: Path, budget: Budget): DecodedPayload {
  const subRecords = records.slice(0, MAX_SUB_RECORDS).map((record): DecodedSubRecord => ({
    partitionKey: record.partitionKey,
    ...(record.explicitHashKey !== undefined && { explicitHashKey: record.explicitHashKey }),
    size: record.data.length,
    decoded: decodeAuto(record.data, { chain: [], layers: path.layers, warnings: [], hints: [] }, budget, NESTED_STEPS),
  }));
  return finish(withOmittedCount(path, records.length, "user records"), { format: "kpl", subRecords });
}

function withOmittedCount(path: Path, total: number, noun: string): Path {
  return total > MAX_SUB_RECORDS ? warn(path, `Showing the first ${MAX_SUB_RECORDS} of ${total} ${noun}`) : path;
}

// --- CloudWatch Logs ------------------------------------------------------------------------

interface CloudWatchLogsEnvelope {
  messageType: string;
  logEvents: { id?: unknown; timestamp?: unknown; message: string }[];
  [field: string]: unknown;
}

/** What a subscription filter delivers: DATA_MESSAGE, or the CONTROL_MESSAGE sent at the start. */
function isCloudWatchLogsEnvelope(value: unknown): value is CloudWatchLogsEnvelope {
  if (!isPlainObject(value) || typeof value.messageType !== "string" || !Array.isArray(value.logEvents)) return false;
  return value.logEvents.every((event) => isPlainObject(event) && typeof event.message === "string");
}

function cloudWatchLogsPayload(envelope: CloudWatchLogsEnvelope, path: Path): DecodedPayload {
  const { logEvents, ...rest } = envelope;
  const subRecords = logEvents.slice(0, MAX_SUB_RECORDS).map((event): DecodedSubRecord => ({
    ...(typeof event.id === "string" && { id: event.id }),
    ...(typeof event.timestamp === "number" && { timestamp: event.timestamp }),
    size: utf8Length(event.message),
    decoded: decodeLogMessage(event.message),
  }));
  return finish(withOmittedCount(path, logEvents.length, "log events"), { format: "cwlogs", value: rest, subRecords });
}

/** Structured logs (a JSON object or array per line) as JSON; anything else as the text it is. */
function decodeLogMessage(message: string): DecodedPayload {
  if (message.length === 0) return { chain: [], format: "empty" };
  const start = message.trimStart()[0];
  if (start === "{" || start === "[") {
    const parsed = parseJson(message);
    if (parsed.ok) return { chain: ["json"], format: "json", value: parsed.value, text: message };
  }
  return { chain: ["text"], format: "text", text: message };
}

// --- helpers ----------------------------------------------------------------------------------

function inflate(format: CompressionFormat, bytes: Uint8Array, budget: Budget): InflateResult {
  const result = inflateCapped(format, bytes, MAX_INFLATED_BYTES - budget.inflated);
  // Failed attempts count too: the work was done, and a bomb must not be retried for free.
  budget.inflated += result.ok ? result.bytes.length : result.inflated;
  return result;
}

function inflateProblem(format: CompressionFormat, result: { reason: string; overLimit?: boolean }, forced: boolean) {
  if (result.overLimit) {
    return (
      `Stopped decompressing ${format} data: the output would pass the limit of ` +
      `${MAX_INFLATED_BYTES / (1024 * 1024)} MiB per record (a guard against decompression bombs)`
    );
  }
  return forced ? `Not ${format} data: ${result.reason}` : `Looks like ${format} data but could not be decompressed: ${result.reason}`;
}

const strictUtf8Decoder = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
}

// Any JSON value counts (a payload `42` or `"ok"` is JSON to whoever wrote it); this cheap test
// on the first character only spares JSON.parse on text that cannot be JSON.
const looksLikeJson = (text: string) => /^[ \t\r\n]*[{["\-0-9tfn]/.test(text);

/**
 * Text a person can read: no control characters but tab, line breaks and ESC (which ANSI colour
 * codes in log lines need); C1 controls count as control characters too.
 */
function isReadable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1b : c >= 0x7f && c <= 0x9f) return false;
  }
  return true;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
