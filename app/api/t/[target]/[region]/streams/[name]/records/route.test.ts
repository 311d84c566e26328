// The write route's refusals, called as Next calls it. None of these reach Kinesis; the writes
// themselves are tested against kinesis-local in lib/server/kinesis/put.int.test.ts.
import { afterEach, describe, expect, it, vi } from "vitest";
import { streamCtx } from "@/scripts/testing/scope";

const ctx = (name: string) => streamCtx(name);
const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3000/api/streams/orders/records", {
    method: "POST",
    headers: { host: "127.0.0.1:3000", "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function loadRoute(env: Record<string, string> = {}) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import("./route");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("POST /api/streams/{name}/records refusals", () => {
  it("refuses every write in read-only mode before looking at the request", async () => {
    const { POST } = await loadRoute({ SHARDSCOPE_READ_ONLY: "1" });
    const res = await POST(post("not even json", { origin: "https://evil.example" }), ctx("%%%"));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "read_only", message: expect.stringContaining("read-only") } });
  });

  it("refuses a cross-site request with 403 forbidden", async () => {
    const { POST } = await loadRoute();
    const res = await POST(
      post({ records: [{ partitionKey: "k", data: "x", encoding: "text" }] }, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
      ctx("orders"),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("names each bad record in a 400", async () => {
    const { POST } = await loadRoute();
    const res = await POST(
      post({
        records: [
          { partitionKey: "ok", data: "x", encoding: "text" },
          { partitionKey: "k", explicitHashKey: "340282366920938463463374607431768211456", data: "x", encoding: "text" },
          { partitionKey: "k", data: "{nope}", encoding: "json" },
        ],
      }),
      ctx("orders"),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toMatch(/^2 records are invalid, so nothing was written\./);
    expect(body.error.details).toEqual([
      { index: 1, field: "explicitHashKey", message: expect.stringContaining("larger than 2^128 − 1") },
      { index: 2, field: "data", message: "Invalid JSON: Unexpected 'n' where a property name in double quotes was expected at character 2" },
    ]);
  });

  it("refuses a lone-surrogate partition key, which Kinesis would receive as U+FFFD", async () => {
    const { POST } = await loadRoute();
    // JSON.stringify writes the half pair as the escape \ud800, as any client may send it.
    const res = await POST(post({ records: [{ partitionKey: "\uD800", data: "x", encoding: "text" }] }), ctx("orders"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toEqual([
      {
        index: 0,
        field: "partitionKey",
        message:
          "The partition key contains a lone UTF-16 surrogate U+D800 at character 1 (half of a character pair, which has no UTF-8 form); remove it or complete the pair.",
      },
    ]);
  });

  it("refuses a bad stream name, a body that is too large, and a body that is not JSON", async () => {
    const { POST } = await loadRoute();
    expect((await POST(post({ records: [] }), ctx("bad name!"))).status).toBe(400);
    const big = await POST(post({ records: [{ partitionKey: "k", data: "x".repeat(25 * 1024 * 1024), encoding: "text" }] }), ctx("orders"));
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe("payload_too_large");
    const notJson = await POST(post("records=1", { "content-type": "application/x-www-form-urlencoded" }), ctx("orders"));
    expect(notJson.status).toBe(400);
  });

  it("never sends a stack trace", async () => {
    const { POST } = await loadRoute();
    const res = await POST(post("{"), ctx("orders"));
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
