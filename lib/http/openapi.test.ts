// The OpenAPI document against what it describes: the README's route table, the error codes and
// statuses, the query schemas the routes parse with, and the events the tail sends.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ERROR_CODES, HTTP_STATUS } from "@/lib/http/errors";
import { metricsQuerySchema, monitorQuerySchema } from "@/lib/metrics/metrics-query";
import { recordQuerySchema } from "@/lib/records/record-query";
import { recordsQuerySchema } from "@/lib/records/records-query";
import { tailQuerySchema } from "@/lib/tail/tail-query";
import { searchQuerySchema } from "@/lib/search/search-query";
import { buildOpenApiDocument, OPENAPI_PATH, SEARCH_EVENTS, TAIL_EVENTS } from "./openapi";

const root = path.resolve(__dirname, "..", "..");
const doc = buildOpenApiDocument() as any;
type Op = { parameters?: { name: string; in: string; required: boolean; schema: any }[]; responses: Record<string, any>; requestBody?: any };

function operations(): [string, string, Op][] {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "post", "put", "delete", "patch"].includes(method))
      .map(([method, op]): [string, string, Op] => [method.toUpperCase(), p, op]),
  );
}

/** `GET /api/streams/{name}/records` … from the README's HTTP API table. */
function readmeRoutes(): string[] {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## HTTP API"), readme.indexOf("\n## ", readme.indexOf("## HTTP API") + 5));
  return [...section.matchAll(/^\| `(GET|POST|PUT|DELETE|PATCH) ([^`?\s]+)[^`]*`/gm)].map((m) => `${m[1]} ${m[2]}`);
}

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with JSON Schema 2020-12", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("describes every route of the README's HTTP API table, and nothing the table lacks", () => {
    const routes = readmeRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const described = operations().map(([m, p]) => `${m} ${p}`);
    expect(described.sort()).toEqual([...new Set(routes)].sort());
    expect(routes).toContain(`GET ${OPENAPI_PATH}`);
  });

  it("resolves every $ref", () => {
    for (const ref of collectRefs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split("/").pop()!], ref).toBeDefined();
    }
  });

  it("gives every operation a 200 and the error body for each status it can answer, codes narrowed to that status", () => {
    for (const [method, p, op] of operations()) {
      expect(op.responses["200"], `${method} ${p}`).toBeDefined();
      const errors = Object.entries(op.responses).filter(([s]) => s !== "200" && s !== "503");
      expect(errors.length, `${method} ${p} lists no error`).toBeGreaterThan(0);
      expect(op.responses["500"], `${method} ${p}`).toBeDefined();
      for (const [status, response] of errors) {
        expect(response.content["application/json"].schema).toEqual({ $ref: `#/components/schemas/Error${status}` });
      }
    }
    for (const status of new Set(Object.values(HTTP_STATUS))) {
      const schema = doc.components.schemas[`Error${status}`];
      expect(schema.properties.error.properties.code.enum.sort()).toEqual(API_ERROR_CODES.filter((c) => HTTP_STATUS[c] === status).sort());
      expect(schema.properties.error.properties.message.minLength).toBe(1);
      expect(schema.properties.error.required).toEqual(["code", "message"]);
    }
  });

  it("lists for each query route exactly the parameters its zod schema parses", () => {
    const keysOf = (s: any) => Object.keys((s.in ?? s).shape ?? s.in.in.shape).sort();
    const cases: [string, any][] = [
      ["/api/t/{target}/{region}/streams/{name}/records", recordsQuerySchema],
      ["/api/t/{target}/{region}/streams/{name}/records/{seq}", recordQuerySchema],
      ["/api/t/{target}/{region}/streams/{name}/tail", tailQuerySchema],
      ["/api/t/{target}/{region}/streams/{name}/search", searchQuerySchema],
      ["/api/t/{target}/{region}/streams/{name}/search.ndjson", searchQuerySchema],
      ["/api/t/{target}/{region}/streams/{name}/metrics", metricsQuerySchema],
      ["/api/t/{target}/{region}/monitor", monitorQuerySchema],
    ];
    for (const [p, schema] of cases) {
      const query = (doc.paths[p].get as Op).parameters!.filter((x) => x.in === "query").map((x) => x.name);
      expect(query.sort(), p).toEqual(keysOf(schema));
    }
    const records = (doc.paths["/api/t/{target}/{region}/streams/{name}/records"].get as Op).parameters!;
    expect(records.find((x) => x.name === "shardId")).toMatchObject({ required: true, schema: { pattern: "^[a-zA-Z0-9_.-]+$", maxLength: 128 } });
    expect(records.find((x) => x.name === "limit")).toMatchObject({
      required: false,
      schema: { type: "string", pattern: "^\\d{1,15}$", description: "A whole number from 1 to 1000, in decimal digits." },
    });
  });

  it("puts every route of a scope under /api/t/{target}/{region}, with the server's own targets and regions when it knows them", () => {
    const scoped = operations().filter(([, p]) => p.startsWith("/api/t/"));
    expect(scoped.length).toBeGreaterThanOrEqual(10);
    for (const [method, p] of scoped) {
      const params = doc.paths[p].parameters as { name: string; in: string; schema: any }[];
      expect(
        params.slice(0, 2).map((x) => x.name),
        `${method} ${p}`,
      ).toEqual(["target", "region"]);
    }
    expect(
      operations()
        .filter(([, p]) => !p.startsWith("/api/t/"))
        .map(([m, p]) => `${m} ${p}`)
        .sort(),
    ).toEqual(["GET /api/audit", "GET /api/live", "GET /api/me", "GET /api/metrics", "GET /api/openapi.json", "GET /api/ready", "GET /api/targets"]);
    const known = buildOpenApiDocument({ targets: ["local", "prod"], regions: ["eu-west-1", "us-east-1"] }) as any;
    const [target, region] = known.paths["/api/t/{target}/{region}/streams"].parameters;
    expect(target.schema).toEqual({ type: "string", enum: ["local", "prod"] });
    expect(region.schema).toEqual({ type: "string", enum: ["eu-west-1", "us-east-1"] });
  });

  it("gives the stream name its Kinesis rules on every stream route", () => {
    for (const [method, p] of operations().filter(([, p]) => p.includes("{name}"))) {
      const name = doc.paths[p].parameters.find((x: { name: string }) => x.name === "name");
      expect(name, `${method} ${p}`).toMatchObject({ in: "path", required: true, schema: { minLength: 1, maxLength: 128, pattern: "^[a-zA-Z0-9_.-]+$" } });
    }
  });

  it("describes the write's body with the rules the server checks", () => {
    const body = doc.components.schemas.PutRecordsRequest;
    expect(body.properties.records).toMatchObject({ type: "array", minItems: 1, maxItems: 500 });
    expect(body.properties.records.items.required.sort()).toEqual(["data", "partitionKey"]);
    expect(body.properties.records.items.properties.encoding.enum).toEqual(["text", "json", "base64", "hex"]);
    const post = doc.paths["/api/t/{target}/{region}/streams/{name}/records"].post;
    expect(Object.keys(post.responses).sort()).toEqual(["200", "400", "401", "403", "404", "413", "429", "500", "502"]);
  });

  it("describes the tail as text/event-stream with every event the tail sends", () => {
    const ok = doc.paths["/api/t/{target}/{region}/streams/{name}/tail"].get.responses["200"].content["text/event-stream"];
    const events = ok.schema.oneOf as any[];
    expect(events.map((e) => e.properties.event.const).sort()).toEqual(Object.keys(TAIL_EVENTS).sort());
    for (const e of events) {
      expect(e.required).toEqual(["event", "data"]);
      expect(e.properties.data).toMatchObject({
        type: "string",
        contentMediaType: "application/json",
        contentSchema: { $ref: expect.stringMatching(/^#\/components\/schemas\/Tail/) },
      });
    }
    // Every event name the server code emits is one of them.
    const dir = path.join(root, "lib", "server", "tail");
    const emitted = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test."))) {
      for (const m of fs.readFileSync(path.join(dir, f), "utf8").matchAll(/formatSseEvent\(\s*"([a-z_-]+)"/g)) emitted.add(m[1]!);
    }
    expect(emitted.size).toBeGreaterThan(0);
    for (const name of emitted) expect(Object.keys(TAIL_EVENTS), `event "${name}" is not documented`).toContain(name);
    expect(doc.paths["/api/t/{target}/{region}/streams/{name}/tail"].get.parameters.find((x: { name: string }) => x.name === "Last-Event-ID")).toMatchObject({
      in: "header",
    });
  });

  it("describes the search as text/event-stream with every event the search sends, and its download as NDJSON", () => {
    const ok = doc.paths["/api/t/{target}/{region}/streams/{name}/search"].get.responses["200"].content["text/event-stream"];
    const events = ok.schema.oneOf as any[];
    expect(events.map((e) => e.properties.event.const).sort()).toEqual(Object.keys(SEARCH_EVENTS).sort());
    for (const e of events) expect(e.properties.data.contentSchema.$ref).toMatch(/^#\/components\/schemas\/Search/);
    const dir = path.join(root, "lib", "server", "search");
    const emitted = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test."))) {
      for (const m of fs.readFileSync(path.join(dir, f), "utf8").matchAll(/formatSseEvent\(\s*"([a-z_-]+)"/g)) emitted.add(m[1]!);
    }
    expect([...emitted].sort()).toEqual(Object.keys(SEARCH_EVENTS).sort());
    const ndjson = doc.paths["/api/t/{target}/{region}/streams/{name}/search.ndjson"].get.responses["200"].content;
    expect(Object.keys(ndjson)).toEqual(["application/x-ndjson"]);
  });

  it("keeps the document free of the generator's own keywords", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('"$id"');
  });
});
