// useLiveMetrics against a real SSE server: per-second stats reach the state, stopping keeps the
// last figures and ends the session, and after a refusal no stats session is left open.
import { renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installEventSource, installFetchBase, openStream, startSseServer, type SseTestServer } from "./testing/sse-server";
import { useLiveMetrics } from "./use-live-metrics";
import { InScope, TEST_API } from "./testing/in-scope";

let server: SseTestServer;
let restore: (() => void)[] = [];

beforeAll(async () => {
  server = await startSseServer();
  restore = [installEventSource(server.url("")), installFetchBase(server.url(""))];
});
afterAll(async () => {
  for (const r of restore) r();
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

const STATS = { shards: [{ shardId: "shardId-000000000000", recordsPerSecond: 3 }], scanned: 3, matched: 3 };

describe("useLiveMetrics", () => {
  it("asks for a stats-only tail, shows each second's stats, and ends the session when stopped", async () => {
    server.handle((_req, res) => openStream(res)("stats", STATS));
    const { result, rerender, unmount } = renderHook(({ active }: { active: boolean }) => useLiveMetrics("my stream", active), {
      initialProps: { active: true },
      wrapper: InScope,
    });
    await waitFor(() => expect(result.current.stats).toEqual(STATS.shards));
    expect(result.current.connection).toBe("open");
    expect(result.current.updatedAt).toBeTypeOf("number");
    expect(server.requests[0]!.path).toBe(`${TEST_API}/streams/my%20stream/tail?mode=stats`);
    rerender({ active: false });
    expect(result.current.connection).toBe("idle");
    expect(result.current.stats).toEqual(STATS.shards);
    await waitFor(() => expect(server.requests[0]!.closed).toBe(true));
    unmount();
  });

  it("shows the server's reason for a refusal", async () => {
    server.handle((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "No stream named x." } }));
    });
    const { result, unmount } = renderHook(() => useLiveMetrics("x", true), { wrapper: InScope });
    await waitFor(() => expect(result.current.error).toBe("No stream named x."));
    expect(result.current.connection).toBe("failed");
    unmount();
  });

  it("after a refusal, a reason request answered with a stream does not hold a stats session open", async () => {
    server.handle((req, res) => {
      if ((req.headers.accept ?? "").includes("text/event-stream")) {
        res.writeHead(503).end();
        return;
      }
      openStream(res)("stats", STATS);
    });
    const { result, unmount } = renderHook(() => useLiveMetrics("busy", true), { wrapper: InScope });
    await waitFor(() => expect(result.current.connection).toBe("failed"));
    await waitFor(() => expect(server.requests).toHaveLength(2));
    await waitFor(() => expect(server.requests[1]!.closed).toBe(true));
    expect(result.current.connection).toBe("failed");
    unmount();
  });
});
