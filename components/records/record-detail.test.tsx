// The record detail drawer, with a stand-in for Shardscope's API on 127.0.0.1 for "Load full
// payload": nested JSON open two levels deep, hex folded when a decoder succeeded, the copy
// buttons through the Clipboard API with a visible confirmation, and the actions' links.
import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import { makeQueryClient } from "@/lib/queries/query-client";
import { installFetchBase, startSseServer, type SseTestServer } from "@/lib/queries/testing/sse-server";
import { RecordDetail } from "./record-detail";
import { InScope, TEST_API } from "@/lib/queries/testing/in-scope";

const SHARD = "shardId-000000000001";
const SEQ = "49000000000000000000000000000000000000000000000000000007";
const VALUE = { orderId: "o-7", customer: { id: "c-7", address: { city: "Oslo", geo: { lat: 59.9 } } }, lines: [{ sku: "a" }] };

function jsonRecord(value: unknown): RecordView {
  const text = JSON.stringify(value);
  return {
    shardId: SHARD,
    sequenceNumber: SEQ,
    partitionKey: "cust-7",
    arrivalTime: "2026-11-26T12:00:00.000Z",
    size: Buffer.byteLength(text),
    data: Buffer.from(text).toString("base64"),
    decoded: { chain: ["base64", "json"], format: "json", value },
  };
}
const BINARY: RecordView = {
  ...jsonRecord(null),
  data: Buffer.from([0, 255, 16]).toString("base64"),
  size: 3,
  decoded: { chain: ["base64", "hex"], format: "binary", text: "00000000  00 ff 10  |...|" },
};
/** A 600 KB JSON record: what the page sends is a preview; the stand-in API holds it whole. */
const BIG_VALUE = { items: Array.from({ length: 12_000 }, (_, i) => ({ i, label: `item-${i}` })) };
const BIG_FULL = jsonRecord(BIG_VALUE);
const BIG_PREVIEW: RecordView = {
  ...BIG_FULL,
  data: BIG_FULL.data.slice(0, 400),
  decoded: { chain: ["base64", "json"], format: "json", text: JSON.stringify(BIG_VALUE, null, 2).slice(0, 2000) },
  truncated: true,
};

let server: SseTestServer;
let restoreFetch: () => void;
/** The browser's clipboard, which jsdom lacks: what was written, as navigator.clipboard keeps it. */
let clipboard: string[] = [];
let clipboardFails = false;

const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));

beforeAll(async () => {
  server = await startSseServer();
  restoreFetch = installFetchBase(server.url(""));
  server.handle((req, res) => {
    if (req.url === `${TEST_API}/streams/orders/records/${SEQ}?shardId=${SHARD}&full=1`) return json(res, BIG_FULL);
    res.writeHead(404).end();
  });
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: {
      writeText: async (text: string) => {
        if (clipboardFails) throw new DOMException("Write permission denied.", "NotAllowedError");
        clipboard.push(text);
      },
    },
  });
});
afterAll(async () => {
  restoreFetch();
  await server.close();
  Reflect.deleteProperty(navigator, "clipboard");
});
afterEach(() => {
  clipboard = [];
  clipboardFails = false;
});

function renderDetail(record: RecordView, canExport = true) {
  const client = makeQueryClient();
  return render(
    <QueryClientProvider client={client}>
      <InScope>
        <RecordDetail record={record} stream="orders" decoder="auto" onClose={() => undefined} canExport={canExport} />
      </InScope>
    </QueryClientProvider>,
  );
}

/** The JSON tree's folds in document order: the key each opens with ("" for the root and array items), and whether it is open. */
function folds(): [string, boolean][] {
  return [...screen.getByTestId("json-tree").querySelectorAll("details")].map((d) => {
    const key = d.querySelector(":scope > summary .k")?.textContent;
    return [key ? (JSON.parse(key) as string) : "", d.open];
  });
}

describe("the record detail", () => {
  it("opens nested JSON two levels deep; deeper levels are folded and open on demand", () => {
    renderDetail(jsonRecord(VALUE));
    expect(folds()).toEqual([
      ["", true],
      ["customer", true],
      ["address", false],
      ["geo", false],
      ["lines", true],
      ["", false],
    ]);
    const address = [...screen.getByTestId("json-tree").querySelectorAll("details")].find((d) =>
      d.querySelector(":scope > summary")?.textContent?.includes("address"),
    )!;
    fireEvent.click(address.querySelector("summary")!);
    expect(address.open).toBe(true);
    expect(within(address).getByText('"Oslo"')).toBeTruthy();
  });

  it("marks a masked record: the masked paths, no raw bytes, no copy to put", () => {
    const masked: RecordView = {
      ...jsonRecord({ ...VALUE, card: "****" }),
      data: "",
      decoded: { chain: ["base64", "json"], format: "json", value: { ...VALUE, card: "****" }, masked: ["$.card", "$.customer.id"] },
    };
    renderDetail(masked);
    expect(screen.getByTestId("masked-notice").textContent).toMatch(/masked, removed or hashed these 2 fields/);
    expect(screen.getAllByTestId("masked-path").map((e) => e.textContent)).toEqual(["$.card", "$.customer.id"]);
    expect(screen.getByTestId("raw-withheld").textContent).toMatch(/not sent/);
    expect(screen.queryByTestId("raw-base64")).toBeNull();
    expect(screen.queryByTestId("raw-hex-section")).toBeNull();
    const put = screen.getByTestId("put-a-copy");
    expect(put.tagName).toBe("BUTTON");
    expect(put.getAttribute("title")).toMatch(/masked fields cannot be copied/);
  });

  it("folds the hex dump when a decoder succeeded, and lays it out only once opened", () => {
    renderDetail(jsonRecord(VALUE));
    const section = screen.getByTestId("raw-hex-section") as HTMLDetailsElement;
    expect(section.open).toBe(false);
    expect(screen.queryByTestId("raw-hex")).toBeNull();
    section.open = true;
    fireEvent(section, new Event("toggle"));
    expect(screen.getByTestId("raw-hex").textContent).toMatch(/^00000000 {2}7b 22 6f 72/);
  });

  it("opens the hex dump when nothing decoded the bytes", () => {
    renderDetail(BINARY);
    expect((screen.getByTestId("raw-hex-section") as HTMLDetailsElement).open).toBe(true);
    expect(screen.getByTestId("raw-hex").textContent).toContain("00 ff 10");
  });

  it("copies the payload and the record as JSON, and says so", async () => {
    renderDetail(jsonRecord(VALUE));
    fireEvent.click(screen.getByRole("button", { name: "Copy payload" }));
    await waitFor(() => expect(screen.getByTestId("copy-status").textContent).toBe("Copied the payload."));
    expect(screen.getByRole("status").textContent).toBe("Copied the payload.");
    expect(JSON.parse(clipboard[0]!)).toEqual(VALUE);

    fireEvent.click(screen.getByRole("button", { name: "Copy as JSON" }));
    await waitFor(() => expect(screen.getByTestId("copy-status").textContent).toBe("Copied the record as JSON."));
    expect(JSON.parse(clipboard[1]!)).toEqual({
      shardId: SHARD,
      sequenceNumber: SEQ,
      partitionKey: "cust-7",
      arrivalTime: "2026-11-26T12:00:00.000Z",
      size: Buffer.byteLength(JSON.stringify(VALUE)),
      chain: ["base64", "json"],
      payload: VALUE,
      data: Buffer.from(JSON.stringify(VALUE)).toString("base64"),
    });
  });

  it("says why when the clipboard refuses", async () => {
    clipboardFails = true;
    renderDetail(jsonRecord(VALUE));
    fireEvent.click(screen.getByRole("button", { name: "Copy payload" }));
    await waitFor(() => expect(screen.getByTestId("copy-status").textContent).toBe("Could not copy the payload: Write permission denied."));
  });

  it("links to the tail at this record and to the put form with a copy of it", () => {
    renderDetail(jsonRecord(VALUE));
    const tail = new URL(screen.getByRole("link", { name: "Tail from here" }).getAttribute("href")!, "http://x");
    expect(tail.pathname).toBe("/t/local/us-east-1/streams/orders/tail");
    expect(Object.fromEntries(tail.searchParams)).toEqual({ from: "AT_SEQUENCE_NUMBER", at: SEQ, shards: SHARD });
    const put = new URL(screen.getByRole("link", { name: "Put a copy" }).getAttribute("href")!, "http://x");
    expect(put.pathname).toBe("/t/local/us-east-1/streams/orders/put");
    expect(Object.fromEntries(put.searchParams)).toEqual({ key: "cust-7", encoding: "json", data: JSON.stringify(VALUE) });
  });

  it("shows a large record's preview, loads the whole payload on demand, a chunk at a time, with a download", async () => {
    renderDetail(BIG_PREVIEW);
    expect(screen.getByTestId("payload-preview").textContent).toHaveLength(2000);
    expect(screen.queryByTestId("json-tree")).toBeNull();
    expect((screen.getByRole("button", { name: "Copy payload" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("put-a-copy") as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Load full payload" }));
    await screen.findByTestId("full-loaded");
    expect(server.requests.map((r) => r.path)).toContain(`${TEST_API}/streams/orders/records/${SEQ}?shardId=${SHARD}&full=1`);
    expect(screen.queryByTestId("truncated-notice")).toBeNull();
    expect(screen.getByRole("button", { name: "Download payload" })).toBeTruthy();
    // Too much text for a tree: 64 KiB at a time.
    const full = JSON.stringify(BIG_VALUE, null, 2);
    expect(screen.getByTestId("payload-chunk-text").textContent).toBe(full.slice(0, 64 * 1024));
    fireEvent.click(screen.getByRole("button", { name: /Show the next/ }));
    expect(screen.getByTestId("payload-chunk-text").textContent).toBe(full.slice(0, 128 * 1024));
    // Copying now copies the whole payload.
    fireEvent.click(screen.getByRole("button", { name: "Copy payload" }));
    await waitFor(() => expect(clipboard).toHaveLength(1));
    expect(JSON.parse(clipboard[0]!)).toEqual(BIG_VALUE);
  });

  it("offers no download of the whole payload to a role that may not export", async () => {
    renderDetail(BIG_PREVIEW, false);
    fireEvent.click(screen.getByRole("button", { name: "Load full payload" }));
    await screen.findByTestId("full-loaded");
    expect(screen.getByTestId("payload-chunk-text").textContent).toHaveLength(64 * 1024);
    expect(screen.queryByTestId("download-payload")).toBeNull();
  });
});
