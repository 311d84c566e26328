// useTail against a real SSE server: records are buffered and reach state in flushes, the window
// is capped, status events land in the status, a refusal shows the server's reason, and unmount
// or stopping ends the session on the server.
import { renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import { DEFAULT_TAIL_LIMITS } from "@/lib/tail/tail-reducer";
import { installEventSource, openStream, startSseServer, type SseTestServer } from "./testing/sse-server";
import { useTail } from "./use-tail";

let server: SseTestServer;
let uninstall: () => void;

beforeAll(async () => {
  server = await startSseServer();
  uninstall = installEventSource();
});
afterAll(async () => {
  uninstall();
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

function records(from: number, count: number): RecordView[] {
  return Array.from({ length: count }, (_, i): RecordView => ({
    shardId: "shardId-000000000000",
    sequenceNumber: String(from + i),
    partitionKey: `k${from + i}`,
    arrivalTime: "2024-01-01T00:00:00.000Z",
    size: 1,
    data: "eA==",
    decoded: { chain: ["base64"], format: "text", text: "x" },
  }));
}

describe("useTail", () => {
  it("buffers records and flushes them to state together, not one render per event", async () => {
    server.handle((_req, res) => {
      const block = [1, 3, 5].map((n) => `event: records\ndata: ${JSON.stringify({ records: records(n, 2) })}\n\n`).join("");
      openStream(res);
      res.write(block);
    });
    const lengths = new Set<number>();
    const { result, unmount } = renderHook(() => {
      const tail = useTail(server.url("/tail"));
      lengths.add(tail.state.rows.length);
      return tail;
    });
    await waitFor(() => expect(result.current.state.rows).toHaveLength(6));
    expect(result.current.state.rows.map((r) => r.sequenceNumber)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(result.current.state.received).toBe(6);
    expect([...lengths].sort()).toEqual([0, 6]);
    expect(result.current.status.connection).toBe("open");
    unmount();
  });

  it("caps the window: the oldest leave first", async () => {
    const total = DEFAULT_TAIL_LIMITS.maxRows + 100;
    server.handle((_req, res) => {
      const send = openStream(res);
      for (let from = 1; from <= total; from += 1_700) send("records", { records: records(from, Math.min(1_700, total - from + 1)) });
    });
    const { result, unmount } = renderHook(() => useTail(server.url("/tail")));
    await waitFor(() => expect(result.current.state.received).toBe(total));
    expect(result.current.state.rows).toHaveLength(DEFAULT_TAIL_LIMITS.maxRows);
    expect(result.current.state.evicted).toBe(100);
    expect(result.current.state.rows[0]!.sequenceNumber).toBe("101");
    unmount();
  });

  it("puts shards, stats, dropped counts and reader errors in the status", async () => {
    server.handle((_req, res) => {
      const send = openStream(res);
      send("shards", { shards: [{ shardId: "shardId-000000000000", position: "LATEST" }] });
      send("stats", { shards: [], scanned: 10, matched: 4, dropped: 0, queued: 4 });
      send("dropped", { count: 7 });
      send("error", { code: "throttled", message: "Slow down.", shardId: "shardId-000000000000" });
    });
    const { result, unmount } = renderHook(() => useTail(server.url("/tail")));
    await waitFor(() => expect(result.current.status.error).toEqual({ code: "throttled", message: "Slow down.", shardId: "shardId-000000000000" }));
    await waitFor(() => expect(result.current.state.droppedByServer).toBe(7));
    expect(result.current.status).toMatchObject({ connection: "open", shards: [{ shardId: "shardId-000000000000" }] });
    expect(result.current.state.server).toEqual({ scanned: 10, matched: 4, dropped: 0, queued: 4 });
    unmount();
  });

  it("applies the server's counters with the records they count, so every render adds up", async () => {
    const counters = (matched: number, queued: number, dropped = 0) => ({ scanned: matched, matched, dropped, queued });
    server.handle((_req, res) => {
      const send = openStream(res);
      send("records", { records: records(1, 2), counters: counters(5, 3) });
      send("dropped", { count: 1 });
      send("records", { records: records(3, 2), counters: counters(5, 0, 1) });
      // Stats right behind the records, before the next flush: shown with those records, not ahead of them.
      send("stats", { shards: [], ...counters(5, 0, 1) });
    });
    const seen: string[] = [];
    const { result, unmount } = renderHook(() => {
      const tail = useTail(server.url("/tail"));
      const s = tail.state;
      if (s.server.matched !== s.received + s.droppedByServer + s.server.queued) seen.push(`matched ${s.server.matched} received ${s.received}`);
      return tail;
    });
    await waitFor(() => expect(result.current.state.received).toBe(4));
    await waitFor(() => expect(result.current.state.server).toEqual(counters(5, 0, 1)));
    expect(result.current.state.droppedByServer).toBe(1);
    expect(seen).toEqual([]);
    unmount();
  });

  it("shows the server's reason when it refuses the tail, and a plain one when the reason is not JSON", async () => {
    server.handle((req, res) => {
      if (req.url?.startsWith("/json")) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "invalid_input", message: "Bad filter." } }));
      } else res.writeHead(500).end("oops");
    });
    const json = renderHook(() => useTail(server.url("/json")));
    await waitFor(() => expect(json.result.current.status.error).toEqual({ code: "invalid_input", message: "Bad filter." }));
    expect(json.result.current.status.connection).toBe("failed");
    json.unmount();
    const plain = renderHook(() => useTail(server.url("/plain")));
    await waitFor(() => expect(plain.result.current.status.error).toEqual({ code: "internal", message: "The tail failed with HTTP 500." }));
    plain.unmount();
  });

  it("stopping (a null URL) clears the view and ends the session; unmount ends it too", async () => {
    server.handle((_req, res) => openStream(res)("records", { records: records(1, 3) }));
    const { result, rerender, unmount } = renderHook(({ url }: { url: string | null }) => useTail(url), {
      initialProps: { url: server.url("/tail") as string | null },
    });
    await waitFor(() => expect(result.current.state.rows).toHaveLength(3));
    rerender({ url: null });
    expect(result.current.status.connection).toBe("idle");
    await waitFor(() => expect(result.current.state.rows).toHaveLength(0));
    await waitFor(() => expect(server.requests[0]!.closed).toBe(true));

    rerender({ url: server.url("/again") });
    await waitFor(() => expect(result.current.state.rows).toHaveLength(3));
    unmount();
    await waitFor(() => expect(server.requests[1]!.closed).toBe(true));
  });
});
