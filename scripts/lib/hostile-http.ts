// Hostile requests that only a running server can answer (Next's router runs before any route
// handler): unknown API paths, methods a route lacks, TRACE, percent-encoding the router decodes,
// and a Host that is not this server's. Each must be a 4xx JSON error `{ error: { code, message } }`.
// Used by scripts/fuzz-api.ts against the built app; the route handlers' own hostile inputs are
// swept in app/api/hostile-inputs.int.test.ts.
import http from "node:http";

export interface HttpCheck {
  what: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
}

export const HOSTILE_HTTP_CHECKS: HttpCheck[] = [
  { what: "GET of a stream name with malformed percent-encoding", method: "GET", path: "/api/streams/%ZZ" },
  { what: "GET of a sub-route with malformed percent-encoding", method: "GET", path: "/api/streams/%ZZ/shards" },
  { what: "GET of an unknown API path", method: "GET", path: "/api/nothing-here" },
  { what: "GET of an unknown stream sub-route", method: "GET", path: "/api/streams/orders/nothing" },
  { what: "DELETE of a stream", method: "DELETE", path: "/api/streams/orders" },
  { what: "PUT of records", method: "PUT", path: "/api/streams/orders/records" },
  // Next builds a WHATWG Request for every request, which refuses TRACE: scripts/start.mjs answers it.
  { what: "TRACE", method: "TRACE", path: "/api/target" },
  // Node's own HTTP parser refuses a method it does not know: scripts/start.mjs answers in JSON.
  { what: "TRACK (a method Node's parser does not know)", method: "TRACK", path: "/api/target" },
  { what: "PROPFIND (a method no route serves)", method: "PROPFIND", path: "/api/streams" },
  { what: "a request for another Host (DNS rebinding)", method: "GET", path: "/api/streams", headers: { host: "evil.example" } },
  { what: "a request for another Host with this port", method: "GET", path: "/api/target", headers: { host: "evil.example:3000" } },
  { what: "GET of a stream name with a percent-encoded slash", method: "GET", path: "/api/streams/a%2Fb" },
  { what: "GET of records with a shard id past 128 characters", method: "GET", path: `/api/streams/orders/records?shardId=${"s".repeat(129)}` },
  { what: "GET of records with a 12 kB cursor", method: "GET", path: `/api/streams/orders/records?shardId=shardId-000000000000&cursor=${"A".repeat(12_000)}` },
];

export interface HttpCheckResult {
  check: HttpCheck;
  ok: boolean;
  status: number;
  problem?: string;
}

function request(base: string, c: HttpCheck): Promise<{ status: number; type: string; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: c.method, path: c.path, headers: { host: url.host, ...c.headers }, timeout: 20_000 },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 20 s")));
    req.on("error", reject);
    req.end();
  });
}

export async function runHostileHttpChecks(base: string): Promise<HttpCheckResult[]> {
  const results: HttpCheckResult[] = [];
  for (const check of HOSTILE_HTTP_CHECKS) {
    let problem: string | undefined;
    let status = 0;
    try {
      const r = await request(base, check);
      status = r.status;
      if (r.status < 400 || r.status >= 500) problem = `status ${r.status}`;
      else if (!/^application\/json/.test(r.type)) problem = `${r.status} with content-type "${r.type}"`;
      else {
        const body = JSON.parse(r.text) as { error?: { code?: unknown; message?: unknown } };
        if (typeof body.error?.code !== "string" || typeof body.error.message !== "string" || body.error.message.trim().length < 10) {
          problem = `${r.status} without an error code and message: ${r.text.slice(0, 120)}`;
        }
      }
    } catch (e) {
      problem = (e as Error).message;
    }
    results.push({ check, ok: !problem, status, problem });
  }
  return results;
}
