// The metrics, alarms and monitor endpoints against a real moto (CloudWatch) and kinesis-local.
// The test plays AWS's part: it creates streams, publishes AWS/Kinesis metrics with PutMetricData
// at known times, and defines alarms; then it calls the route handlers themselves.
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { CreateStreamCommand, EnableEnhancedMonitoringCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { GET as alarmsRoute } from "@/app/api/t/[target]/[region]/streams/[name]/alarms/route";
import { GET as metricsRoute } from "@/app/api/t/[target]/[region]/streams/[name]/metrics/route";
import { GET as monitorRoute } from "@/app/api/t/[target]/[region]/monitor/route";
import { GET as healthRoute } from "@/app/api/t/[target]/[region]/health/route";
import type { AlarmsResponse, MetricsResponse, MonitorResponse } from "@/lib/metrics/types";
import { STREAM_METRICS } from "@/lib/metrics/catalog";
import { alignWindow } from "@/lib/metrics/period";
import { planQueries } from "@/lib/metrics/queries";
import { defaultScope } from "@/lib/server/targets/registry";
import { forgetAppState } from "@/scripts/testing/app-state";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { minuteAgo, putKinesisMetrics } from "@/scripts/lib/kinesis-metrics";
import { createScriptCloudWatchClient } from "@/scripts/lib/moto-server";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { forgetCachedAlarms } from "./alarms";
import { getMetricData } from "./get-metric-data";
import type { StreamRouteContext } from "@/lib/server/http";
import { scopeCtx, streamCtx } from "@/scripts/testing/scope";

const run = Math.random().toString(36).slice(2, 8);
const name = (s: string) => `cw-${s}-${run}`;
const shard = (i: number) => `shardId-${String(i).padStart(12, "0")}`;

let kinesis: KinesisClient;
let cw: CloudWatchClient;

async function createStream(stream: string, shards: number, shardLevel: string[] = []): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
  await waitUntilActive(kinesis, stream);
  if (shardLevel.length > 0) {
    await kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: stream, ShardLevelMetrics: shardLevel as never }));
  }
}

async function call<T>(handler: (req: Request, ctx: StreamRouteContext) => Promise<Response>, stream: string, path: string, query = "") {
  const res = await handler(new Request(`http://localhost/api/streams/${stream}/${path}${query}`), streamCtx(stream));
  return { status: res.status, body: (await res.json()) as T };
}
const metrics = (stream: string, query = "") => call<MetricsResponse>(metricsRoute, stream, "metrics", query);
const alarms = (stream: string) => call<AlarmsResponse>(alarmsRoute, stream, "alarms");
async function monitor(query: string) {
  const res = await monitorRoute(new Request(`http://localhost/api/monitor${query}`), scopeCtx());
  return { status: res.status, body: (await res.json()) as MonitorResponse };
}

const valueAt = (r: MetricsResponse, key: string, at: Date) => {
  const slot = Math.floor(at.getTime() / (r.period * 1000)) * r.period * 1000;
  const i = r.timestamps.indexOf(new Date(slot).toISOString());
  expect(i, `slot ${new Date(slot).toISOString()} in the window`).toBeGreaterThanOrEqual(0);
  return r.series.find((s) => s.key === key)?.values[i];
};

beforeAll(() => {
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  cw = createScriptCloudWatchClient(inject("cloudwatchEndpoint"));
});

afterAll(() => {
  kinesis?.destroy();
  cw?.destroy();
});

describe("GET /api/streams/{name}/metrics", () => {
  const stream = name("charts");
  const now = Date.now();
  const tenAgo = minuteAgo(10, now);
  const fiveAgo = minuteAgo(5, now);

  beforeAll(async () => {
    await createStream(stream, 2);
    await putKinesisMetrics(cw, [
      { stream, metric: "IncomingBytes", timestamp: tenAgo, value: 6_000 },
      { stream, metric: "IncomingBytes", timestamp: fiveAgo, value: 120_000 },
      { stream, metric: "IncomingRecords", timestamp: fiveAgo, value: 600 },
      { stream, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: fiveAgo, value: 45_000 },
      { stream, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: fiveAgo, value: 12_000 },
      { stream, metric: "WriteProvisionedThroughputExceeded", timestamp: tenAgo, value: 3 },
      { stream, metric: "PutRecord.Latency", timestamp: fiveAgo, stats: { sum: 300, min: 5, max: 40, count: 30 } },
      { stream, consumer: "billing", metric: "SubscribeToShardEvent.Bytes", timestamp: fiveAgo, value: 60_000 },
    ]);
  });

  it("returns the seeded values at their times, as per-second rates, with explicit gaps", async () => {
    const { status, body } = await metrics(stream, "?range=1h");
    expect(status).toBe(200);
    expect(body.period).toBe(60);
    expect(body.timestamps).toHaveLength(60);
    expect(new Date(body.end).getTime() - new Date(body.start).getTime()).toBe(3_600_000);
    // Sum 6,000 bytes in a 60-second period is 100 bytes/s.
    expect(valueAt(body, "IncomingBytes", tenAgo)).toBe(100);
    expect(valueAt(body, "IncomingBytes", fiveAgo)).toBe(2_000);
    expect(valueAt(body, "IncomingRecords", fiveAgo)).toBe(10);
    // Maximum of the two samples, as is.
    expect(valueAt(body, "GetRecords.IteratorAgeMilliseconds", fiveAgo)).toBe(45_000);
    expect(valueAt(body, "WriteProvisionedThroughputExceeded", tenAgo)).toBe(3);
    expect(valueAt(body, "PutRecord.Latency", fiveAgo)).toBe(10);
    // Gaps are explicit: every other minute is null, not missing.
    const incoming = body.series.find((s) => s.key === "IncomingBytes")!;
    expect(incoming.values).toHaveLength(60);
    expect(incoming.values.filter((v) => v === null)).toHaveLength(58);
    expect(body.series.find((s) => s.key === "GetRecords.Bytes")!.values.every((v) => v === null)).toBe(true);
  });

  it("has no shard view while enhanced monitoring is off", async () => {
    const { body } = await metrics(stream, "?range=1h&shards=open");
    expect(body.shardLevel).toEqual({ enabledMetrics: [], viewMetrics: [], shards: [] });
  });

  it("follows the range: a day is read at five-minute points", async () => {
    const { body } = await metrics(stream, "?range=1d");
    expect(body.period).toBe(300);
    expect(body.timestamps).toHaveLength(288);
    // 126,000 bytes in the last ten minutes fall into one or two five-minute periods.
    const total = body.series.find((s) => s.key === "IncomingBytes")!.values.reduce<number>((s, v) => s + (v ?? 0) * 300, 0);
    expect(total).toBe(126_000);
  });

  it("reads a custom window and a requested period", async () => {
    const start = new Date(now - 30 * 60_000).toISOString();
    const end = new Date(now).toISOString();
    const { status, body } = await metrics(stream, `?range=custom&start=${start}&end=${end}&period=300`);
    expect(status).toBe(200);
    expect(body.period).toBe(300);
    expect(body.periodReason).toBe("as requested");
    expect(body.timestamps.length).toBeGreaterThanOrEqual(6);
    expect(body.timestamps.length).toBeLessThanOrEqual(7);
  });

  it("answers bad input with a 400 that says what is wrong", async () => {
    const cases: [string, RegExp][] = [
      ["?range=2w", /range must be one of 15m, 1h/],
      ["?range=1h&period=30", /whole number of minutes/],
      ["?range=1h&period=abc", /period must be a whole number of seconds/],
      ["?range=1h&period=0x3c", /period must be a whole number of seconds/],
      ["?range=7d&period=60", /10080 points/],
      ["?range=custom&start=2026-01-01T00:00:00Z", /needs both start and end/],
      ["?range=custom&start=yesterday&end=now", /ISO 8601/],
      [`?range=custom&start=${new Date(now).toISOString()}&end=${new Date(now - 60_000).toISOString()}`, /end must be after start/],
      ["?shards=shard/../../x", /shards must be/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await metrics(stream, query);
      expect(status, query).toBe(400);
      expect((body as unknown as { error: { code: string; message: string } }).error, query).toMatchObject({
        code: "invalid_input",
        message: expect.stringMatching(message),
      });
    }
  });

  it("says 404 for a stream that does not exist", async () => {
    const { status, body } = await metrics(name("missing"), "?range=1h");
    expect(status).toBe(404);
    expect(JSON.stringify(body)).toContain("not_found");
  });
});

describe("the shard-level view", () => {
  const stream = name("shards");
  const at = minuteAgo(3);

  beforeAll(async () => {
    await createStream(stream, 3, ["IncomingBytes", "IncomingRecords", "IteratorAgeMilliseconds"]);
    await putKinesisMetrics(cw, [
      { stream, shardId: shard(0), metric: "IncomingBytes", timestamp: at, value: 6_000_000 },
      { stream, shardId: shard(1), metric: "IncomingBytes", timestamp: at, value: 60_000_000 },
      { stream, shardId: shard(1), metric: "IncomingRecords", timestamp: at, value: 6_000 },
      { stream, shardId: shard(2), metric: "IncomingRecords", timestamp: at, value: 48_000 },
    ]);
  });

  it("ranks each shard against the shard limits, hottest first", async () => {
    const { body } = await metrics(stream, "?range=15m&shards=open");
    expect(body.shardLevel.enabledMetrics).toEqual(["IncomingBytes", "IncomingRecords", "IteratorAgeMilliseconds"]);
    expect(body.shardLevel.viewMetrics).toEqual(["IncomingBytes", "IncomingRecords"]);
    // 60 MB/min = 1,000,000 B/s ≈ 95 % of 1 MiB/s; 48,000 records/min = 800/s = 80 %; 6 MB/min ≈ 9.5 %.
    expect(body.shardLevel.shards.map((s) => s.shardId)).toEqual([shard(1), shard(2), shard(0)]);
    const hottest = body.shardLevel.shards[0]!;
    expect(hottest.stats.IncomingBytes?.peak).toBe(1_000_000);
    expect(hottest.peakPercent).toBeCloseTo(95.37, 1);
    expect(body.shardLevel.shards[1]!.stats.IncomingRecords?.peakPercent).toBe(80);
  });

  it("reads only the shards asked for, and refuses unknown ones", async () => {
    const { body } = await metrics(stream, `?range=15m&shards=${shard(2)}`);
    expect(body.shardLevel.shards.map((s) => s.shardId)).toEqual([shard(2)]);
    const unknown = await metrics(stream, `?range=15m&shards=${shard(7)}`);
    expect(unknown.status).toBe(404);
  });
});

describe("a 50-shard stream", () => {
  const stream = name("wide");

  beforeAll(async () => {
    await createStream(stream, 50, ["IncomingBytes", "IncomingRecords", "OutgoingBytes"]);
    await putKinesisMetrics(cw, [
      ...Array.from({ length: 50 }, (_, i) => ({ stream, shardId: shard(i), metric: "IncomingBytes", timestamp: minuteAgo(2), value: 1000 * (i + 1) })),
      { stream, metric: "IncomingBytes", timestamp: minuteAgo(2), value: 1_275_000 },
    ]);
  });

  it("costs one GetMetricData call per refresh, and nothing while the shared cache holds", async () => {
    const first = await metrics(stream, "?range=15m&shards=open");
    expect(first.status).toBe(200);
    // 13 stream metrics (4 of them rates: Sum + math) and 3 rates on each of 50 shards.
    expect(first.body.usage.queries).toBe(17 + 50 * 3 * 2);
    expect(first.body.usage.getMetricDataCalls).toBe(1);
    expect(first.body.usage.cached).toBe(false);
    expect(first.body.shardLevel.shards).toHaveLength(50);
    expect(first.body.shardLevel.shards[0]!.shardId).toBe(shard(49));

    const again = await metrics(stream, "?range=15m&shards=open");
    expect(again.body.usage).toMatchObject({ getMetricDataCalls: 0, cached: true });
    expect(again.body.fetchedAt).toBe(first.body.fetchedAt);
    expect(again.body.usage.getMetricDataCallsLastMinute).toBeGreaterThanOrEqual(1);
  });

  it("shares one call among ten viewers asking at once", async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => metrics(stream, "?range=1h&shards=open")));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.reduce((s, a) => s + a.body.usage.getMetricDataCalls, 0)).toBe(1);
    expect(answers.filter((a) => a.body.usage.cached)).toHaveLength(9);
  });
});

describe("getMetricData", () => {
  it("splits more than 500 queries into ⌈queries/500⌉ calls and returns every series", async () => {
    const stream = name("batch");
    const at = minuteAgo(1);
    const age = STREAM_METRICS.find((m) => m.name === "GetRecords.IteratorAgeMilliseconds")!;
    await putKinesisMetrics(cw, [{ stream: `${stream}-7`, metric: age.name, timestamp: at, value: 777 }]);
    const plan = planQueries(
      Array.from({ length: 620 }, (_, i) => ({ key: `k${i}`, metric: age, dimensions: { StreamName: `${stream}-${i}` } })),
      60,
    );
    const w = alignWindow(at.getTime() - 60_000, at.getTime() + 60_000, 60);
    const { results, calls } = await getMetricData(await defaultScope(), plan, w);
    expect(calls).toBe(2);
    expect(results.size).toBe(620);
    expect(results.get(plan.series[7]!.statId)?.values).toEqual([777]);
  });
});

describe("GET /api/streams/{name}/alarms", () => {
  const stream = name("alarmed");

  beforeAll(async () => {
    await createStream(stream, 1);
    const alarm = (over: Record<string, unknown>) =>
      cw.send(
        new PutMetricAlarmCommand({
          AlarmName: `${stream}-age`,
          Namespace: "AWS/Kinesis",
          MetricName: "GetRecords.IteratorAgeMilliseconds",
          Dimensions: [{ Name: "StreamName", Value: stream }],
          Statistic: "Maximum",
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 30_000,
          ComparisonOperator: "GreaterThanThreshold",
          ...over,
        }),
      );
    await alarm({});
    await alarm({ AlarmName: `${stream}-writes`, MetricName: "WriteProvisionedThroughputExceeded", Statistic: "Sum", Threshold: 5 });
    // Same StreamName, other namespace; and the same metric on another stream: not this stream's.
    await alarm({ AlarmName: `${stream}-custom`, Namespace: "Custom/App" });
    await alarm({ AlarmName: `${stream}-other`, Dimensions: [{ Name: "StreamName", Value: `${stream}-2` }] });
    await cw.send(new SetAlarmStateCommand({ AlarmName: `${stream}-writes`, StateValue: "ALARM", StateReason: "Threshold Crossed: 1 datapoint [9.0] > 5.0" }));
  });

  it("lists the stream's AWS/Kinesis alarms with state, reason and threshold, those in ALARM first", async () => {
    const { status, body } = await alarms(stream);
    expect(status).toBe(200);
    expect(body.alarms.map((a) => a.name)).toEqual([`${stream}-writes`, `${stream}-age`]);
    expect(body.alarms[0]).toMatchObject({
      state: "ALARM",
      reason: "Threshold Crossed: 1 datapoint [9.0] > 5.0",
      metricName: "WriteProvisionedThroughputExceeded",
      statistic: "Sum",
      threshold: 5,
      comparison: "GreaterThanThreshold",
      period: 60,
    });
    expect(body.alarms[1]).toMatchObject({ threshold: 30_000, statistic: "Maximum", dimensions: [{ name: "StreamName", value: stream }] });
  });

  it("is empty for a stream without alarms", async () => {
    await createStream(name("quiet"), 1);
    expect((await alarms(name("quiet"))).body.alarms).toEqual([]);
  });

  it("is 404 not_found for a stream that does not exist, like every other stream route", async () => {
    const { status, body } = await alarms(name("nowhere"));
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "not_found", message: expect.stringContaining(name("nowhere")) } });
  });
});

describe("GET /api/monitor", () => {
  const critical = name("mon-crit");
  const warning = name("mon-warn");
  const healthy = name("mon-ok");
  const idle = name("mon-idle");

  beforeAll(async () => {
    await Promise.all([createStream(critical, 2), createStream(warning, 1), createStream(healthy, 3), createStream(idle, 1)]);
    const at = minuteAgo(4);
    await putKinesisMetrics(cw, [
      { stream: healthy, metric: "IncomingBytes", timestamp: at, value: 60_000 },
      { stream: healthy, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: at, value: 200 },
      { stream: warning, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: at, value: 90_000 },
      { stream: warning, metric: "ReadProvisionedThroughputExceeded", timestamp: at, value: 2 },
      { stream: critical, metric: "IncomingBytes", timestamp: at, value: 6_000 },
    ]);
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: `${critical}-lag`,
        Namespace: "AWS/Kinesis",
        MetricName: "GetRecords.IteratorAgeMilliseconds",
        Dimensions: [{ Name: "StreamName", Value: critical }],
        Statistic: "Maximum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 60_000,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
    await cw.send(new SetAlarmStateCommand({ AlarmName: `${critical}-lag`, StateValue: "ALARM", StateReason: "test" }));
    // The alarm list is shared for a while; this block needs the alarm it just made.
    forgetCachedAlarms(await defaultScope());
  });

  it("gives each stream a tile with its health, worst first", async () => {
    const missing = name("mon-missing");
    const { status, body } = await monitor(`?streams=${healthy},${idle},${warning},${critical},${missing}&range=1h`);
    expect(status).toBe(200);
    expect(body.tiles.map((t) => [t.stream, t.health.state])).toEqual([
      [critical, "critical"],
      [missing, "error"],
      [warning, "warning"],
      [idle, "unknown"],
      [healthy, "ok"],
    ]);
    const byName = new Map(body.tiles.map((t) => [t.stream, t]));
    expect(byName.get(critical)!.health.reasons).toEqual([`alarm ${critical}-lag is in ALARM`]);
    expect(byName.get(critical)!.alarms).toEqual([{ name: `${critical}-lag`, state: "ALARM" }]);
    expect(byName.get(warning)).toMatchObject({ maxIteratorAgeMs: 90_000, readThrottles: 2, openShardCount: 1 });
    expect(byName.get(warning)!.health.reasons).toEqual(["iterator age 1.5 min ≥ 1 min", "2 throttled requests ≥ 1"]);
    expect(byName.get(healthy)).toMatchObject({ openShardCount: 3, maxIteratorAgeMs: 200 });
    expect(byName.get(healthy)!.sparkline).toHaveLength(60);
    expect(byName.get(healthy)!.sparkline.filter((v) => v !== null)).toEqual([1000]);
    expect(byName.get(missing)!.error).toMatchObject({ code: "not_found" });
    // 4 readable streams × (IncomingBytes rate: 2, IncomingRecords rate: 2, age, 2 throttles) = 28 queries, one call.
    expect(body.usage).toMatchObject({ queries: 28, getMetricDataCalls: 1 });
    expect(body.thresholds).toEqual({ iteratorAgeWarnMs: 60_000, iteratorAgeCritMs: 300_000, throttleWarn: 1, throttleCrit: 50 });
  });

  it("headlines the last complete period, not the running one that is still filling", async () => {
    const steady = name("mon-steady");
    await createStream(steady, 1);
    // 1,550 B/s for minutes 1 … 5 ago; the running minute has 981 B/s so far.
    await putKinesisMetrics(cw, [
      ...[1, 2, 3, 4, 5].map((m) => ({ stream: steady, metric: "IncomingBytes", timestamp: minuteAgo(m), value: 1_550 * 60 })),
      { stream: steady, metric: "IncomingBytes", timestamp: minuteAgo(0), value: 981 * 60 },
      ...[1, 2, 3, 4, 5].map((m) => ({ stream: steady, metric: "IncomingRecords", timestamp: minuteAgo(m), value: 12 * 60 })),
      { stream: steady, metric: "IncomingRecords", timestamp: minuteAgo(0), value: 5 * 60 },
    ]);
    const { body } = await monitor(`?streams=${steady}`);
    const tile = body.tiles[0]!;
    expect(tile.sparkline.filter((v) => v !== null)).toEqual([1550, 1550, 1550, 1550, 1550, 981]);
    expect(tile.incomingBytesPerSecond).toBe(1550);
    // Records/s beside bytes/s, from the same plan and the same last complete period.
    expect(tile.incomingRecordsPerSecond).toBe(12);
    expect(body.usage.getMetricDataCalls).toBe(1);
  });

  it("applies thresholds from the query", async () => {
    const { body } = await monitor(`?streams=${warning}&ageWarn=120&ageCrit=600&throttleWarn=5&throttleCrit=10`);
    expect(body.tiles[0]!.health).toEqual({ state: "ok", reasons: [] });
    expect(body.thresholds).toEqual({ iteratorAgeWarnMs: 120_000, iteratorAgeCritMs: 600_000, throttleWarn: 5, throttleCrit: 10 });
  });

  it("refuses contradictory thresholds and bad stream names", async () => {
    expect((await monitor("?ageWarn=600&ageCrit=60")).status).toBe(400);
    const tooHigh = await monitor("?ageWarn=900");
    expect(tooHigh.status).toBe(400);
    expect(JSON.stringify(tooHigh.body)).toContain("above the critical threshold");
    const bad = await monitor("?streams=ok,not%20a%20stream");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("is not a stream name");
    expect((await monitor("?range=9y")).status).toBe(400);
  });
});

describe("when CloudWatch is unreachable", () => {
  const original = process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  // The default target is discovered again from the environment, with no cache (what is cached
  // may be served while CloudWatch is away; these tests are about what is not).
  beforeEach(() => {
    // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = "http://127.0.0.1:9";
    forgetAppState();
  });
  afterEach(() => {
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = original;
    forgetAppState();
  });

  it("the endpoints say so with 502 endpoint_unreachable, and health reports it", async () => {
    const stream = name("dark");
    await createStream(stream, 1);
    for (const res of [await metrics(stream, "?range=15m"), await alarms(stream), await monitor(`?streams=${stream}`)]) {
      expect(res.status).toBe(502);
      expect((res.body as unknown as { error: { code: string; message: string } }).error).toMatchObject({
        code: "endpoint_unreachable",
        message: expect.stringMatching(/^Cannot reach CloudWatch at .*ECONNREFUSED/),
      });
    }
    const health = await healthRoute(new Request("http://localhost/api/health"), scopeCtx());
    const body = (await health.json()) as { cloudwatch: { reachable: boolean; error?: string } };
    expect(body.cloudwatch.reachable).toBe(false);
    expect(body.cloudwatch.error).toMatch(/Cannot reach CloudWatch/);
  });
});
