// The record browser against a small stand-in for Shardscope's API on 127.0.0.1 (shards, a page of
// records, one record), with the real react-query hooks, Next's URL contexts and a fresh
// QueryClient per test: columns, JSON fields chosen as columns and kept in the URL, and the open
// record's `seq` in the URL.
import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import { makeQueryClient } from "@/lib/queries/query-client";
import { NextUrl } from "@/lib/queries/testing/next-url";
import { installFetchBase, startSseServer, type SseTestServer } from "@/lib/queries/testing/sse-server";
import { RecordBrowser } from "./record-browser";
import { InScope, TEST_API } from "@/lib/queries/testing/in-scope";
import { emulateLayout } from "@/lib/queries/testing/emulate-layout";

const SHARD = "shardId-000000000000";
const rec = (seq: string, key: string, value: unknown): RecordView => {
  const text = JSON.stringify(value);
  return {
    shardId: SHARD,
    sequenceNumber: seq,
    partitionKey: key,
    arrivalTime: "2026-11-26T12:00:00.000Z",
    size: text.length,
    data: Buffer.from(text).toString("base64"),
    decoded: { chain: ["base64", "json"], format: "json", value },
  };
};
const ROWS = [
  rec("49000000000000000000000000000000000000000000000000000001", "cust-1", { orderId: "o-1", amount: 12.5, customer: { id: "c-1", tier: "gold" } }),
  rec("49000000000000000000000000000000000000000000000000000002", "cust-2", { orderId: "o-2", amount: 7, customer: { id: "c-2" } }),
];
const ELSEWHERE = rec("49000000000000000000000000000000000000000000000000000099", "far-away", { orderId: "o-99" });

let restoreLayout: () => void;
let server: SseTestServer;
let restoreFetch: () => void;
const json = (res: ServerResponse, body: unknown, status = 200) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

beforeAll(async () => {
  restoreLayout = emulateLayout();
  server = await startSseServer();
  restoreFetch = installFetchBase(server.url(""));
  server.handle((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === `${TEST_API}/streams/orders/shards`)
      return json(res, { shards: [{ shardId: SHARD, hashKeyRange: { start: "0", end: "1" }, sequenceNumberRange: { start: "1" }, open: true }] });
    if (url.pathname === `${TEST_API}/streams/orders/records`) {
      const at = url.searchParams.get("at");
      const from = at ? ROWS.findIndex((r) => r.sequenceNumber === at) : 0;
      return json(res, { records: ROWS.slice(Math.max(0, from)), cursor: "next", millisBehindLatest: 0 });
    }
    const one = url.pathname.match(/^\/api\/t\/local\/us-east-1\/streams\/orders\/records\/(\d+)$/);
    if (one) {
      const r = [...ROWS, ELSEWHERE].find((x) => x.sequenceNumber === one[1]);
      return r ? json(res, r) : json(res, { error: { code: "not_found", message: "No such record." } }, 404);
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
});

function renderAt(url: string) {
  window.history.replaceState(null, "", url);
  const client = makeQueryClient();
  return render(
    <QueryClientProvider client={client}>
      <InScope>
        <NextUrl>
          <RecordBrowser name="orders" />
        </NextUrl>
      </InScope>
    </QueryClientProvider>,
  );
}

const rows = () => screen.getAllByTestId("record-row");
const query = () => new URLSearchParams(window.location.search);

describe("the record browser's table", () => {
  it("has no Shard column (the shard is chosen above it) and gives the rest to the payload", async () => {
    renderAt(`/streams/orders/records?shard=${SHARD}&from=TRIM_HORIZON`);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const headers = screen.getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Sequence number", "Partition key", "Arrival (UTC)", "Size", "Payload"]);
    expect(within(rows()[0]!).queryByText(SHARD)).toBeNull();
    const table = screen.getByRole("table", { name: /records/i });
    const grid = table.style.getPropertyValue("--cols");
    expect(grid.split(" ").at(-1)).toBe("1fr)");
    expect(grid).toContain("minmax(240px, 1fr)");
    // A narrow screen shows the time, the key and the payload first.
    expect(table.style.getPropertyValue("--narrow-cols")).toBe("185px minmax(90px, 170px) minmax(240px, 1fr) 165px 74px");
  });

  it("shows chosen JSON fields, nested ones by dotted path, as columns kept in the URL", async () => {
    const view = renderAt(`/streams/orders/records?shard=${SHARD}&from=TRIM_HORIZON`);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const picker = screen.getByTestId("field-picker");
    const offered = within(picker)
      .getAllByRole("checkbox")
      .map((c) => c.parentElement?.textContent?.trim());
    expect(offered).toEqual(["orderId", "amount", "customer", "customer.id", "customer.tier"]);
    fireEvent.click(within(picker).getByLabelText("customer.id"));
    fireEvent.click(within(picker).getByLabelText("amount"));
    expect(query().get("cols")).toBe("customer.id,amount");
    await waitFor(() => expect(screen.getAllByTestId("field-header").map((h) => h.textContent)).toEqual(["customer.id", "amount"]));
    expect(
      within(rows()[0]!)
        .getAllByTestId("field-cell")
        .map((c) => c.textContent),
    ).toEqual(["c-1", "12.5"]);
    expect(
      within(rows()[1]!)
        .getAllByTestId("field-cell")
        .map((c) => c.textContent),
    ).toEqual(["c-2", "7"]);

    // A path typed in for records not read yet; a missing field is an empty cell.
    fireEvent.change(within(picker).getByLabelText("Field path"), { target: { value: "customer.region" } });
    fireEvent.click(within(picker).getByRole("button", { name: "Add" }));
    expect(query().get("cols")).toBe("customer.id,amount,customer.region");

    // Reloading (a fresh page at the same URL) keeps the columns.
    view.unmount();
    renderAt(`${window.location.pathname}${window.location.search}`);
    await waitFor(() => expect(screen.getAllByTestId("field-header").map((h) => h.textContent)).toEqual(["customer.id", "amount", "customer.region"]));
    expect(
      within(rows()[0]!)
        .getAllByTestId("field-cell")
        .map((c) => c.textContent),
    ).toEqual(["c-1", "12.5", ""]);

    fireEvent.click(within(screen.getByTestId("field-picker")).getByLabelText("amount"));
    expect(query().get("cols")).toBe("customer.id,customer.region");
  });
});

describe("a URL for each record", () => {
  it("opening a record puts its sequence number in the URL, closing takes it out", async () => {
    renderAt(`/streams/orders/records?shard=${SHARD}&from=TRIM_HORIZON`);
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(rows()[1]!);
    expect(query().get("seq")).toBe(ROWS[1]!.sequenceNumber);
    expect(query().get("shard")).toBe(SHARD);
    expect((await screen.findByTestId("detail-sequence-number")).textContent).toContain(ROWS[1]!.sequenceNumber);
    expect(rows()[1]?.getAttribute("data-highlighted")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(query().get("seq")).toBeNull();
    await waitFor(() => expect(screen.queryByTestId("drawer")).toBeNull());
  });

  it("a URL with shard and seq reads from AT_SEQUENCE_NUMBER that record, highlights it and opens it", async () => {
    renderAt(`/streams/orders/records?shard=${SHARD}&seq=${ROWS[1]!.sequenceNumber}`);
    expect((await screen.findByTestId("detail-sequence-number")).textContent).toContain(ROWS[1]!.sequenceNumber);
    const page = server.requests.find((r) => r.path.startsWith(`${TEST_API}/streams/orders/records?`));
    const q = new URLSearchParams(page!.path.split("?")[1]);
    expect(q.get("from")).toBe("AT_SEQUENCE_NUMBER");
    expect(q.get("at")).toBe(ROWS[1]!.sequenceNumber);
    expect(rows()[0]?.getAttribute("data-highlighted")).toBe("true");
    expect(rows()[0]?.getAttribute("aria-current")).toBe("true");
    // Found among the rows: not read a second time.
    expect(server.requests.some((r) => r.path.startsWith(`${TEST_API}/streams/orders/records/`))).toBe(false);
  });

  it("a record that is not among the rows read is read on its own and opened", async () => {
    renderAt(`/streams/orders/records?shard=${SHARD}&from=TRIM_HORIZON&seq=${ELSEWHERE.sequenceNumber}`);
    expect((await screen.findByTestId("detail-sequence-number")).textContent).toContain(ELSEWHERE.sequenceNumber);
    expect(server.requests.map((r) => r.path)).toContain(`${TEST_API}/streams/orders/records/${ELSEWHERE.sequenceNumber}?shardId=${SHARD}`);
    expect(screen.queryByText("o-99", { exact: false })).not.toBeNull();
  });

  it("says so when the record in the URL is not there", async () => {
    renderAt(`/streams/orders/records?shard=${SHARD}&from=TRIM_HORIZON&seq=123`);
    expect(await screen.findByText(/No such record/)).toBeTruthy();
  });
});
