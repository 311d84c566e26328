// The Search view against a small stand-in for Shardscope's API on 127.0.0.1 (shards, streams, the
// search's event stream, the put route), with the real hooks, Next's URL contexts and a fresh
// QueryClient per test: a search link runs its search, the plan and progress are shown, results
// arrive sorted by arrival time across shards, the connection closes at `done` or on Cancel (and
// the cancelled search says what it covered), the download names the same window, picked rows
// replay into another stream, and a read-only server offers no replay.
import { QueryClientProvider } from "@tanstack/react-query";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import type { SearchDoneEvent, SearchPlanEvent, SearchProgressEvent } from "@/lib/search/types";
import { makeQueryClient } from "@/lib/queries/query-client";
import { ScopeProvider } from "@/lib/queries/scope";
import { NextUrl } from "@/lib/queries/testing/next-url";
import { TEST_API, TEST_SCOPE } from "@/lib/queries/testing/in-scope";
import { installEventSource, installFetchBase, openStream, readJson, startSseServer, type SseTestServer } from "@/lib/queries/testing/sse-server";
import { SearchView } from "./search-view";
import { emulateLayout } from "@/lib/queries/testing/emulate-layout";

const S = (n: number) => `shardId-00000000000${n}`;
const rec = (shard: number, seq: string, key: string, at: string, value: unknown): RecordView => {
  const text = JSON.stringify(value);
  return {
    shardId: S(shard),
    sequenceNumber: seq,
    partitionKey: key,
    arrivalTime: at,
    size: text.length,
    data: Buffer.from(text).toString("base64"),
    decoded: { chain: ["base64", "json"], format: "json", value },
  };
};
// Two shards' batches, each in order, the later batch first: the view sorts them by arrival time.
const LATE = [rec(3, "49002", "customer-0042", "2026-11-26T09:05:00.000Z", { n: 2 }), rec(3, "49003", "customer-0042", "2026-11-26T09:06:00.000Z", { n: 3 })];
const EARLY = [rec(0, "49001", "customer-0042", "2026-11-26T09:01:00.000Z", { n: 1 })];
const PLAN: SearchPlanEvent = {
  window: { start: "2026-11-26T09:00:00.000Z", end: "2026-11-26T09:15:00.000Z" },
  shards: [S(0), S(3)],
  totalShards: 4,
  keyed: { key: "customer-0042", hashKey: "268140479768114225506613113071964038280", openShardId: S(3) },
};
const shardProgress = (shard: number, state: "reading" | "done", reachedAt: string, coveredPercent: number) => ({
  shardId: S(shard),
  reachedAt,
  records: 10,
  bytes: 1000,
  coveredPercent,
  state,
  recordsPerSecond: 100,
  budgetPerSecond: 2,
});
const PROGRESS: SearchProgressEvent = {
  shards: [shardProgress(0, "done", "2026-11-26T09:03:00.000Z", 100), shardProgress(3, "reading", "2026-11-26T09:07:00.000Z", 46.7)],
  matched: 3,
  scanned: 20,
  bytes: 2000,
  elapsedMs: 1500,
  etaMs: 1700,
};
const DONE: SearchDoneEvent = {
  reason: "window",
  matched: 3,
  scanned: 30,
  bytes: 3000,
  elapsedMs: 2500,
  message: "The window was read in every shard: 3 matches in 30 records read.",
  shards: [shardProgress(0, "done", "2026-11-26T09:03:00.000Z", 100), shardProgress(3, "done", "2026-11-26T09:14:00.000Z", 100)],
};

let server: SseTestServer;
const restore: (() => void)[] = [];
/** What the search route does this test: finish (`done`) or keep going until the client leaves. */
let finish = true;
const posted: { path: string; body: unknown }[] = [];
const json = (res: ServerResponse, body: unknown, status = 200) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const HALF = (2n ** 127n).toString();
const MAX = (2n ** 128n - 1n).toString();

beforeAll(async () => {
  server = await startSseServer();
  restore.push(emulateLayout(), installFetchBase(server.url("")), installEventSource(server.url("")));
  server.handle((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === `${TEST_API}/streams/orders/shards`) {
      return json(res, {
        shards: [0, 1, 2, 3].map((n) => ({ shardId: S(n), hashKeyRange: { start: "0", end: MAX }, sequenceNumberRange: { start: "1" }, open: n > 0 })),
      });
    }
    if (url.pathname === `${TEST_API}/streams/audit/shards`) {
      return json(res, {
        shards: [
          { shardId: S(0), hashKeyRange: { start: "0", end: (2n ** 127n - 1n).toString() }, sequenceNumberRange: { start: "1" }, open: true },
          { shardId: S(1), hashKeyRange: { start: HALF, end: MAX }, sequenceNumberRange: { start: "1" }, open: true },
        ],
      });
    }
    if (url.pathname === `${TEST_API}/streams`) return json(res, { streams: [{ name: "orders" }, { name: "audit" }] });
    if (url.pathname === `${TEST_API}/streams/orders/search`) {
      const send = openStream(res);
      // As the real route does (with 2 s): the browser would come back soon after the stream ends.
      res.write("retry: 300\n\n");
      send("plan", PLAN);
      send("records", { records: LATE });
      send("records", { records: EARLY });
      send("progress", PROGRESS);
      if (finish) {
        send("done", DONE);
        res.end();
      }
      return;
    }
    if (req.method === "POST" && url.pathname === `${TEST_API}/streams/audit/records`) {
      void readJson(req).then((body) => {
        posted.push({ path: url.pathname, body });
        const records = (body as { records: unknown[] }).records;
        json(res, { results: records.map((_, i) => ({ shardId: S(1), sequenceNumber: String(5000 + i) })) });
      });
      return;
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  for (const r of restore) r();
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  posted.length = 0;
  finish = true;
  window.history.replaceState(null, "", "/");
});

function open(path: string, readOnly = false, canExport = true) {
  window.history.replaceState(null, "", path);
  return render(
    <NextUrl>
      <ScopeProvider
        scope={TEST_SCOPE}
        status={{ name: "local", kind: "default", region: "us-east-1", account: "000000000000", endpoint: "http://x", local: true, readOnly }}
      >
        <QueryClientProvider client={makeQueryClient()}>
          <SearchView name="orders" readOnly={readOnly} canExport={canExport} />
        </QueryClientProvider>
      </ScopeProvider>
    </NextUrl>,
  );
}

const searches = () => server.requests.filter((r) => r.path.startsWith(`${TEST_API}/streams/orders/search`));

describe("the Search view", () => {
  it("runs the search a link describes: plan, progress, results in arrival order, the end, and then no reconnection", async () => {
    const view = open("/t/local/us-east-1/streams/orders/search?key=customer-0042&until=2026-11-26T09:15:00Z&run=1");
    await waitFor(() => expect(screen.getByTestId("search-done")).toBeTruthy());
    const [request] = searches();
    const q = new URL(request!.path, "http://x").searchParams;
    expect(Object.fromEntries(q)).toEqual({ key: "customer-0042", until: "2026-11-26T09:15:00Z", run: "1" });
    expect(screen.getByTestId("search-plan").textContent).toBe(`Reading 2 of 4 shards: customer-0042 hashes to ${S(3)} (with its ancestors over the window).`);
    await waitFor(() => expect(screen.getAllByTestId("search-row")).toHaveLength(3));
    expect(screen.getAllByTestId("search-row").map((r) => r.getAttribute("data-seq"))).toEqual(["49001", "49002", "49003"]);
    expect(screen.getByTestId("search-done").textContent).toContain("The window was read in every shard: 3 matches in 30 records read.");
    expect(screen.getByTestId("search-phase").textContent).toBe("done");
    expect(screen.getAllByTestId("search-shard").map((r) => r.getAttribute("data-state"))).toEqual(["done", "done"]);
    // The connection is closed at `done`: the browser does not run the search again.
    await waitFor(() => expect(searches()[0]!.closed).toBe(true));
    await act(() => new Promise((r) => setTimeout(r, 1_200)));
    expect(searches()).toHaveLength(1);
    // The download asks the server for every match of the same window.
    const href = screen.getByTestId("search-download").getAttribute("href")!;
    expect(href).toBe(`${TEST_API}/streams/orders/search.ndjson?until=2026-11-26T09%3A15%3A00Z&key=customer-0042`);
    view.unmount();
  });

  it("cancels: the server sees the client leave, and the view says what the search covered", async () => {
    finish = false;
    const view = open("/t/local/us-east-1/streams/orders/search?key=customer-0042&run=7");
    await waitFor(() => expect(screen.getByTestId("search-eta").textContent).toMatch(/left/));
    expect(screen.getByTestId("search-matched").textContent).toBe("3");
    fireEvent.click(screen.getByTestId("search-cancel"));
    await waitFor(() => expect(searches()[0]!.closed).toBe(true));
    const done = screen.getByTestId("search-done");
    expect(done.getAttribute("data-reason")).toBe("cancelled");
    expect(done.textContent).toMatch(/Cancelled: 3 matches in 20 records read\./);
    expect(done.textContent).toMatch(/shard 0 whole; shard 3 from .*09:00:00.* to .*09:07:00.* of .*09:15:00.* before you cancelled\./);
    // The end of a window of "now" is pinned in the download to the end the search had.
    expect(screen.getByTestId("search-download").getAttribute("href")).toContain("until=2026-11-26T09%3A15%3A00.000Z");
    view.unmount();
  });

  it("searches what the form says, pushing it to the URL", async () => {
    const view = open("/t/local/us-east-1/streams/orders/search");
    expect(searches()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText("Expression filter"), { target: { value: "total > 1000" } });
    fireEvent.change(screen.getByLabelText("Maximum matches"), { target: { value: "0" } });
    expect(screen.getByTestId("search-problem").textContent).toMatch(/max must be a whole number from 1 to 100000/);
    expect((screen.getByTestId("search-run") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Maximum matches"), { target: { value: "50" } });
    fireEvent.click(screen.getByTestId("search-run"));
    await waitFor(() => expect(searches()).toHaveLength(1));
    const q = new URL(searches()[0]!.path, "http://x").searchParams;
    expect(q.get("expr")).toBe("total > 1000");
    expect(q.get("max")).toBe("50");
    expect(new URLSearchParams(window.location.search).get("expr")).toBe("total > 1000");
    view.unmount();
  });

  it("replays picked rows into another stream, with the shards they will land on", async () => {
    const view = open("/t/local/us-east-1/streams/orders/search?key=customer-0042&run=2");
    await waitFor(() => expect(screen.getAllByTestId("search-row")).toHaveLength(3));
    const rows = screen.getAllByTestId("search-row");
    fireEvent.click(within(rows[0]!).getByRole("checkbox"));
    fireEvent.click(within(rows[2]!).getByRole("checkbox"));
    fireEvent.change(screen.getByTestId("replay-target"), { target: { value: "audit" } });
    // customer-0042's MD5 is in the upper half of the key space: audit's second shard.
    await waitFor(() => expect(screen.getByTestId("replay-prediction").textContent).toBe(`Into audit: 2 → ${S(1)} (by each partition key's hash).`));
    fireEvent.click(screen.getByTestId("replay-send"));
    await waitFor(() => expect(screen.getByTestId("replay-state").getAttribute("data-state")).toBe("done"));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toEqual({
      records: [EARLY[0]!, LATE[1]!].map((r) => ({ partitionKey: r.partitionKey, data: r.data, encoding: "base64" })),
    });
    view.unmount();
  });

  it("offers no replay and no picking on a read-only server", async () => {
    const view = open("/t/local/us-east-1/streams/orders/search?run=3", true);
    await waitFor(() => expect(screen.getAllByTestId("search-row")).toHaveLength(3));
    expect(screen.queryByTestId("replay-panel")).toBeNull();
    expect(screen.queryAllByRole("checkbox", { name: /^Pick / })).toHaveLength(0);
    view.unmount();
  });

  it("offers no download to a role that may not export, and still shows the matches", async () => {
    const view = open("/t/local/us-east-1/streams/orders/search?run=4", false, false);
    await waitFor(() => expect(screen.getByTestId("search-done")).toBeTruthy());
    await waitFor(() => expect(screen.getAllByTestId("search-row")).toHaveLength(3));
    expect(screen.queryByTestId("search-download")).toBeNull();
    expect(screen.queryByText(/Download all matches/)).toBeNull();
    view.unmount();
  });
});
