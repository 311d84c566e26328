// With SHARDSCOPE_CLOUDWATCH_DISABLED (the demo without moto), every CloudWatch-backed endpoint says
// so plainly, without calling anything, and the health check reports it.
import { CreateStreamCommand, DeleteStreamCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { scopeCtx, streamCtx } from "@/scripts/testing/scope";

const before = process.env.SHARDSCOPE_CLOUDWATCH_DISABLED;
// Before the modules below read their configuration (each test file has its own module registry).
process.env.SHARDSCOPE_CLOUDWATCH_DISABLED = "1";

afterAll(() => {
  if (before === undefined) delete process.env.SHARDSCOPE_CLOUDWATCH_DISABLED;
  else process.env.SHARDSCOPE_CLOUDWATCH_DISABLED = before;
});

describe("with CloudWatch turned off", () => {
  let routes: {
    metrics: typeof import("@/app/api/t/[target]/[region]/streams/[name]/metrics/route").GET;
    alarms: typeof import("@/app/api/t/[target]/[region]/streams/[name]/alarms/route").GET;
    monitor: typeof import("@/app/api/t/[target]/[region]/monitor/route").GET;
    health: typeof import("@/app/api/t/[target]/[region]/health/route").GET;
  };
  let calls: () => number;
  const stream = `cw-off-${Math.random().toString(36).slice(2, 8)}`;
  let kinesis: KinesisClient;

  afterAll(async () => {
    await kinesis?.send(new DeleteStreamCommand({ StreamName: stream }));
    kinesis?.destroy();
  });

  beforeAll(async () => {
    routes = {
      metrics: (await import("@/app/api/t/[target]/[region]/streams/[name]/metrics/route")).GET,
      alarms: (await import("@/app/api/t/[target]/[region]/streams/[name]/alarms/route")).GET,
      monitor: (await import("@/app/api/t/[target]/[region]/monitor/route")).GET,
      health: (await import("@/app/api/t/[target]/[region]/health/route")).GET,
    };
    kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
    await waitUntilActive(kinesis, stream);
    const { cloudwatchUsage } = await import("./usage");
    const scope = await (await import("@/lib/server/targets/registry")).defaultScope();
    calls = () => {
      const t = cloudwatchUsage(scope).snapshot().totals;
      return t.GetMetricData + t.DescribeAlarms;
    };
  });

  it("the metrics, alarms and monitor endpoints answer 502 with a message that says so, and call nothing", async () => {
    const before = calls();
    const ctx = streamCtx(stream);
    for (const res of [
      await routes.alarms(new Request(`http://localhost/api/streams/${stream}/alarms`), ctx),
      await routes.monitor(new Request("http://localhost/api/monitor?streams=no-such-stream-here"), scopeCtx()),
    ]) {
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ error: { code: "endpoint_unreachable", message: expect.stringMatching(/^CloudWatch is turned off on this server/) } });
    }
    // The metrics and alarms routes check the stream first: an unknown one is still a 404.
    for (const route of [routes.metrics, routes.alarms]) {
      const unknown = await route(new Request("http://localhost/api/streams/no-such-stream-here/x"), streamCtx("no-such-stream-here"));
      expect(unknown.status).toBe(404);
    }
    expect(calls()).toBe(before);
  });

  it("health reports CloudWatch as turned off", async () => {
    const res = await routes.health(new Request("http://localhost/api/health"), scopeCtx());
    const body = (await res.json()) as { cloudwatch: { reachable: boolean; error?: string } };
    expect(body.cloudwatch).toMatchObject({ reachable: false, error: expect.stringContaining("turned off") });
  });
});
