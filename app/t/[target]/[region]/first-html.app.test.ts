// The pages' first HTML, as the built server sends it: the streams list, a stream's overview and
// the on-call wall carry their data (read on the server and rendered, not fetched afterwards), every
// inline script (the hydrated query state among them) carries the response's CSP nonce, and a read
// that fails leaves the page standing for the browser to fetch and show the error.
import { CreateStreamCommand, DeleteStreamCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { freePort } from "@/scripts/lib/free-port";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { localAwsEnv, startNextServer, type NextServer } from "@/scripts/lib/next-server";

const RUN = randomBytes(3).toString("hex");
const ONE = `ss-html-${RUN}-a`;
const TWO = `ss-html-${RUN}-b`;
/** The default scope when there is no targets file: the default chain, named `default`, in us-east-1. */
const HOME = "/t/default/us-east-1";
const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

let kinesis: KinesisClient;
const servers: NextServer[] = [];

async function startApp(cloudwatchEndpoint: string): Promise<NextServer> {
  const server = await startNextServer({
    host: "127.0.0.1",
    port: await freePort(),
    root: ROOT,
    env: { ...localAwsEnv(inject("kinesisEndpoint")), AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatchEndpoint, NEXT_TELEMETRY_DISABLED: "1" },
  });
  servers.push(server);
  return server;
}

/** The whole response, the streamed Suspense boundaries included, with the nonce its policy names. */
async function html(server: NextServer, page: string): Promise<{ status: number; body: string; nonce: string | undefined }> {
  const res = await fetch(`${server.url}${page}`, { signal: AbortSignal.timeout(30_000) });
  const nonce = res.headers.get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  return { status: res.status, body: await res.text(), nonce };
}

/**
 * `marker` is in the page's frame, painted with it, not in a streamed Suspense boundary (a hidden
 * `<div id="S:…">` that React reveals 300 ms after the first paint at the soonest).
 */
function expectInFrame(body: string, marker: string): void {
  const at = body.indexOf(marker);
  expect(at, marker).toBeGreaterThanOrEqual(0);
  const streamed = body.search(/<div hidden="?"? ?id="S:/);
  if (streamed >= 0) expect(at, `${marker} is in a streamed boundary`).toBeLessThan(streamed);
}

/** Every inline <script> of the page carries this response's nonce: the policy would block it otherwise. */
function expectInlineScriptsNonced(body: string, nonce: string | undefined): void {
  expect(nonce).toBeTruthy();
  const inline = [...body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1] ?? "");
  expect(inline.length).toBeGreaterThan(0);
  for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
}

const rowOf = (name: string) => `data-testid="stream-row" data-stream="${name}"`;
const tileOf = (name: string) => `data-testid="monitor-tile" data-stream="${name}"`;

beforeAll(async () => {
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await kinesis.send(new CreateStreamCommand({ StreamName: ONE, ShardCount: 2 }));
  await kinesis.send(new CreateStreamCommand({ StreamName: TWO, ShardCount: 1 }));
  await Promise.all([waitUntilActive(kinesis, ONE), waitUntilActive(kinesis, TWO)]);
});

afterAll(async () => {
  for (const s of servers) await s.child.stop(3_000);
  for (const name of [ONE, TWO]) await kinesis?.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true })).catch(() => {});
  kinesis?.destroy();
});

describe("the first HTML carries the page's data", () => {
  let app: NextServer;
  beforeAll(async () => {
    app = await startApp(inject("cloudwatchEndpoint"));
  });

  it("the streams list: the stream names are rendered rows, before any script runs", async () => {
    const page = await html(app, HOME);
    expect(page.status).toBe(200);
    expect(page.body).toContain(rowOf(ONE));
    expect(page.body).toContain(rowOf(TWO));
    // Rendered, not a skeleton waiting for a fetch: the count says so too.
    expect(page.body).toMatch(/data-testid="stream-count">\d+ of \d+</);
    expectInFrame(page.body, rowOf(ONE));
    expectInlineScriptsNonced(page.body, page.nonce);
  });

  it("a stream's overview: its summary and its shards", async () => {
    const page = await html(app, `${HOME}/streams/${ONE}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="stream-summary"');
    expect(page.body).toContain(`arn:aws:kinesis:us-east-1:`);
    expect(page.body).toContain(`:stream/${ONE}`);
    expect(page.body).toMatch(/data-testid="open-shard-count">2</);
    expect(page.body).toContain('data-shard="shardId-000000000000"');
    expect(page.body).toContain('data-shard="shardId-000000000001"');
    expect(page.body).toContain("No tags.");
    expectInFrame(page.body, 'data-testid="stream-summary"');
    expectInlineScriptsNonced(page.body, page.nonce);
  });

  it("/monitor: a tile per stream asked for, with the age of its data", async () => {
    const page = await html(app, `${HOME}/monitor?streams=${ONE},${TWO}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(tileOf(ONE));
    expect(page.body).toContain(tileOf(TWO));
    expect(page.body).toMatch(/data-testid="monitor-summary">2 streams</);
    expect(page.body).toMatch(/data-testid="monitor-updated">updated \d+ s ago</);
    expectInlineScriptsNonced(page.body, page.nonce);
    // Read again, answered from the server's cache in time: in the frame itself.
    expectInFrame((await html(app, `${HOME}/monitor?streams=${ONE},${TWO}`)).body, tileOf(ONE));
  });

  it("/monitor with a query the API refuses: the page stands, without tiles, for the browser to show the 400", async () => {
    const page = await html(app, `${HOME}/monitor?streams=${ONE}&range=2w`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="monitor-board"');
    expect(page.body).not.toContain('data-testid="monitor-tile"');
    expect(page.body).toMatch(/data-testid="monitor-updated">loading…</);
  });
});

describe("a read that fails on the server leaves the page to the browser", () => {
  it("with CloudWatch unreachable, /monitor renders without tiles and the streams list still has its names", async () => {
    // A port nothing listens on: every GetMetricData and DescribeAlarms call fails to connect.
    const app = await startApp(`http://127.0.0.1:${await freePort()}`);
    const wall = await html(app, `${HOME}/monitor?streams=${ONE}`);
    expect(wall.status).toBe(200);
    expect(wall.body).toContain('data-testid="monitor-board"');
    expect(wall.body).not.toContain('data-testid="monitor-tile"');
    // Nothing of the failure reaches the HTML: the browser asks the API and shows its answer.
    expect(wall.body).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
    const home = await html(app, HOME);
    expect(home.status).toBe(200);
    expect(home.body).toContain(rowOf(ONE));
  });
});
