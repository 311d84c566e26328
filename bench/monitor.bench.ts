// The on-call screen with 50 streams: CloudWatch API calls per refresh (goal: ⌈queries/500⌉), the
// time until /monitor is rendered in chromium, and the shared GetMetricData cache's hit rate with
// 10 viewers refreshing. Prints `name value unit` lines on stdout; bench/README.md records them.
import { PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { CreateStreamCommand } from "@aws-sdk/client-kinesis";
import { chromium } from "@playwright/test";
import type { MonitorResponse } from "../lib/metrics/types";
import { waitUntilActive } from "../scripts/lib/demo-streams";
import { startFaultProxy, type FaultProxy } from "../scripts/lib/fault-proxy";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { minuteAgo, putKinesisMetrics, type KinesisDatum } from "../scripts/lib/kinesis-metrics";
import { startKinesisLocal } from "../scripts/lib/kinesis-local";
import { createScriptCloudWatchClient, startMotoServer } from "../scripts/lib/moto-server";
import { hasBuild, localAwsEnv, startNextServer, type NextServer } from "../scripts/lib/next-server";
import { BenchFailure, progress, runBench } from "./lib/run-bench";
import { CHROMIUM_LAUNCH_OPTIONS } from "../scripts/lib/chromium";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 10);
const VIEWER_REFRESH_S = 10;
const VIEWER_SECONDS = Number(process.env.BENCH_VIEWER_SECONDS ?? 90);
const RENDER_RUNS = 5;
const names = Array.from({ length: STREAMS }, (_, i) => `bench-monitor-${String(i).padStart(2, "0")}`);

const report = (name: string, value: number, unit: string) => console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`);

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup(): Promise<void> {
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function getMonitor(url: string): Promise<MonitorResponse> {
  const res = await fetch(`${url}/api/monitor?streams=${names.join(",")}`, { signal: AbortSignal.timeout(120_000) });
  const body = await res.text();
  if (!res.ok) throw new BenchFailure(`GET /api/monitor answered ${res.status}: ${body.slice(0, 300)}`);
  const parsed = JSON.parse(body) as MonitorResponse;
  if (parsed.tiles.length !== STREAMS) throw new BenchFailure(`expected ${STREAMS} tiles, got ${parsed.tiles.length}`);
  return parsed;
}

/** GetMetricData requests that reached moto, counted by the proxy in front of it (not by Shardscope). */
const seenGetMetricData = (proxy: FaultProxy) =>
  Object.entries(proxy.counts())
    .filter(([op]) => op.endsWith(".GetMetricData"))
    .reduce((n, [, c]) => n + c, 0);

async function main(): Promise<void> {
  if (!hasBuild()) throw new BenchFailure("no production build: run `npm run build` first");
  const kinesis = await startKinesisLocal({ shardLimit: STREAMS + 50, env: { CREATE_STREAM_DURATION: "100ms" } });
  cleanups.push(() => kinesis.stop());
  const moto = await startMotoServer();
  cleanups.push(() => moto.stop());
  const proxy = await startFaultProxy({ target: moto.endpoint });
  cleanups.push(() => proxy.stop());

  progress(`creating ${STREAMS} streams and seeding moto…`);
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  cleanups.push(async () => client.destroy());
  for (let i = 0; i < names.length; i += 10) {
    await Promise.all(names.slice(i, i + 10).map((n) => client.send(new CreateStreamCommand({ StreamName: n, ShardCount: 1 }))));
  }
  await Promise.all(names.map((n) => waitUntilActive(client, n, 60_000)));
  const cw = createScriptCloudWatchClient(moto.endpoint);
  cleanups.push(async () => cw.destroy());
  const data: KinesisDatum[] = names.flatMap((stream, i) =>
    [5, 3, 1].flatMap((m) => [
      { stream, metric: "IncomingBytes", timestamp: minuteAgo(m), value: 60_000 * (1 + (i % 7)) },
      { stream, metric: "GetRecords.IteratorAgeMilliseconds", timestamp: minuteAgo(m), value: i % 10 === 0 ? 90_000 : 500 },
      { stream, metric: "WriteProvisionedThroughputExceeded", timestamp: minuteAgo(m), value: i % 17 === 0 ? 3 : 0 },
    ]),
  );
  await putKinesisMetrics(cw, data);
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: "bench-lag",
      Namespace: "AWS/Kinesis",
      MetricName: "GetRecords.IteratorAgeMilliseconds",
      Dimensions: [{ Name: "StreamName", Value: names[3]! }],
      Statistic: "Maximum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 60_000,
      ComparisonOperator: "GreaterThanThreshold",
    }),
  );
  await cw.send(new SetAlarmStateCommand({ AlarmName: "bench-lag", StateValue: "ALARM", StateReason: "bench" }));

  const startApp = async (extra: Record<string, string>): Promise<NextServer> => {
    const app = await startNextServer({
      host: "127.0.0.1",
      port: await freePort(),
      env: {
        ...localAwsEnv(kinesis.endpoint),
        AWS_ENDPOINT_URL_CLOUDWATCH: proxy.endpoint,
        // The wall names each tile's worst consumer: its sources are moto's, as in the demo (else
        // the SDK would look for them on AWS and the wall wait CONSUMERS_WAIT_MS for nothing).
        AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
        AWS_ENDPOINT_URL_LAMBDA: moto.endpoint,
        AWS_ENDPOINT_URL_FIREHOSE: moto.endpoint,
        NEXT_TELEMETRY_DISABLED: "1",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        ...extra,
      },
      onLine: process.env.BENCH_VERBOSE ? (l) => console.error(`[next] ${l}`) : undefined,
    });
    cleanups.push(() => app.child.stop(3_000));
    return app;
  };

  // 1. Calls per refresh, with the shared cache off so that every refresh reads CloudWatch.
  progress("calls per refresh (SHARDSCOPE_METRICS_TTL_SECONDS=0.001: every refresh asks CloudWatch)…");
  const uncached = await startApp({ SHARDSCOPE_METRICS_TTL_SECONDS: "0.001" });
  let t = performance.now();
  await getMonitor(uncached.url);
  const apiCold = performance.now() - t;
  const calls: number[] = [];
  const seen: number[] = [];
  const apiTimes: number[] = [];
  let queries = 0;
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const before = seenGetMetricData(proxy);
    t = performance.now();
    const answer = await getMonitor(uncached.url);
    apiTimes.push(performance.now() - t);
    seen.push(seenGetMetricData(proxy) - before);
    calls.push(answer.usage.getMetricDataCalls);
    queries = answer.usage.queries;
  }
  report("monitor_streams", STREAMS, "streams");
  report("monitor_queries_per_refresh", queries, "queries");
  report("monitor_min_getmetricdata_calls", Math.ceil(queries / 500), "calls");
  report("monitor_getmetricdata_calls_per_refresh_max", Math.max(...calls), "calls");
  report("monitor_getmetricdata_requests_seen_by_proxy_max", Math.max(...seen), "calls");
  report("monitor_api_cold_ms", Math.round(apiCold), "ms");
  report("monitor_api_uncached_median_ms", Math.round(median(apiTimes)), "ms");
  if (Math.max(...calls, ...seen) > Math.ceil(queries / 500)) throw new BenchFailure(`a refresh cost more than ⌈${queries}/500⌉ GetMetricData calls`);
  await uncached.child.stop(3_000);

  // 2. Time to a rendered /monitor (all 50 tiles) in chromium, with the default cache. The wall
  // comes in the page's HTML (read on the server, hydrated), so the figures split the time into
  // the server's answer (first byte, last byte of the HTML) and the browser's part after it.
  progress("time to a rendered /monitor in chromium…");
  const app = await startApp({});
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  cleanups.push(() => browser.close());
  interface Render {
    /** Navigation until the 50th tile is visible, as the benchmark sees it (Playwright's polling and CDP included). */
    total: number;
    /** The same in the page's own clock: navigation start until the first frame with all 50 tiles visible. */
    inPage: number;
    /** The same clock: when the 50th tile was in the DOM (visible or not yet). */
    inDom: number;
    /** First contentful paint. */
    fcp: number;
    /** Navigation timing of the page's document (after the redirect from the short path). */
    firstByte: number;
    htmlDone: number;
    /** `/api/…/monitor` requests the browser made while the page rendered: 0 when the HTML held the wall. */
    apiRequests: number;
  }
  const render = async (kiosk = true): Promise<Render> => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    let apiRequests = 0;
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/") && path.endsWith("/monitor")) apiRequests++;
    });
    // Watches the DOM from the first byte: the frame after the last tile became visible (a
    // streamed boundary's tiles sit in a hidden element until React reveals them).
    // A string, not a function: tsx compiles named functions with an `__name` helper that does not
    // exist in the page, and an init script that throws measures nothing.
    await page.addInitScript(`(() => {
      const count = ${STREAMS};
      // Tiles can be in the DOM before they can be seen (the stylesheet still loading, a streamed
      // boundary not yet revealed) and become visible without a further mutation: once all are
      // there, every frame checks until the last one is visible.
      let polling = false;
      function visible() {
        const tiles = document.querySelectorAll('[data-testid="monitor-tile"]');
        const last = tiles[count - 1];
        return tiles.length >= count && !!last && last.checkVisibility();
      }
      function frame() {
        if (window.__tilesAt !== undefined) return;
        if (visible()) window.__tilesAt = performance.now();
        else requestAnimationFrame(frame);
      }
      function check() {
        if (window.__tilesAt !== undefined || polling) return;
        if (document.querySelectorAll('[data-testid="monitor-tile"]').length < count) return;
        window.__tilesInDomAt = performance.now();
        polling = true;
        requestAnimationFrame(frame);
      }
      new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    })();`);
    const started = performance.now();
    await page.goto(`${app.url}/monitor?streams=${names.join(",")}${kiosk ? "&kiosk=1" : ""}`, { waitUntil: "commit" });
    await page
      .locator('[data-testid="monitor-tile"]')
      .nth(STREAMS - 1)
      .waitFor({ timeout: 120_000 });
    const total = performance.now() - started;
    await page.waitForFunction(() => (window as unknown as { __tilesAt?: number }).__tilesAt !== undefined);
    const timing = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
      const w = window as unknown as { __tilesAt: number; __tilesInDomAt: number };
      return { firstByte: n.responseStart, htmlDone: n.responseEnd, fcp, inPage: w.__tilesAt, inDom: w.__tilesInDomAt };
    });
    await page.close();
    return { total, ...timing, apiRequests };
  };
  const cold = await render();
  report("monitor_page_rendered_cold_ms", Math.round(cold.total), "ms");
  report("monitor_page_rendered_in_page_cold_ms", Math.round(cold.inPage), "ms");
  report("monitor_page_html_first_byte_cold_ms", Math.round(cold.firstByte), "ms");
  report("monitor_page_html_done_cold_ms", Math.round(cold.htmlDone), "ms");
  const warm: Render[] = [];
  for (let i = 0; i < RENDER_RUNS; i++) warm.push(await render());
  const warmMedian = (f: (r: Render) => number) => Math.round(median(warm.map(f)));
  report(
    "monitor_page_rendered_warm_median_ms",
    warmMedian((r) => r.total),
    "ms",
  );
  report("monitor_page_rendered_warm_max_ms", Math.round(Math.max(...warm.map((r) => r.total))), "ms");
  report(
    "monitor_page_rendered_in_page_warm_median_ms",
    warmMedian((r) => r.inPage),
    "ms",
  );
  report(
    "monitor_page_tiles_in_dom_warm_median_ms",
    warmMedian((r) => r.inDom),
    "ms",
  );
  report(
    "monitor_page_first_contentful_paint_warm_median_ms",
    warmMedian((r) => r.fcp),
    "ms",
  );
  report(
    "monitor_page_html_first_byte_warm_median_ms",
    warmMedian((r) => r.firstByte),
    "ms",
  );
  report(
    "monitor_page_html_done_warm_median_ms",
    warmMedian((r) => r.htmlDone),
    "ms",
  );
  report("monitor_page_api_requests_while_rendering", cold.apiRequests + warm.reduce((n, r) => n + r.apiRequests, 0), "requests");
  // The same page without ?kiosk=1 (the board as the app shows it, tiles in a flowing grid): the
  // wall sizes each tile's type from the tile (CSS container queries), which costs its first layout.
  const board: Render[] = [];
  for (let i = 0; i < RENDER_RUNS; i++) board.push(await render(false));
  report("monitor_page_board_rendered_in_page_warm_median_ms", Math.round(median(board.map((r) => r.inPage))), "ms");
  // The server's own share of a warm page: the same wall through the API, with the cache warm.
  const apiWarm: number[] = [];
  for (let i = 0; i < RENDER_RUNS; i++) {
    t = performance.now();
    await getMonitor(app.url);
    apiWarm.push(performance.now() - t);
  }
  report("monitor_api_warm_median_ms", Math.round(median(apiWarm)), "ms");

  // 3. Ten viewers refreshing every 10 s, started at random moments, share GetMetricData answers.
  progress(`${VIEWERS} viewers refreshing every ${VIEWER_REFRESH_S} s for ${VIEWER_SECONDS} s (default cache, ${30} s)…`);
  const viewerApp = await startApp({});
  await getMonitor(viewerApp.url); // route loading, outside the measurement
  await new Promise((r) => setTimeout(r, 31_000)); // let that answer expire
  const proxyBefore = seenGetMetricData(proxy);
  let responses = 0;
  let cachedResponses = 0;
  let callsSpent = 0;
  const until = Date.now() + VIEWER_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: VIEWERS }, async () => {
      await new Promise((r) => setTimeout(r, Math.random() * VIEWER_REFRESH_S * 1000));
      while (Date.now() < until) {
        const answer = await getMonitor(viewerApp.url);
        responses++;
        if (answer.usage.cached) cachedResponses++;
        callsSpent += answer.usage.getMetricDataCalls;
        await new Promise((r) => setTimeout(r, VIEWER_REFRESH_S * 1000));
      }
    }),
  );
  report("viewers", VIEWERS, "viewers");
  report("viewer_refreshes", responses, "requests");
  report("getmetricdata_cache_hit_rate", (cachedResponses / responses) * 100, "%");
  report("getmetricdata_calls_for_all_viewers", callsSpent, "calls");
  report("getmetricdata_requests_seen_by_proxy", seenGetMetricData(proxy) - proxyBefore, "calls");
}

runBench(main, cleanup);
