// The streams list against an HTTP server answering as Shardscope's API does: the health of the
// rows on screen comes from one monitor request, and a failing one never hides the list.
import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MonitorTile } from "@/lib/metrics/types";
import { makeQueryClient } from "@/lib/queries/query-client";
import { InScope, TEST_API, TEST_SCOPE } from "@/lib/queries/testing/in-scope";
import { NextUrl } from "@/lib/queries/testing/next-url";
import { installFetchBase, startSseServer, type SseTestServer } from "@/lib/queries/testing/sse-server";
import { StreamsTable } from "./streams-table";
import { emulateLayout } from "@/lib/queries/testing/emulate-layout";

const STREAMS = ["clickstream", "orders", "payments"];
const scope = { ...TEST_SCOPE, account: "local" };

function tile(stream: string, over: Partial<MonitorTile>): MonitorTile {
  return {
    stream,
    scope,
    health: { state: "ok", reasons: [] },
    openShardCount: 1,
    sparkline: [],
    incomingBytesPerSecond: null,
    incomingRecordsPerSecond: null,
    maxIteratorAgeMs: null,
    readThrottles: null,
    writeThrottles: null,
    alarms: [],
    ...over,
  };
}

const TILES = [
  tile("orders", {
    health: { state: "critical", reasons: ["alarm orders-lag is in ALARM"] },
    incomingBytesPerSecond: 1536,
    incomingRecordsPerSecond: 12,
    alarms: [{ name: "orders-lag", state: "ALARM" }],
  }),
  tile("payments", { incomingBytesPerSecond: 300, incomingRecordsPerSecond: 2.5 }),
  tile("clickstream", { health: { state: "unknown", reasons: ["no data"] } }),
];

let restoreLayout: () => void;
let server: SseTestServer;
let restoreFetch: () => void;
let monitorFails = false;
const json = (res: ServerResponse, body: unknown, status = 200) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

beforeAll(async () => {
  restoreLayout = emulateLayout();
  server = await startSseServer();
  restoreFetch = installFetchBase(server.url(""));
  server.handle((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === `${TEST_API}/streams`) return json(res, { streams: STREAMS.map((name) => ({ name })) });
    const summary = url.pathname.match(/\/streams\/([^/]+)$/);
    if (summary) return json(res, { name: summary[1], status: "ACTIVE", mode: "PROVISIONED", openShardCount: 1, retentionHours: 24, encryption: "NONE" });
    if (url.pathname === `${TEST_API}/monitor`) {
      if (monitorFails)
        return json(res, { error: { code: "endpoint_unreachable", message: "Cannot reach CloudWatch at http://127.0.0.1:9 (ECONNREFUSED)." } }, 502);
      const wanted = (url.searchParams.get("streams") ?? "").split(",");
      return json(res, { tiles: TILES.filter((t) => wanted.includes(t.stream)), scopes: [scope] });
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  restoreLayout();
  restoreFetch();
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  monitorFails = false;
});

function renderTable() {
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <InScope>
        <NextUrl>
          <StreamsTable />
        </NextUrl>
      </InScope>
    </QueryClientProvider>,
  );
}

const row = (name: string) => screen.getAllByTestId("stream-row").find((r) => r.getAttribute("data-stream") === name)!;

describe("the streams list's health at a glance", () => {
  it("shows each row's health, alarms firing and incoming rate, from one request for the rows on screen", async () => {
    renderTable();
    await waitFor(() => expect(within(row("orders")).getByTestId("stream-health").getAttribute("data-state")).toBe("critical"));
    expect(within(row("orders")).getByTestId("stream-health").textContent).toBe("critical orders-lag");
    expect(within(row("orders")).getByTestId("stream-incoming").textContent).toBe("1.5 KiB/s · 12/s");
    expect(within(row("payments")).getByTestId("stream-health").textContent).toBe("ok");
    expect(within(row("payments")).getByTestId("stream-incoming").textContent).toBe("300 B/s · 2.5/s");
    expect(within(row("clickstream")).getByTestId("stream-health").textContent).toBe("no data");
    expect(within(row("clickstream")).getByTestId("stream-incoming").textContent).toBe("–");
    const monitorCalls = server.requests.filter((r) => r.path.startsWith(`${TEST_API}/monitor?`));
    expect(monitorCalls).toHaveLength(1);
    expect(new URL(monitorCalls[0]!.path, "http://x").searchParams.get("streams")).toBe("clickstream,orders,payments");
  });

  it("says why health is missing when CloudWatch cannot be read, and still lists every stream", async () => {
    monitorFails = true;
    renderTable();
    await waitFor(() => expect(server.requests.some((r) => r.path.startsWith(`${TEST_API}/monitor?`))).toBe(true));
    await waitFor(() => expect(within(row("orders")).getAllByRole("cell")[1]!.textContent).toBe("–"));
    expect(within(row("orders")).getAllByRole("cell")[1]!.querySelector("span")!.getAttribute("title")).toMatch(/^Health unavailable: Cannot reach CloudWatch/);
    expect(screen.getAllByTestId("stream-row").map((r) => r.getAttribute("data-stream"))).toEqual(STREAMS);
  });
});
