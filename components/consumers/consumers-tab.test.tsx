// A stream's Consumers tab against an HTTP server answering as Shardscope's API does: the rows
// worst first with health and reasons, a failed source said above them without hiding the others,
// a row opened per shard and worker with the link to the records after each checkpoint, the
// pipeline picture coloured by health with its text alternative, and the lag trend sampled
// while the tab is open.
import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerRow, StreamConsumersResponse } from "@/lib/consumers/types";
import type { MonitorTile } from "@/lib/metrics/types";
import { makeQueryClient } from "@/lib/queries/query-client";
import { InScope, TEST_API, TEST_SCOPE } from "@/lib/queries/testing/in-scope";
import { installFetchBase, startSseServer, type SseTestServer } from "@/lib/queries/testing/sse-server";
import { ConsumersTab } from "./consumers-tab";

const CHECKPOINT = "49650000000000000000000000000000000000000000000000000017";
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

const kcl = (lagMillis: number, fetchedAt: number): ConsumerRow => ({
  id: "kcl:orders-enricher",
  kind: "kcl",
  name: "orders-enricher",
  state: "running",
  health: "critical",
  reasons: ["shardId-000000000001: behind by 5 min (critical from 5 min)"],
  lag: { maxMillis: lagMillis, shardId: "shardId-000000000001" },
  shards: [
    { shardId: "shardId-000000000000", checkpoint: "SHARD_END", owner: "worker-a", leaseCounter: 12, state: "finished (SHARD_END)", health: "ok", reasons: [] },
    {
      shardId: "shardId-000000000001",
      checkpoint: CHECKPOINT,
      owner: "worker-b",
      leaseCounter: 40,
      lagMillis,
      nextRecordAt: iso(NOW - lagMillis),
      state: "processing",
      health: "critical",
      reasons: ["behind by 5 min (critical from 5 min)"],
    },
  ],
  workers: [
    { id: "worker-a", leases: 1, utilisation: { CPU: 31.6 }, leader: true },
    { id: "worker-b", leases: 1, utilisation: { CPU: 88 } },
  ],
  details: { leaseTable: "orders-enricher", kclVersion: "3.x" },
  fetchedAt: iso(fetchedAt),
});

const FIREHOSE: ConsumerRow = {
  id: "firehose:orders-archive",
  kind: "firehose",
  name: "orders-archive",
  state: "ACTIVE",
  health: "ok",
  reasons: [],
  lag: { maxMillis: 4_000 },
  details: { destination: "S3 orders-archive-bucket" },
  fetchedAt: iso(NOW),
};

const answer = (rows: ConsumerRow[], refreshSeconds = 30): StreamConsumersResponse => ({
  consumers: rows,
  sources: [
    { kind: "kcl", ok: true },
    { kind: "lambda", ok: false, message: "access denied to lambda:ListEventSourceMappings: the credentials lack that permission" },
    { kind: "firehose", ok: true },
    { kind: "efo", ok: true },
  ],
  usage: { kinesisCalls: 4, otherCalls: 3, refreshSeconds },
  fetchedAt: rows[0]?.fetchedAt ?? iso(NOW),
});

const TILE: MonitorTile = {
  stream: "orders",
  scope: { ...TEST_SCOPE, account: "local" },
  health: { state: "ok", reasons: [] },
  openShardCount: 2,
  sparkline: [],
  incomingBytesPerSecond: 1536,
  incomingRecordsPerSecond: 12,
  maxIteratorAgeMs: null,
  readThrottles: null,
  writeThrottles: null,
  alarms: [],
};

let server: SseTestServer;
let restoreFetch: () => void;
/** What the consumers endpoint answers next; each call takes the next, the last repeats. */
let answers: StreamConsumersResponse[] = [];
const json = (res: ServerResponse, body: unknown, status = 200) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

beforeAll(async () => {
  server = await startSseServer();
  restoreFetch = installFetchBase(server.url(""));
  server.handle((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === `${TEST_API}/streams/orders/consumers`) return json(res, answers.length > 1 ? answers.shift() : answers[0]);
    if (url.pathname === `${TEST_API}/monitor`) return json(res, { tiles: [TILE], scopes: [TILE.scope] });
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  restoreFetch();
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

function renderTab() {
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <InScope>
        <ConsumersTab name="orders" />
      </InScope>
    </QueryClientProvider>,
  );
}

const row = (id: string) => screen.getAllByTestId("consumer-row").find((r) => r.getAttribute("data-consumer") === id)!;

describe("the Consumers tab", () => {
  it("lists every application worst first with its health in words and worst lag, and says which source failed without hiding the others", async () => {
    answers = [answer([kcl(300_000, NOW), FIREHOSE])];
    renderTab();
    await waitFor(() => expect(screen.getAllByTestId("consumer-row")).toHaveLength(2));
    expect(screen.getAllByTestId("consumer-row").map((r) => r.getAttribute("data-consumer"))).toEqual(["kcl:orders-enricher", "firehose:orders-archive"]);
    const enricher = row("kcl:orders-enricher");
    expect(within(enricher).getByTestId("consumer-health").textContent).toBe("critical");
    expect(within(enricher).getByTestId("consumer-reasons").textContent).toBe("shardId-000000000001: behind by 5 min (critical from 5 min)");
    expect(within(enricher).getByTestId("consumer-lag").textContent).toBe("5 min on shardId-000000000001");
    expect(within(enricher).getByTestId("consumer-state").textContent).toBe("running");
    expect(within(enricher).getByTestId("consumer-fetched").textContent).toMatch(/^\d+ s ago$/);
    expect(within(row("firehose:orders-archive")).getByTestId("consumer-health").textContent).toBe("ok");
    const failed = screen.getAllByTestId("consumer-source-failed");
    expect(failed.map((f) => f.textContent)).toEqual(["Lambda: access denied to lambda:ListEventSourceMappings: the credentials lack that permission"]);
    expect(screen.getByTestId("consumers-usage").textContent).toMatch(
      /lag is measured every 30 s and shared by every viewer; measuring cost 4 Kinesis calls \(GetShardIterator \+ GetRecords, from each shard's read budget\) and 3 other AWS calls\.$/,
    );
  });

  it("opens a row per shard and worker, with a link to the records after the consumer's checkpoint", async () => {
    answers = [answer([kcl(300_000, NOW), FIREHOSE])];
    renderTab();
    const toggle = await waitFor(() => within(row("kcl:orders-enricher")).getByTestId("consumer-toggle"));
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByTestId("consumer-detail")).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const detail = screen.getByTestId("consumer-detail");
    expect(toggle.getAttribute("aria-controls")).toBe(detail.parentElement!.id);
    const shards = within(detail).getAllByTestId("consumer-shard");
    expect(shards.map((s) => s.getAttribute("data-shard"))).toEqual(["shardId-000000000000", "shardId-000000000001"]);
    const cells = (tr: HTMLElement) =>
      within(tr)
        .getAllByRole("cell")
        .map((c) => c.textContent);
    expect(cells(shards[0]!)).toEqual(["shardId-000000000000", "SHARD_END", "worker-a", "12", "–", "finished (SHARD_END)", "ok "]);
    expect(cells(shards[1]!).slice(2)).toEqual(["worker-b", "40", "5 min", "processing", "critical behind by 5 min (critical from 5 min)"]);
    // A sentinel has no next record to open; a sequence number does.
    expect(within(shards[0]!).queryByTestId("checkpoint-link")).toBeNull();
    const link = within(shards[1]!).getByTestId("checkpoint-link");
    const href = new URL(link.getAttribute("href")!, "http://x");
    expect(href.pathname).toBe("/t/local/us-east-1/streams/orders/records");
    expect(Object.fromEntries(href.searchParams)).toEqual({ shard: "shardId-000000000001", from: "AFTER_SEQUENCE_NUMBER", at: CHECKPOINT });
    const workers = within(detail).getAllByTestId("consumer-worker");
    expect(workers.map(cells)).toEqual([
      ["worker-a", "1", "CPU 32%", "leader", "–"],
      ["worker-b", "1", "CPU 88%", "", "–"],
    ]);
    fireEvent.click(toggle);
    expect(screen.queryByTestId("consumer-detail")).toBeNull();
  });

  it("draws the pipeline: the stream with its incoming rate, a box per consumer coloured by health, and the same in words", async () => {
    answers = [answer([kcl(300_000, NOW), FIREHOSE])];
    renderTab();
    await waitFor(() => expect(screen.getByTestId("pipeline-rate").textContent).toBe("in 1.5 KiB/s · 12 rec/s"));
    const boxes = screen.getAllByTestId("pipeline-box");
    expect(boxes.map((b) => [b.getAttribute("data-consumer"), b.getAttribute("data-health")])).toEqual([
      ["kcl:orders-enricher", "critical"],
      ["firehose:orders-archive", "ok"],
    ]);
    expect(boxes.map((b) => b.querySelector("rect")!.getAttribute("stroke"))).toEqual(["#b91c1c", "#15803d"]);
    expect(boxes[0]!.textContent).toContain("2 workers");
    expect(boxes[1]!.textContent).toContain("→ S3 orders-archive-bucket");
    expect(screen.getByTestId("pipeline-svg").getAttribute("aria-labelledby")).toBe(screen.getByTestId("pipeline-text").id);
    expect(screen.getByTestId("pipeline-text").textContent).toBe(
      "Pipeline of orders, in 1.5 KiB/s · 12 rec/s. 2 consumers: " +
        "KCL application orders-enricher, 2 workers: critical (shardId-000000000001: behind by 5 min (critical from 5 min)), lag 5 min on shardId-000000000001. " +
        "Firehose delivery stream orders-archive, → S3 orders-archive-bucket: ok, lag 4 s.",
    );
    // A box opens its row and focuses it.
    fireEvent.click(boxes[1]!);
    const toggle = within(row("firehose:orders-archive")).getByTestId("consumer-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement).toBe(toggle);
  });

  it("shows each application's lag over time as the server sampled it, shrinking, with the time to catch up", async () => {
    // Four measurements 30 s apart, the lag down 15 s each time: half a second a second.
    const points = [0, 1, 2, 3].map((i) => ({ at: iso(NOW - 90_000 + i * 30_000), lagMillis: 120_000 - i * 15_000 }));
    const first = { ...kcl(120_000, NOW - 90_000), lagHistory: { source: "shardscope" as const, points: points.slice(0, 1) } };
    const later = { ...kcl(75_000, NOW), lagHistory: { source: "shardscope" as const, points } };
    answers = [answer([first], 1), answer([later], 1)];
    renderTab();
    const trend = () => within(row("kcl:orders-enricher")).getByTestId("lag-trend");
    await waitFor(() => expect(trend().getAttribute("data-samples")).toBe("1"));
    expect(within(trend()).getByTestId("lag-trend-words").textContent).toBe(" sampling…");
    await waitFor(() => expect(trend().getAttribute("data-samples")).toBe("4"), { timeout: 10_000 });
    expect(trend().getAttribute("data-direction")).toBe("shrinking");
    expect(trend().getAttribute("data-source")).toBe("shardscope");
    // 75 s left at 0.5 s/s.
    expect(within(trend()).getByTestId("lag-trend-words").textContent).toBe("↓ shrinking, caught up in ~2.5 min");
    expect(trend().querySelector("svg")!.getAttribute("aria-label")).toBe(
      "orders-enricher lag over the last 1.5 min, 4 samples sampled by Shardscope: shrinking, caught up in ~2.5 min",
    );
  }, 30_000);

  it("shows a failing Lambda mapping above everything, and CloudWatch's history of its IteratorAge as soon as the tab opens", async () => {
    const points = [0, 1, 2, 3, 4].map((i) => ({ at: iso(NOW - 300_000 + i * 60_000), lagMillis: 10_000 + i * 60_000 }));
    const lambda: ConsumerRow = {
      id: "lambda:3f1c",
      kind: "lambda",
      name: "orders-mailer",
      state: "Enabled",
      health: "critical",
      reasons: ["IteratorAge 4.2 min is past the warning 1 min"],
      lag: { maxMillis: 250_000 },
      lagHistory: { source: "cloudwatch", points },
      details: { functionArn: "arn:aws:lambda:us-east-1:000000000000:function:orders-mailer", lastProcessingResult: "PROBLEM: Function call failed" },
      fetchedAt: iso(NOW),
    };
    answers = [answer([lambda])];
    renderTab();
    const trend = () => within(row("lambda:3f1c")).getByTestId("lag-trend");
    await waitFor(() => expect(trend().getAttribute("data-samples")).toBe("5"));
    expect(trend().getAttribute("data-source")).toBe("cloudwatch");
    expect(trend().getAttribute("data-direction")).toBe("growing");
    expect(within(trend()).getByTestId("lag-trend-words").textContent).toBe("↑ growing");
    expect(trend().getAttribute("title")).toBe("5 samples from CloudWatch over 4 min");
    const alert = screen.getByTestId("lambda-failures");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toBe(
      "A Lambda function is failing on its records:orders-mailer: last processing result \u201cPROBLEM: Function call failed\u201d; no on-failure destination: failed batches are retried until they expire",
    );
    // Its name opens and focuses its row.
    fireEvent.click(within(alert).getByRole("button", { name: "orders-mailer" }));
    const toggle = within(row("lambda:3f1c")).getByTestId("consumer-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement).toBe(toggle);
    // Opened, the row charts the lag with its axes and says it in words.
    const chart = screen.getByTestId("lag-chart");
    expect(chart.getAttribute("data-source")).toBe("cloudwatch");
    expect(within(chart).getByTestId("lag-chart-caption").textContent).toBe(
      "orders-mailer: lag over the last 4 min, 5 samples from CloudWatch, one point a minute; growing.",
    );
    expect(chart.querySelector(".recharts-line-curve")?.getAttribute("d")).toMatch(/^M/);
    expect(chart.querySelectorAll(".recharts-cartesian-axis-tick").length).toBeGreaterThan(2);
  });
});
