// The OpenAPI 3.1 document of Shardscope's HTTP API, served at GET /api/openapi.json. Nothing in it
// is written as JSON by hand: parameters and request bodies come from the zod schemas the routes
// parse with (their input side), responses from lib/http/schemas.ts (checked against the interfaces
// the routes return), and error responses from the codes each route can answer.
import { z } from "zod";
import { API_ERROR_CODES, HTTP_STATUS, type ApiErrorCode } from "@/lib/http/errors";
import { metricsQuerySchema, monitorQuerySchema } from "@/lib/metrics/metrics-query";
import { recordsQuerySchema } from "@/lib/records/records-query";
import { recordQuerySchema, recordSequenceSchema } from "@/lib/records/record-query";
import { streamNameSchema } from "@/lib/http/params";
import {
  alarmsResponseSchema,
  allConsumersResponseSchema,
  apiErrorBodySchema,
  consumerRowSchema,
  decodedPayloadSchema,
  decodedSubRecordSchema,
  healthResponseSchema,
  metricsResponseSchema,
  monitorResponseSchema,
  putRecordsResponseSchema,
  recordsPageResponseSchema,
  searchDoneEventSchema,
  searchErrorEventSchema,
  searchPlanEventSchema,
  searchProgressEventSchema,
  searchRecordsEventSchema,
  recordViewSchema,
  shardListResponseSchema,
  streamDetailsResponseSchema,
  streamListResponseSchema,
  streamConsumersResponseSchema,
  streamSummarySchema,
  tailDroppedEventSchema,
  tailErrorEventSchema,
  tailRecordsEventSchema,
  tailShardsEventSchema,
  tailStatsEventSchema,
  targetSchema,
  targetsResponseSchema,
  liveResponseSchema,
  readyResponseSchema,
  meResponseSchema,
  auditResponseSchema,
} from "@/lib/http/schemas";
import { tailQuerySchema } from "@/lib/tail/tail-query";
import { searchQuerySchema } from "@/lib/search/search-query";
import { auditQuerySchema } from "@/lib/auth/audit";
import { PUT_LIMITS } from "@/lib/put/limits";
import { REGION_PATTERN, TARGET_NAME_PATTERN } from "@/lib/targets/scope";
import { putRecordsRequestSchema } from "@/lib/put/put-request";
import {
  glueNameSchema,
  glueRegistriesResponseSchema,
  glueSchemasResponseSchema,
  glueSchemaVersionsResponseSchema,
  SCHEMA_LIMITS,
  schemaUploadRequestSchema,
  storedSchemaSchema,
  streamSchemasResponseSchema,
} from "@/lib/schemas/types";

type Json = Record<string, unknown>;

export const OPENAPI_PATH = "/api/openapi.json";

/** The tail's server-sent events: name → payload schema (the `data:` line, JSON). */
export const TAIL_EVENTS = {
  records: {
    schema: tailRecordsEventSchema,
    id: "TailRecordsEvent",
    about: "A batch of records that passed the filter; its `id` resumes every shard right after it (send it back as Last-Event-ID).",
  },
  shards: {
    schema: tailShardsEventSchema,
    id: "TailShardsEvent",
    about: "The shards being read and what each is doing (after resharding, children follow their parent).",
  },
  stats: {
    schema: tailStatsEventSchema,
    id: "TailStatsEvent",
    about: "Per-shard reader state, rates, read budget and hot keys; records scanned and matched by this viewer's filter.",
  },
  dropped: { schema: tailDroppedEventSchema, id: "TailDroppedEvent", about: "This viewer fell behind and `count` records were dropped for it." },
  error: {
    schema: tailErrorEventSchema,
    id: "TailErrorEvent",
    about: "A problem reading a shard or the stream (e.g. `reader_failed`); the session goes on where it can.",
  },
} as const;

/** A search's server-sent events: name → payload schema. */
export const SEARCH_EVENTS = {
  plan: {
    schema: searchPlanEventSchema,
    id: "SearchPlanEvent",
    about: "First: the window and the shards the search reads (an exact `key` reads only the shards its hash can be in), of how many.",
  },
  records: {
    schema: searchRecordsEventSchema,
    id: "SearchRecordsEvent",
    about: "Matches, as the records API shapes them (each with its shard and sequence number).",
  },
  progress: {
    schema: searchProgressEventSchema,
    id: "SearchProgressEvent",
    about:
      "About every second: per shard the arrival time reached, records and bytes read, the share of the window covered, state, rate and budget; matches so far and an estimate of the time left.",
  },
  done: {
    schema: searchDoneEventSchema,
    id: "SearchDoneEvent",
    about:
      "Last: why the search ended (`window` read, `max` matches found, a time or bytes `limit`), what it read, and each shard's coverage. The stream then ends.",
  },
  error: {
    schema: searchErrorEventSchema,
    id: "SearchErrorEvent",
    about: "A shard could not be read (`reader_failed`), or the expression failed on a record (`filter_failed`); the search goes on where it can.",
  },
} as const;

/** Codes every route that calls AWS can answer, whatever its own input rules. */
const AWS_ERRORS: ApiErrorCode[] = ["invalid_input", "no_credentials", "access_denied", "not_found", "throttled", "endpoint_unreachable", "internal"];
const WRITE_ERRORS: ApiErrorCode[] = [...AWS_ERRORS, "payload_too_large", "read_only", "forbidden"];

const STATUS_TEXT: Record<number, string> = {
  400: "The request is invalid (`invalid_input`); the message says which part and how.",
  401: "No usable AWS credentials (`no_credentials`).",
  403: "Refused: AWS denied access (`access_denied`), the server is read-only (`read_only`) or the request came from another site (`forbidden`).",
  404: "The stream, shard or consumer does not exist (`not_found`).",
  413: "The request body is too large (`payload_too_large`).",
  429: "AWS is throttling requests, or this client holds as many live tails as it may (`throttled`); retry after a few seconds.",
  500: "An unexpected error (`internal`); the server log has the details.",
  502: "Kinesis or CloudWatch cannot be reached (`endpoint_unreachable`).",
  503: "The server serves as many live tails as it is configured to (`unavailable`); try again later.",
};

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any", reused: "inline" }) as Json;
  delete out.$schema;
  return out;
}

/** The object schema inside `.superRefine(...)` / `.transform(...)` wrappers. */
function objectOf(schema: z.ZodType): z.ZodObject {
  let s: z.ZodType = schema;
  for (let i = 0; i < 5; i++) {
    if (s instanceof z.ZodObject) return s;
    if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else break;
  }
  throw new Error("expected an object schema");
}

/** Query parameters from a route's query schema (its input side: what a client sends). */
function queryParameters(schema: z.ZodType, descriptions: Record<string, string>, examples: Record<string, string> = {}): Json[] {
  const obj = objectOf(schema);
  const json = jsonSchemaOf(obj, "input") as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties).map(([name, prop]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: prop,
    ...(examples[name] ? { example: examples[name] } : {}),
  }));
}

const streamNameParameter = {
  name: "name",
  in: "path",
  required: true,
  description: "The stream's name, as Kinesis allows it.",
  schema: jsonSchemaOf(streamNameSchema, "input"),
  example: "orders",
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const jsonContent = (id: string) => ({ "application/json": { schema: ref(id) } });
const errorId = (status: number) => `Error${status}`;

function errorResponses(codes: readonly ApiErrorCode[]): Json {
  const statuses = [...new Set(codes.map((c) => HTTP_STATUS[c]))].sort();
  return Object.fromEntries(
    statuses.map((status) => [String(status), { description: STATUS_TEXT[status] ?? "An error.", content: jsonContent(errorId(status)) }]),
  );
}

function operation(op: {
  id: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Json[];
  requestBody?: Json;
  ok: Json;
  errors: readonly ApiErrorCode[];
  extra?: Json;
}): Json {
  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    ...(op.parameters?.length ? { parameters: op.parameters } : {}),
    ...(op.requestBody ? { requestBody: op.requestBody } : {}),
    responses: { "200": op.ok, ...op.extra, ...errorResponses(op.errors) },
  };
}

const ok = (description: string, id: string) => ({ description, content: jsonContent(id) });

const AUDIT_QUERY: Record<string, string> = {
  user: "Entries whose user name or email contains this (any case).",
  stream: "Entries whose stream name contains this (any case).",
  action: "Entries of this action only.",
  limit: "At most this many entries (newest first); 200 by default.",
};

const RECORDS_QUERY: Record<string, string> = {
  shardId: "The shard to read.",
  from: "Where to start: `AT_TIMESTAMP` and the sequence-number positions need `at`.",
  at: "An ISO 8601 time or epoch milliseconds (`AT_TIMESTAMP`), or a sequence number.",
  limit: "Records per page.",
  cursor: "Opaque: the `cursor` of the previous page, to read the next one (`from` and `at` are then ignored).",
  decoder: "Force a decoder instead of detecting the payload's chain.",
};

const RECORD_QUERY: Record<string, string> = {
  shardId: "The shard that holds the record.",
  decoder: "Force a decoder instead of detecting the payload's chain.",
  full: "`1`: the record whole, however large; otherwise a large record comes as a preview with `truncated` set, as in a page.",
};

const TAIL_QUERY: Record<string, string> = {
  from: "Where to start; the sequence-number positions need `at` and exactly one shard in `shards`.",
  at: "An ISO 8601 time or epoch milliseconds (`AT_TIMESTAMP`), or a sequence number.",
  shards: "Comma-separated shard ids; all shards when absent.",
  key: "Partition key filter (see `keyMode`).",
  keyMode: "`exact` or `prefix` match of `key`.",
  q: "Text the decoded payload must contain, or a regular expression (RE2 syntax) with `regex=1`.",
  regex: "Treat `q` as a regular expression.",
  expr: 'A filtrex expression over the decoded JSON, e.g. `total > 100 and currency == "EUR"`.',
  decoder: "Force a decoder.",
  efo: "Read with enhanced fan-out (SubscribeToShard) instead of polling.",
  consumer: "An existing enhanced fan-out consumer to read through (implies `efo`).",
  mode: "`stats`: live metrics only, no records.",
  lastEventId: "For clients that cannot send the Last-Event-ID header: the id of the last `records` event received.",
};

const SEARCH_QUERY: Record<string, string> = {
  from: "Where the window starts: the oldest record, a time (`at`), or a sequence number (`at`, and exactly one shard in `shards`).",
  at: "An ISO 8601 time or epoch milliseconds (`AT_TIMESTAMP`), or a sequence number.",
  until: "Where the window ends: an ISO 8601 time or epoch milliseconds, or `now` (the default: when the search starts).",
  shards: "Comma-separated shard ids (their descendants are read too); all shards when absent.",
  key: "Partition key filter (see `keyMode`); an exact key reads only the shards its hash can be in.",
  keyMode: "`exact` or `prefix` match of `key`.",
  q: "Text the decoded payload must contain, or a regular expression (RE2 syntax) with `regex=1`.",
  regex: "Treat `q` as a regular expression.",
  expr: 'A filtrex expression over the decoded JSON, e.g. `total > 100 and currency == "EUR"`.',
  decoder: "Force a decoder.",
  max: "Stop after this many matches (default 1000).",
};

const METRICS_QUERY: Record<string, string> = {
  range: "The window; `custom` needs `start` and `end`.",
  start: "Start of a custom window: ISO 8601 or epoch milliseconds.",
  end: "End of a custom window: ISO 8601 or epoch milliseconds.",
  period: "Seconds per point, a multiple of 60; overrides the one Shardscope picks.",
  shards: "`open`, `all`, `none` (default) or comma-separated shard ids: which shard-level series to add.",
};

const MONITOR_QUERY: Record<string, string> = {
  streams:
    "Comma-separated streams: `name` (this target and region), `target:name` (another target in its default region) or `target:region:name`; " +
    "every stream of this target and region (up to the server's limit) when absent or `all`.",
  range: "The sparkline's window.",
  ageWarn: "Iterator age (seconds) from which a stream is a warning.",
  ageCrit: "Iterator age (seconds) from which a stream is critical.",
  throttleWarn: "Throttled requests in the health window from which a stream is a warning.",
  throttleCrit: "Throttled requests in the health window from which a stream is critical.",
};

/** Named component schemas: responses, shared parts, the tail's events and one error body per status. */
function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  const named: [z.ZodType, string][] = [
    [streamListResponseSchema, "StreamListResponse"],
    [streamSummarySchema, "StreamSummary"],
    [streamDetailsResponseSchema, "StreamDetailsResponse"],
    [shardListResponseSchema, "ShardListResponse"],
    [decodedPayloadSchema, "DecodedPayload"],
    [decodedSubRecordSchema, "DecodedSubRecord"],
    [recordViewSchema, "RecordView"],
    [recordsPageResponseSchema, "RecordsPageResponse"],
    [putRecordsResponseSchema, "PutRecordsResponse"],
    [metricsResponseSchema, "MetricsResponse"],
    [alarmsResponseSchema, "AlarmsResponse"],
    [monitorResponseSchema, "MonitorResponse"],
    [consumerRowSchema, "ConsumerRow"],
    [streamConsumersResponseSchema, "StreamConsumersResponse"],
    [allConsumersResponseSchema, "AllConsumersResponse"],
    [healthResponseSchema, "HealthResponse"],
    [liveResponseSchema, "LiveResponse"],
    [readyResponseSchema, "ReadyResponse"],
    [targetSchema, "Target"],
    [targetsResponseSchema, "TargetsResponse"],
    [meResponseSchema, "MeResponse"],
    [auditResponseSchema, "AuditResponse"],
    [storedSchemaSchema, "StoredSchema"],
    [streamSchemasResponseSchema, "StreamSchemasResponse"],
    [glueRegistriesResponseSchema, "GlueRegistriesResponse"],
    [glueSchemasResponseSchema, "GlueSchemasResponse"],
    [glueSchemaVersionsResponseSchema, "GlueSchemaVersionsResponse"],
    ...Object.values(TAIL_EVENTS).map((e): [z.ZodType, string] => [e.schema, e.id]),
    ...Object.values(SEARCH_EVENTS).map((e): [z.ZodType, string] => [e.schema, e.id]),
  ];
  for (const status of [...new Set(Object.values(HTTP_STATUS))].sort()) {
    const codes = API_ERROR_CODES.filter((c) => HTTP_STATUS[c] === status);
    named.push([apiErrorBodySchema(codes).describe(`The error body of a ${status}.`), errorId(status)]);
  }
  for (const [schema, id] of named) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    io: "output",
    target: "draft-2020-12",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  const schemas: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(out.schemas)) {
    delete schema.$schema;
    delete schema.$id;
    schemas[id] = schema;
  }
  // The request body: what a client sends (defaults may be left out).
  schemas.PutRecordsRequest = jsonSchemaOf(putRecordsRequestSchema, "input");
  schemas.SchemaUploadRequest = jsonSchemaOf(schemaUploadRequestSchema, "input");
  return schemas;
}

/** Schemas: those attached to a stream (the schema store) and the Glue Schema Registry the put form lists. */
function schemaRoutes(): Record<string, Json> {
  const tag = ["schemas"];
  const glueName = (name: string, what: string, example: string) => ({
    name,
    in: "path",
    required: true,
    description: `The ${what}'s name, as Glue allows it.`,
    schema: jsonSchemaOf(glueNameSchema, "input"),
    example,
  });
  const schemaIdParameter = {
    name: "id",
    in: "path",
    required: true,
    description: "The schema's id, as the list gives it.",
    schema: { type: "string", format: "uuid" },
  };
  const upload = operation({
    id: "attachStreamSchema",
    summary: "Attach a schema to the stream: an .avsc, a .proto with its message type, or a compiled descriptor set (base64)",
    description:
      "The file is compiled (avsc, protobufjs) before it is kept; it becomes the schema the stream's records decode with. " +
      `At most ${SCHEMA_LIMITS.textMaxBytes} bytes of text, ${SCHEMA_LIMITS.descriptorMaxBytes} bytes of descriptor set, ${SCHEMA_LIMITS.perStream} schemas per stream. ` +
      "Refused with 403 `read_only` on a read-only server and 403 `forbidden` from another site.",
    tags: tag,
    requestBody: { required: true, content: { "application/json": { schema: ref("SchemaUploadRequest") } } },
    ok: ok("The schema, kept.", "StoredSchema"),
    errors: ["invalid_input", "not_found", "payload_too_large", "read_only", "forbidden", "internal"],
  });
  const remove = operation({
    id: "removeStreamSchema",
    summary: "Remove a schema from the stream",
    tags: tag,
    ok: ok("Removed: the schemas the stream still has.", "StreamSchemasResponse"),
    errors: ["invalid_input", "not_found", "read_only", "forbidden", "internal"],
  });
  return {
    "/streams/{name}/schemas": {
      parameters: [streamNameParameter],
      get: operation({
        id: "streamSchemas",
        summary: "The schemas attached to the stream, newest (the one in use) first",
        tags: tag,
        ok: ok("The schemas.", "StreamSchemasResponse"),
        errors: ["invalid_input", "not_found", "internal"],
      }),
      post: upload,
    },
    "/streams/{name}/schemas/{id}": { parameters: [streamNameParameter, schemaIdParameter], delete: remove },
    "/schemas/registries": {
      get: operation({
        id: "glueRegistries",
        summary: "The Glue Schema Registry's registries",
        tags: tag,
        ok: ok("The registries.", "GlueRegistriesResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/schemas/registries/{registry}/schemas": {
      parameters: [glueName("registry", "registry", "shardscope-demo")],
      get: operation({ id: "glueSchemas", summary: "A registry's schemas", tags: tag, ok: ok("The schemas.", "GlueSchemasResponse"), errors: AWS_ERRORS }),
    },
    "/schemas/registries/{registry}/schemas/{schema}/versions": {
      parameters: [glueName("registry", "registry", "shardscope-demo"), glueName("schema", "schema", "sensor-reading")],
      get: operation({
        id: "glueSchemaVersions",
        summary: "A schema's data format and versions, newest first",
        tags: tag,
        ok: ok("The versions.", "GlueSchemaVersionsResponse"),
        errors: AWS_ERRORS,
      }),
    },
  };
}

/** The targets and regions this server is configured for, listed in the document so that clients (and the fuzzer) name real ones. */
export interface DocumentScopes {
  targets: string[];
  regions: string[];
}

export function buildOpenApiDocument(scopes?: DocumentScopes): Json {
  const streamTag = ["streams"];
  const recordsTag = ["records"];
  const metricsTag = ["metrics"];
  const serverTag = ["server"];
  const consumersTag = ["consumers"];
  const consumersAbout =
    "Read-only: Lambda event source mappings, Firehose delivery streams and enhanced fan-out consumers (and KCL lease tables), with their lag from CloudWatch. " +
    "A source that cannot be read (no permission, an endpoint that does not answer) is reported in `sources` and the others still answer. " +
    "Answers are shared by every viewer for the refresh interval; `usage` says what this one cost (0 calls when shared).";
  // One event of the stream, as OpenAPI 3.2 reads an event stream's schema (and tools read `schema` before
  // 3.2): its `event` name, and its `data` line, JSON of that event's payload schema.
  const sseEventOf = (events: Record<string, { id: string; about: string }>) => ({
    oneOf: Object.entries(events).map(([name, e]) => ({
      type: "object",
      description: e.about,
      properties: {
        event: { const: name },
        data: { type: "string", contentMediaType: "application/json", contentSchema: ref(e.id) },
        id: { type: "string" },
        retry: { type: "integer" },
      },
      required: ["event", "data"],
    })),
  });
  const sseEvent = sseEventOf(TAIL_EVENTS);
  // Routes of one scope, relative to /api/t/{target}/{region}.
  const scoped: Record<string, Json> = {
    "/streams": {
      get: operation({
        id: "listStreams",
        summary: "Every stream, with the summaries already known",
        tags: streamTag,
        ok: ok("The streams.", "StreamListResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/streams/{name}": {
      parameters: [streamNameParameter],
      get: operation({ id: "describeStream", summary: "The stream's summary", tags: streamTag, ok: ok("The summary.", "StreamSummary"), errors: AWS_ERRORS }),
    },
    "/streams/{name}/details": {
      parameters: [streamNameParameter],
      get: operation({
        id: "streamDetails",
        summary: "The stream's tags and enhanced fan-out consumers",
        tags: streamTag,
        ok: ok("Tags and consumers.", "StreamDetailsResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/streams/{name}/shards": {
      parameters: [streamNameParameter],
      get: operation({
        id: "listShards",
        summary: "Every shard: hash key ranges, lineage, open or closed",
        tags: streamTag,
        ok: ok("The shards.", "ShardListResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/streams/{name}/records": {
      parameters: [streamNameParameter],
      get: operation({
        id: "browseRecords",
        summary: "One page of a shard's records, decoded",
        tags: recordsTag,
        parameters: queryParameters(recordsQuerySchema, RECORDS_QUERY, { shardId: "shardId-000000000000" }),
        ok: ok("A page of records and the cursor of the next one.", "RecordsPageResponse"),
        errors: AWS_ERRORS,
      }),
      post: operation({
        id: "putRecords",
        summary: "Write records with one PutRecords call",
        description:
          "Every record is checked first; if any breaks a rule the answer is a 400 naming each bad record in `details` and nothing is written. " +
          "A record's data may be as large as the stream's maximum record size (`maxRecordSizeKiB` in its summary, 1 to 10 MiB). " +
          "Refused with 403 `read_only` on a read-only server and 403 `forbidden` from another site. " +
          `At most ${PUT_LIMITS.requestMaxRecords} records and ${PUT_LIMITS.requestMaxBodyBytes} bytes of body.`,
        tags: recordsTag,
        requestBody: { required: true, content: { "application/json": { schema: ref("PutRecordsRequest") } } },
        ok: ok("One result per record, in order: its shard and sequence number, or the error Kinesis gave it.", "PutRecordsResponse"),
        errors: WRITE_ERRORS,
      }),
    },
    "/streams/{name}/records/{seq}": {
      parameters: [
        streamNameParameter,
        { name: "seq", in: "path", required: true, description: "The record's sequence number.", schema: jsonSchemaOf(recordSequenceSchema, "input") },
      ],
      get: operation({
        id: "readRecord",
        summary: "One record by its sequence number (GetRecords from AT_SEQUENCE_NUMBER, Limit 1), decoded",
        tags: recordsTag,
        parameters: queryParameters(recordQuerySchema, RECORD_QUERY, { shardId: "shardId-000000000000" }),
        ok: ok("The record; a preview unless `full=1` when it is large.", "RecordView"),
        errors: AWS_ERRORS,
      }),
    },
    "/streams/{name}/tail": {
      parameters: [streamNameParameter],
      get: operation({
        id: "tailStream",
        summary: "Live tail: server-sent events",
        description:
          "A `text/event-stream` of events named " +
          Object.keys(TAIL_EVENTS)
            .map((n) => `\`${n}\``)
            .join(", ") +
          " (each `data:` line is JSON of the event's schema; the response schema describes one event), and a heartbeat comment every 15 s. " +
          "Input errors are answered as JSON before the stream starts. `error` events carry a `code`: `reader_failed`, `shards_unavailable`, " +
          "`filter_failed` (the expression failed on a record) or `checkpoint_lost` (a resumed shard no longer has its checkpoint; reading goes on from the oldest record). " +
          "Sessions are capped per client (429) and in all (503).",
        tags: recordsTag,
        parameters: [
          ...queryParameters(tailQuerySchema, TAIL_QUERY),
          {
            name: "Last-Event-ID",
            in: "header",
            required: false,
            description: "The id of the last `records` event received: each shard resumes right after it.",
            schema: { type: "string" },
          },
        ],
        ok: {
          description: "The event stream.",
          content: { "text/event-stream": { schema: sseEvent } },
        },
        // Registering a consumer for enhanced fan-out is a write (read_only, forbidden); sessions are capped (unavailable).
        errors: [...AWS_ERRORS, "read_only", "forbidden", "unavailable"],
      }),
    },
    "/streams/{name}/search": {
      parameters: [streamNameParameter],
      get: operation({
        id: "searchStream",
        summary: "Search a window of the stream: server-sent events",
        description:
          "A `text/event-stream` of events named " +
          Object.keys(SEARCH_EVENTS)
            .map((n) => `\`${n}\``)
            .join(", ") +
          " (each `data:` line is JSON of the event's schema; the response schema describes one event), and a heartbeat comment every 15 s. " +
          "Every planned shard is read from the window's start to its first record after the end (following splits and merges), with GetRecords " +
          "inside the shard's read budget shared with the tail; the stream ends after `done`. Input errors are answered as JSON before the stream starts. " +
          "Searches count with the tail's sessions, per client (429) and in all (503).",
        tags: recordsTag,
        parameters: queryParameters(searchQuerySchema, SEARCH_QUERY),
        ok: { description: "The event stream.", content: { "text/event-stream": { schema: sseEventOf(SEARCH_EVENTS) } } },
        errors: [...AWS_ERRORS, "unavailable"],
      }),
    },
    "/streams/{name}/search.ndjson": {
      parameters: [streamNameParameter],
      get: operation({
        id: "searchStreamNdjson",
        summary: "Download every match of a search as NDJSON",
        description:
          "The same search as `…/search`, streamed as `application/x-ndjson`: one match a line (`shardId`, `sequenceNumber`, `partitionKey`, `arrivalTime`, " +
          '`size`, `data` in base64, `format`, and `value` or `text`), then one last line `{ "done": … }` saying why the search ended and what it read. ' +
          "A signed-in role whose `export` is false in the configuration file is refused with 403 `forbidden`.",
        tags: recordsTag,
        parameters: queryParameters(searchQuerySchema, SEARCH_QUERY),
        ok: { description: "The matches, one JSON object a line, and the summary.", content: { "application/x-ndjson": { schema: { type: "string" } } } },
        // A role whose `export` is false in the configuration file is refused (`forbidden`).
        errors: [...AWS_ERRORS, "forbidden", "unavailable"],
      }),
    },
    ...schemaRoutes(),
    "/streams/{name}/metrics": {
      parameters: [streamNameParameter],
      get: operation({
        id: "streamMetrics",
        summary: "The stream's CloudWatch metrics for a window",
        tags: metricsTag,
        parameters: queryParameters(metricsQuerySchema, METRICS_QUERY, { shards: "open" }),
        ok: ok("Every series on one time axis.", "MetricsResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/streams/{name}/alarms": {
      parameters: [streamNameParameter],
      get: operation({
        id: "streamAlarms",
        summary: "The stream's CloudWatch alarms",
        tags: metricsTag,
        ok: ok("The alarms.", "AlarmsResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/streams/{name}/consumers": {
      parameters: [streamNameParameter],
      get: operation({
        id: "streamConsumers",
        summary: "Who reads the stream, how far behind each is and whether it is healthy, worst first",
        description: consumersAbout,
        tags: consumersTag,
        ok: ok("The stream's consumers.", "StreamConsumersResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/consumers": {
      get: operation({
        id: "allConsumers",
        summary: "The consumers of every stream of the scope, worst first",
        description: consumersAbout,
        tags: consumersTag,
        ok: ok("Every consumer found, each with its stream.", "AllConsumersResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/monitor": {
      get: operation({
        id: "monitor",
        summary: "The on-call screen's tiles, worst first",
        tags: metricsTag,
        parameters: queryParameters(monitorQuerySchema, MONITOR_QUERY, { streams: "orders,payments" }),
        ok: ok("One tile per stream.", "MonitorResponse"),
        errors: AWS_ERRORS,
      }),
    },
    "/health": {
      get: operation({
        id: "health",
        summary: "Whether Kinesis, CloudWatch, DynamoDB, Lambda and Firehose answer",
        tags: serverTag,
        ok: ok("Kinesis answers.", "HealthResponse"),
        extra: { "503": ok("Kinesis does not answer (`ok` is false).", "HealthResponse") },
        // 400: a target or region segment that is not valid percent-encoding.
        errors: ["invalid_input", "not_found", "internal"],
      }),
    },
    "/target": {
      get: operation({
        id: "target",
        summary: "The target, region, account and endpoint of this scope, and whether its credentials work",
        tags: serverTag,
        ok: ok("The target.", "Target"),
        errors: ["invalid_input", "not_found", "internal"],
      }),
    },
  };
  const scopeParameters = [
    {
      name: "target",
      in: "path",
      required: true,
      description: "A target configured on this server (`GET /api/targets` lists them).",
      schema: scopes ? { type: "string", enum: scopes.targets } : { type: "string", pattern: TARGET_NAME_PATTERN.source },
    },
    {
      name: "region",
      in: "path",
      required: true,
      description: "One of the target's regions.",
      schema: scopes ? { type: "string", enum: scopes.regions } : { type: "string", pattern: REGION_PATTERN.source },
    },
  ];
  const paths: Record<string, Json> = Object.fromEntries(
    Object.entries(scoped).map(([path, item]) => [
      `/api/t/{target}/{region}${path}`,
      { ...item, parameters: [...scopeParameters, ...((item as { parameters?: Json[] }).parameters ?? [])] },
    ]),
  );
  Object.assign(paths, {
    "/api/targets": {
      get: operation({
        id: "targets",
        summary: "The targets this server is configured for, their regions, and which one short paths mean",
        tags: serverTag,
        ok: ok("The targets.", "TargetsResponse"),
        errors: ["internal"],
      }),
    },
    "/api/live": {
      get: operation({
        id: "live",
        summary: "Liveness probe: the process is up (answers any Host header, needs no sign-in)",
        tags: serverTag,
        ok: ok("The process is up.", "LiveResponse"),
        errors: ["internal"],
      }),
    },
    "/api/ready": {
      get: operation({
        id: "ready",
        summary: "Readiness probe: settings and targets loaded; Kinesis reachability reported, not required (answers any Host header, needs no sign-in)",
        tags: serverTag,
        ok: ok("Ready.", "ReadyResponse"),
        extra: { "503": ok("Not ready: the settings or the targets could not be loaded (`ready` is false).", "ReadyResponse") },
        errors: ["internal"],
      }),
    },
    "/api/metrics": {
      get: operation({
        id: "metrics",
        summary: "Prometheus metrics of this server (text exposition format 0.0.4)",
        tags: serverTag,
        ok: { description: "Every metric, as Prometheus scrapes it.", content: { "text/plain": { schema: { type: "string" } } } },
        errors: ["unauthenticated", "forbidden", "internal"],
      }),
    },
    "/api/me": {
      get: operation({
        id: "me",
        summary: "Who is signed in, their role, and how this server signs people in",
        description: "401 `unauthenticated` without a session (SHARDSCOPE_AUTH=oidc or alb); with SHARDSCOPE_AUTH=none, the local user as admin.",
        tags: serverTag,
        ok: ok("The signed-in user.", "MeResponse"),
        errors: ["unauthenticated", "forbidden", "internal"],
      }),
    },
    "/api/audit": {
      get: operation({
        id: "audit",
        summary: "The audit log (admins): writes, refused writes and sign-ins, newest first",
        tags: serverTag,
        parameters: queryParameters(auditQuerySchema, AUDIT_QUERY),
        ok: ok("The matching entries, newest first.", "AuditResponse"),
        errors: ["invalid_input", "unauthenticated", "forbidden", "internal"],
      }),
    },
    [OPENAPI_PATH]: {
      get: operation({
        id: "openapi",
        summary: "This document",
        tags: serverTag,
        ok: { description: "The OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } },
        errors: ["internal"],
      }),
    },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Shardscope HTTP API",
      version: "1",
      description:
        "The JSON API behind Shardscope's pages. Every route of a target in a region lives under `/api/t/{target}/{region}/`; " +
        "the same path without that prefix (`/api/streams`, `/api/monitor`, …) means the default target in its default region. " +
        "Errors are `{ error: { code, message, details? } }`; messages are written for a person and never carry a stack trace or a credential.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    tags: [
      { name: "streams", description: "Streams and shards" },
      { name: "records", description: "Reading, tailing and writing records" },
      { name: "metrics", description: "CloudWatch metrics, alarms and the on-call screen" },
      { name: "consumers", description: "Who reads each stream and how far behind" },
      { name: "schemas", description: "Schemas attached to streams, and the Glue Schema Registry" },
      { name: "server", description: "This server" },
    ],
    paths,
    components: { schemas: componentSchemas() },
  };
}
