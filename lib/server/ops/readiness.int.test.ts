// The readiness probe against a real kinesis-local: ready with Kinesis reachable; still ready, and
// saying so, when the default target's Kinesis does not answer; not ready (503) when the targets
// cannot be loaded. However often it is probed, Kinesis is asked once per interval.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getReady } from "@/app/api/ready/route";
import { GET as getLive } from "@/app/api/live/route";
import { metricsText } from "@/lib/server/ops/metrics";
import { forgetAppState } from "@/scripts/testing/app-state";
import { parseScrape, sampleSum } from "@/scripts/testing/prometheus";

const saved = process.env.SHARDSCOPE_TARGETS_FILE;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-ready-"));
});

afterEach(() => {
  if (saved === undefined) delete process.env.SHARDSCOPE_TARGETS_FILE;
  else process.env.SHARDSCOPE_TARGETS_FILE = saved;
  forgetAppState();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function useTargets(kinesisEndpoint: string): void {
  const file = path.join(dir, `targets-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      default: "main",
      targets: [
        { name: "main", region: "us-east-1", endpoints: { kinesis: kinesisEndpoint }, local: true },
        { name: "other", region: "eu-west-1", endpoints: { kinesis: inject("kinesisEndpointEu") }, local: true },
      ],
    }),
  );
  process.env.SHARDSCOPE_TARGETS_FILE = file;
  forgetAppState();
}

async function probe(): Promise<{ status: number; body: any }> {
  const res = await getReady(new Request("http://localhost/api/ready"), undefined as never);
  return { status: res.status, body: await res.json() };
}

async function listStreamsCalls(): Promise<number> {
  return sampleSum(parseScrape((await metricsText()).body), "shardscope_aws_calls_total", { service: "Kinesis", operation: "ListStreams" });
}

describe("the readiness probe", () => {
  it("is ready with the targets loaded and Kinesis reachable, and asks Kinesis once however often it is probed", async () => {
    useTargets(inject("kinesisEndpoint"));
    const first = await probe();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ready: true, checks: { settings: "ok", targets: "ok" }, targets: 2, kinesis: { reachable: true } });
    expect(first.body.kinesis.error).toBeUndefined();
    expect(Date.parse(first.body.kinesis.checkedAt)).not.toBeNaN();
    for (let i = 0; i < 5; i++) expect((await probe()).body.kinesis.checkedAt).toBe(first.body.kinesis.checkedAt);
    expect(await listStreamsCalls()).toBe(1);
  });

  it("stays ready when Kinesis does not answer, and says so with the error's code only", async () => {
    useTargets("http://127.0.0.1:9");
    const { status, body } = await probe();
    expect(status).toBe(200);
    expect(body).toMatchObject({ ready: true, targets: 2, kinesis: { reachable: false, error: "endpoint_unreachable" } });
    // The endpoint and the AWS message stay in the server log.
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
  });

  it("is not ready (503) when the targets cannot be loaded, without naming the file", async () => {
    const missing = path.join(dir, "no-such-targets.json");
    process.env.SHARDSCOPE_TARGETS_FILE = missing;
    forgetAppState();
    const { status, body } = await probe();
    expect(status).toBe(503);
    expect(body).toMatchObject({ ready: false, checks: { settings: "ok", targets: "failed" }, targets: 0, kinesis: { reachable: false } });
    expect(body.message).toBe("The targets could not be loaded; the server log says why.");
    expect(JSON.stringify(body)).not.toContain("no-such-targets");
  });

  it("liveness answers while the targets are broken too", async () => {
    process.env.SHARDSCOPE_TARGETS_FILE = path.join(dir, "no-such-targets.json");
    forgetAppState();
    const res = await getLive(new Request("http://localhost/api/live"), undefined as never);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.live).toBe(true);
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});
