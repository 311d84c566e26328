// Two targets on one server, each a real kinesis-local (one playing us-east-1, one eu-west-1), and
// a third whose credentials cannot work: each target's pages and API answer from its own Kinesis,
// caches and readers; a cursor or a scope from one is refused by the other; the wall spans them;
// the broken one says what is wrong and breaks nothing else.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { CreateStreamCommand, DeleteStreamCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getTargets } from "@/app/api/targets/route";
import { GET as getMonitor } from "@/app/api/t/[target]/[region]/monitor/route";
import { GET as getStreams } from "@/app/api/t/[target]/[region]/streams/route";
import { GET as getStream } from "@/app/api/t/[target]/[region]/streams/[name]/route";
import { GET as getRecords } from "@/app/api/t/[target]/[region]/streams/[name]/records/route";
import { GET as getTail } from "@/app/api/t/[target]/[region]/streams/[name]/tail/route";
import { GET as getTarget } from "@/app/api/t/[target]/[region]/target/route";
import { tailHub } from "@/lib/server/tail/tail-service";
import { resolveScope } from "@/lib/server/targets/registry";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { forgetAppState } from "@/scripts/testing/app-state";
import { scopeCtx, streamCtx } from "@/scripts/testing/scope";
import { readSseEvents } from "@/scripts/testing/sse-events";

const US = { target: "local", region: "us-east-1" };
const EU = { target: "local-eu", region: "eu-west-1" };
const BROKEN = { target: "broken", region: "us-east-1" };
const prefix = `ss-scopes-${randomBytes(3).toString("hex")}`;
const SHARED = `${prefix}-orders`; // the same name in both, with different shard counts
const EU_ONLY = `${prefix}-eu-only`;
const SHARD0 = "shardId-000000000000";

let us: KinesisClient;
let eu: KinesisClient;
let dir: string;
const saved = { file: process.env.SHARDSCOPE_TARGETS_FILE };

async function json(res: Response): Promise<{ status: number; body: any }> {
  return { status: res.status, body: await res.json() };
}
const req = (p: string) => new Request(`http://localhost${p}`);

beforeAll(async () => {
  us = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  eu = createScriptKinesisClient({ endpoint: inject("kinesisEndpointEu"), region: "eu-west-1" });
  await Promise.all([
    us.send(new CreateStreamCommand({ StreamName: SHARED, ShardCount: 1 })),
    eu.send(new CreateStreamCommand({ StreamName: SHARED, ShardCount: 3 })),
    eu.send(new CreateStreamCommand({ StreamName: EU_ONLY, ShardCount: 1 })),
  ]);
  await Promise.all([waitUntilActive(us, SHARED), waitUntilActive(eu, SHARED), waitUntilActive(eu, EU_ONLY)]);
  await us.send(new PutRecordsCommand({ StreamName: SHARED, Records: [{ PartitionKey: "k", Data: Buffer.from("from us-east-1") }] }));
  await eu.send(new PutRecordsCommand({ StreamName: SHARED, Records: [{ PartitionKey: "k", Data: Buffer.from("from eu-west-1") }] }));

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-scopes-"));
  const file = path.join(dir, "targets.json");
  const cloudwatch = inject("cloudwatchEndpoint");
  fs.writeFileSync(
    file,
    JSON.stringify({
      default: "local",
      targets: [
        { name: "local", region: "us-east-1", endpoints: { kinesis: inject("kinesisEndpoint"), cloudwatch }, local: true },
        { name: "local-eu", region: "eu-west-1", endpoints: { kinesis: inject("kinesisEndpointEu"), cloudwatch }, local: true },
        // A role whose STS nobody answers: its credentials can never be had.
        {
          name: "broken",
          region: "us-east-1",
          role: { arn: "arn:aws:iam::123456789012:role/Nobody", sessionName: "shardscope" },
          endpoints: { kinesis: inject("kinesisEndpoint"), cloudwatch, sts: "http://127.0.0.1:9" },
        },
      ],
    }),
  );
  process.env.SHARDSCOPE_TARGETS_FILE = file;
  forgetAppState();
});

afterAll(async () => {
  if (saved.file === undefined) delete process.env.SHARDSCOPE_TARGETS_FILE;
  else process.env.SHARDSCOPE_TARGETS_FILE = saved.file;
  forgetAppState();
  await Promise.all([
    us.send(new DeleteStreamCommand({ StreamName: SHARED })),
    eu.send(new DeleteStreamCommand({ StreamName: SHARED })),
    eu.send(new DeleteStreamCommand({ StreamName: EU_ONLY })),
  ]).catch(() => {});
  us.destroy();
  eu.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("two targets on one server", () => {
  it("lists the configured targets and nothing a browser should not see", async () => {
    const r = await json(await getTargets(req("/api/targets"), undefined as never));
    expect(r.status).toBe(200);
    expect(r.body.current).toEqual(US);
    expect(r.body.targets.map((t: { name: string }) => t.name)).toEqual(["local", "local-eu", "broken"]);
    expect(r.body.targets[1]).toEqual({ name: "local-eu", kind: "default", defaultRegion: "eu-west-1", regions: ["eu-west-1"], local: true });
    expect(JSON.stringify(r.body)).not.toMatch(/arn:aws|role\/|127\.0\.0\.1|sts/i);
  });

  it("answers each target's stream list and summaries from its own Kinesis", async () => {
    const usList = await json(await getStreams(req("/x"), scopeCtx(US)));
    const euList = await json(await getStreams(req("/x"), scopeCtx(EU)));
    const names = (r: { body: { streams: { name: string }[] } }) => r.body.streams.map((s) => s.name);
    expect(names(usList)).toContain(SHARED);
    expect(names(usList)).not.toContain(EU_ONLY);
    expect(names(euList)).toEqual(expect.arrayContaining([SHARED, EU_ONLY]));

    // The same name, cached per scope: 1 shard here, 3 there, whichever is asked first.
    const euSummary = await json(await getStream(req("/x"), streamCtx(SHARED, EU)));
    const usSummary = await json(await getStream(req("/x"), streamCtx(SHARED, US)));
    expect(euSummary.body).toMatchObject({ openShardCount: 3, arn: expect.stringContaining("eu-west-1") });
    expect(usSummary.body).toMatchObject({ openShardCount: 1, arn: expect.stringContaining("us-east-1") });
    expect((await json(await getStream(req("/x"), streamCtx(EU_ONLY, US)))).status).toBe(404);
  });

  it("reads each target's own records, and refuses a cursor made for the other", async () => {
    const page = (scope: typeof US) => getRecords(req(`/x?shardId=${SHARD0}&from=TRIM_HORIZON&limit=10`), streamCtx(SHARED, scope));
    const usPage = await json(await page(US));
    const euPage = await json(await page(EU));
    expect(usPage.body.records.map((r: { decoded: { text?: string } }) => r.decoded.text)).toEqual(["from us-east-1"]);
    const euTexts = euPage.body.records.map((r: { decoded: { text?: string } }) => r.decoded.text);
    // The EU stream has 3 shards; its one record may be on another shard than 0.
    expect(euTexts).not.toContain("from us-east-1");

    const foreign = await json(
      await getRecords(req(`/x?shardId=${SHARD0}&from=TRIM_HORIZON&limit=10&cursor=${encodeURIComponent(usPage.body.cursor)}`), streamCtx(SHARED, EU)),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/belongs to another target or region \(local\/us-east-1\)/);
  });

  it("gives each target its own tail readers", async () => {
    const controllers = [new AbortController(), new AbortController()];
    const tails = await Promise.all(
      [US, EU].map(async (scope, i) => {
        const r = new Request(`http://localhost/x?from=TRIM_HORIZON`, { signal: controllers[i]!.signal });
        const res = await getTail(r, streamCtx(SHARED, scope));
        expect(res.status).toBe(200);
        const texts: string[] = [];
        const done = readSseEvents<{ records?: { decoded: { text?: string } }[] }>(res.body!, (e) => {
          if (e.event === "records") for (const rec of e.data.records ?? []) texts.push(rec.decoded.text ?? "");
        });
        return { r, texts, done };
      }),
    );
    const deadline = Date.now() + 20_000;
    while ((tails[0]!.texts.length === 0 || tails[1]!.texts.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(tails[0]!.texts).toEqual(["from us-east-1"]);
    expect(tails[1]!.texts).toEqual(["from eu-west-1"]);
    // One reader per shard of each stream, each in its own scope's hub.
    expect(tailHub(await resolveScope(US.target, US.region)).snapshot().readers).toBe(1);
    expect(tailHub(await resolveScope(EU.target, EU.region)).snapshot().readers).toBe(3);
    controllers.forEach((c) => c.abort());
    await Promise.all(tails.map((t) => t.done));
  });

  it("refuses an unknown target or a region the target is not configured for, naming what exists", async () => {
    const unknown = await json(await getStreams(req("/x"), scopeCtx({ target: "prod", region: "us-east-1" })));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('There is no target named "prod" on this server. Its targets: local, local-eu, broken.');
    const region = await json(await getStreams(req("/x"), scopeCtx({ target: "local-eu", region: "us-east-1" })));
    expect(region.status).toBe(404);
    expect(region.body.error.message).toBe('Target "local-eu" is not configured for region "us-east-1". Its regions: eu-west-1.');
  });

  it("puts streams of both targets on one wall, each tile labelled with its own", async () => {
    const r = await json(await getMonitor(req(`/x?streams=${SHARED},local-eu:${SHARED},local-eu:eu-west-1:${EU_ONLY}&range=15m`), scopeCtx(US)));
    expect(r.status).toBe(200);
    const tiles = r.body.tiles.map((t: { stream: string; scope: unknown; openShardCount: number }) => [t.stream, t.scope, t.openShardCount]);
    expect(tiles).toEqual(
      expect.arrayContaining([
        [SHARED, { target: "local", region: "us-east-1", account: "local" }, 1],
        [SHARED, { target: "local-eu", region: "eu-west-1", account: "local" }, 3],
        [EU_ONLY, { target: "local-eu", region: "eu-west-1", account: "local" }, 1],
      ]),
    );
    expect(r.body.scopes).toEqual([
      { target: "local", region: "us-east-1", account: "local" },
      { target: "local-eu", region: "eu-west-1", account: "local" },
    ]);
  });
});

describe("a target whose credentials cannot work", () => {
  it("says so on its own pages, naming the role, and the other targets go on", async () => {
    const status = await json(await getTarget(req("/x"), scopeCtx(BROKEN)));
    expect(status.status).toBe(200);
    expect(status.body.credentialsProblem).toMatch(/^Shardscope could not assume arn:aws:iam::123456789012:role\/Nobody for target broken/);

    const list = await json(await getStreams(req("/x"), scopeCtx(BROKEN)));
    expect(list.status).toBe(401);
    expect(list.body.error).toMatchObject({ code: "no_credentials", message: expect.stringContaining("for target broken") });
    expect(JSON.stringify(list.body)).not.toMatch(/at .*\.ts|AKIA|ASIA/);

    // On a wall with streams of a working target, its tiles are error tiles; the others are whole.
    const wall = await json(await getMonitor(req(`/x?streams=local:${SHARED},broken:${SHARED}&range=15m`), scopeCtx(US)));
    expect(wall.status).toBe(200);
    const byTarget = new Map(wall.body.tiles.map((t: { scope: { target: string } }) => [t.scope.target, t]));
    expect(byTarget.get("local")).toMatchObject({ openShardCount: 1 });
    expect(byTarget.get("broken")).toMatchObject({ error: { code: "no_credentials" }, health: { state: "error" } });

    expect((await json(await getStreams(req("/x"), scopeCtx(US)))).status).toBe(200);
  });
});
