// The built app under `next start`, as a browser or an attacker reaches it: the host allow-list
// (DNS rebinding) on pages, API and the live tail, the write guard's origin check, and the security
// headers on every response. proxy.ts only runs inside Next, so nothing short of a real server
// shows these.
import { CreateStreamCommand, DeleteStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { freePort } from "@/scripts/lib/free-port";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { localAwsEnv, startNextServer, type NextServer } from "@/scripts/lib/next-server";

const STREAM = `ss-hosts-${randomBytes(4).toString("hex")}`;
/** The streams page of the default scope (no targets file: the default chain, named `default`, in us-east-1). */
const HOME = "/t/default/us-east-1";
/** Listed in SHARDSCOPE_ALLOWED_HOSTS for this server, as a reverse proxy's or LAN name would be. */
const EXTRA_HOST = "shardscope.test";

let server: NextServer;
let port: number;
let kinesis: KinesisClient;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request with exactly these headers (fetch would not let us choose Host). Reads at most
 * `maxBytes` of the body, then hangs up: enough to see what a live tail started with.
 */
function request(method: string, urlPath: string, headers: Record<string, string>, body?: string, maxBytes = 1 << 20): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, headers, agent: false }, (res) => {
      let text = "";
      const done = () => {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      };
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        if (text.length >= maxBytes) done();
      });
      res.on("end", done);
      res.on("error", reject);
      // A tail that sends nothing more: what came so far is the answer.
      setTimeout(done, 3_000).unref();
    });
    req.on("error", reject);
    req.end(body);
  });
}

const get = (urlPath: string, host: string, extra: Record<string, string> = {}, maxBytes?: number) =>
  request("GET", urlPath, { host, ...extra }, undefined, maxBytes);

function put(host: string, origin: string, partitionKey: string, extra: Record<string, string> = {}): Promise<Answer> {
  const body = JSON.stringify({ records: [{ partitionKey, data: "rebinding", encoding: "text" }] });
  return request(
    "POST",
    `/api/streams/${STREAM}/records`,
    {
      host,
      origin,
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      ...extra,
    },
    body,
  );
}

/** Every record of the one-shard stream, read straight from kinesis-local. */
async function keysInStream(): Promise<string[]> {
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({ StreamName: STREAM, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }),
  );
  const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
  return Records.map((r) => r.PartitionKey ?? "");
}

function expectRefusedHost(answer: Answer, host: string, api: boolean): void {
  expect(answer.status).toBe(403);
  const message = `Shardscope does not answer for the host "${host}". Open it on localhost or 127.0.0.1, or add this host to SHARDSCOPE_ALLOWED_HOSTS on the server.`;
  if (api) {
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "forbidden", message } });
  } else {
    expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
    expect(answer.body.trim()).toBe(message);
  }
  expect(answer.body).not.toContain(STREAM);
}

beforeAll(async () => {
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
  await waitUntilActive(kinesis, STREAM);
  port = await freePort();
  server = await startNextServer({
    host: "127.0.0.1",
    port,
    root: path.resolve(__dirname, "..", ".."),
    env: {
      ...localAwsEnv(inject("kinesisEndpoint")),
      AWS_ENDPOINT_URL_CLOUDWATCH: inject("cloudwatchEndpoint"),
      NEXT_TELEMETRY_DISABLED: "1",
      SHARDSCOPE_ALLOWED_HOSTS: EXTRA_HOST,
    },
  });
});

afterAll(async () => {
  await server?.child.stop(3_000);
  await kinesis?.send(new DeleteStreamCommand({ StreamName: STREAM, EnforceConsumerDeletion: true })).catch(() => {});
  kinesis?.destroy();
});

describe("the host allow-list (DNS rebinding)", () => {
  it("refuses the API, the pages and the live tail for a host it does not answer", async () => {
    const evil = `evil.example:${port}`;
    expectRefusedHost(await get("/api/streams", evil), evil, true);
    expectRefusedHost(await get(`/api/streams/${STREAM}`, evil), evil, true);
    expectRefusedHost(await get(`/api/streams/${STREAM}/tail?from=TRIM_HORIZON`, evil, { accept: "text/event-stream" }), evil, true);
    expectRefusedHost(await get("/", evil), evil, false);
    expectRefusedHost(await get(`/streams/${STREAM}`, evil), evil, false);
    // A loopback name on another port is not this server either (an old tab of another app).
    expectRefusedHost(await get("/api/streams", `localhost:${port + 1}`), `localhost:${port + 1}`, true);
    // Behind a reverse proxy the browser's host is the forwarded one, and it must be allowed too.
    expectRefusedHost(await get("/api/streams", `127.0.0.1:${port}`, { "x-forwarded-host": "evil.example" }), "evil.example", true);
  });

  it("answers the loopback names on its port, and the hosts of SHARDSCOPE_ALLOWED_HOSTS", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, EXTRA_HOST, `${EXTRA_HOST}:${port}`]) {
      const list = await get("/api/streams", host);
      expect(list.status, host).toBe(200);
      expect(
        JSON.parse(list.body).streams.map((s: { name: string }) => s.name),
        host,
      ).toContain(STREAM);
      // Short page paths redirect to the default scope's; the scoped page itself answers.
      expect((await get("/", host)).status, host).toBe(307);
      expect((await get(HOME, host)).status, host).toBe(200);
    }
    const tail = await get(`/api/streams/${STREAM}/tail?from=TRIM_HORIZON`, `localhost:${port}`, { accept: "text/event-stream" }, 1);
    expect(tail.status).toBe(200);
    expect(tail.headers["content-type"]).toMatch(/^text\/event-stream/);
  });

  it("refuses a rebinding write, whose Host and Origin agree on the attacker's name, and writes nothing", async () => {
    const rebound = await put(`evil.example:${port}`, `http://evil.example:${port}`, "rebinding");
    expectRefusedHost(rebound, `evil.example:${port}`, true);
    // Through an allowed Host (a reverse proxy, or a forged header) the Origin still gives it away:
    // the write guard compares it with the allowed hosts, not with what the request says.
    const forwarded = await put(`127.0.0.1:${port}`, `http://evil.example:${port}`, "rebinding-origin");
    expect(forwarded.status).toBe(403);
    expect(JSON.parse(forwarded.body).error.code).toBe("forbidden");
    expect(JSON.parse(forwarded.body).error.message).toMatch(
      /^Refused a request from http:\/\/evil\.example:\d+: writes are accepted only from Shardscope's own pages\.$/,
    );
    expect(await keysInStream()).toEqual([]);

    // The same write from the app's own pages, on a loopback name or an allowed host, goes through:
    // the refusals above were the host's and the origin's doing.
    expect((await put(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`, "own-page")).status).toBe(200);
    expect((await put(EXTRA_HOST, `http://${EXTRA_HOST}`, "allowed-host")).status).toBe(200);
    expect(await keysInStream()).toEqual(["own-page", "allowed-host"]);
  });
});

describe("security headers", () => {
  const STATIC = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
  };

  it("are on every response: pages, API, errors, assets (all but the policy), refusals and the live tail", async () => {
    const host = `127.0.0.1:${port}`;
    const page = await get(HOME, host);
    const asset = page.body.match(/\/_next\/static\/[^"]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const answers: [string, Answer][] = [
      [HOME, page],
      ["/ (a redirect)", await get("/", host)],
      ["/streams/x", await get(`/streams/${STREAM}`, host)],
      ["/put", await get("/put", host)],
      ["/monitor", await get("/monitor", host)],
      [`${HOME}/monitor`, await get(`${HOME}/monitor`, host)],
      ["unknown page", await get("/no/such/page", host)],
      ["/api/streams", await get("/api/streams", host)],
      ["/api/health", await get("/api/health", host)],
      ["unknown stream", await get("/api/streams/no-such-stream-here", host)],
      ["bad write", await request("POST", `/api/streams/${STREAM}/records`, { host, "content-type": "text/plain" }, "x")],
      ["asset", await get(asset!, host)],
      ["refused host", await get("/", `evil.example:${port}`)],
      ["tail", await get(`/api/streams/${STREAM}/tail`, host, { accept: "text/event-stream" }, 1)],
    ];
    for (const [what, answer] of answers) {
      expect(answer.headers, what).toMatchObject(STATIC);
      // The build's static files bypass proxy.ts: no page is rendered from them, so no policy.
      if (what === "asset") continue;
      const csp = answer.headers["content-security-policy"] as string;
      expect(csp, what).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'(;|$)/);
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).toContain("object-src 'none'");
      expect(csp, what).not.toContain("unsafe-eval");
    }
    expect(answers.find(([w]) => w === `${HOME}/monitor`)![1].status).toBe(200);
  });

  it("give each page a fresh nonce, which Next puts on every script of that page", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const page = await get(HOME, `127.0.0.1:${port}`);
      const nonce = /'nonce-([^']+)'/.exec(page.headers["content-security-policy"] as string)![1]!;
      nonces.add(nonce);
      const scripts = page.body.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });
});
