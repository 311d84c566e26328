// The tail is left out of the fuzzer (its responses never end), so its description in the OpenAPI
// document is held to the route here: every value the document allows for a query parameter is
// accepted, and values it rules out (outside an enum, past a maxLength, against a pattern) are a
// 400 JSON error answered before any stream opens. Accepted queries are sent for a stream that does
// not exist: the route checks the whole query first, then answers 404 without opening anything.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getTail } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { GET as getOpenApi } from "@/app/api/openapi.json/route";
import { streamCtx } from "@/scripts/testing/scope";

const MISSING = `ss-openapi-tail-${randomBytes(4).toString("hex")}`;

interface Param {
  name: string;
  in: string;
  required: boolean;
  schema: { type?: string; enum?: string[]; maxLength?: number; pattern?: string; default?: unknown };
}

/** What a parameter's value needs beside it to make a valid query. */
const COMPANIONS: Record<string, Record<string, string>> = {
  AT_TIMESTAMP: { at: String(Date.now() - 60_000) },
  AT_SEQUENCE_NUMBER: { at: "1", shards: "shardId-000000000000" },
  AFTER_SEQUENCE_NUMBER: { at: "1", shards: "shardId-000000000000" },
};

async function tail(query: Record<string, string>): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  const res = await getTail(new Request(`http://localhost/api/streams/${MISSING}/tail?${new URLSearchParams(query)}`), streamCtx(MISSING));
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

async function tailParameters(): Promise<Param[]> {
  const res = await getOpenApi(new Request("http://localhost/api/openapi.json"), {});
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, { get: { parameters: Param[] } }> };
  return doc.paths["/api/t/{target}/{region}/streams/{name}/tail"]!.get.parameters.filter((p) => p.in === "query");
}

describe("the OpenAPI document's tail parameters", () => {
  it("are what the route accepts and refuses", async () => {
    const params = await tailParameters();
    expect(params.map((p) => p.name).sort()).toEqual(
      ["at", "consumer", "decoder", "efo", "expr", "from", "key", "keyMode", "lastEventId", "mode", "q", "regex", "shards"].sort(),
    );
    let checked = 0;
    for (const p of params) {
      for (const value of p.schema.enum ?? []) {
        const r = await tail({ ...COMPANIONS[value], [p.name]: value });
        expect(r.status, `${p.name}=${value} is documented, so it must pass the query check: ${r.body.error?.message}`).toBe(404);
        const bad = await tail({ [p.name]: `${value}-not-documented` });
        expect(bad.status, `${p.name}=${value}-not-documented`).toBe(400);
        expect(bad.body.error).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/\S{5}/) });
        checked += 2;
      }
      if (p.schema.maxLength !== undefined && p.name !== "shards") {
        const tooLong = await tail({ [p.name]: "1".repeat(p.schema.maxLength + 1) });
        expect(tooLong.status, `${p.name} past its maxLength`).toBe(400);
        expect(tooLong.body.error?.code).toBe("invalid_input");
        checked++;
      }
      if (p.schema.pattern) {
        const refused = await tail({ [p.name]: "has a space!" });
        expect(new RegExp(p.schema.pattern).test("has a space!")).toBe(false);
        expect(refused.status, `${p.name} against its pattern`).toBe(400);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("answers an invalid `from` with a 400 JSON error naming what is allowed", async () => {
    const r = await tail({ from: "YESTERDAY" });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("TRIM_HORIZON") } });
  });
});
