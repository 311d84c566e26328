// useEventSource against a real HTTP server: the session the server sees ends on unmount and on a
// change of URL, and after a refusal the reason is read but a stream that answers is not held open.
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installEventSource, openStream, startSseServer, type SseTestServer } from "./testing/sse-server";
import { useEventSource, type EventSourceFailure } from "./use-event-source";

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

const isStream = (accept: string) => accept.includes("text/event-stream");

describe("useEventSource", () => {
  it("delivers named events, reports the connection, and closes the session on unmount", async () => {
    server.handle((_req, res) => {
      const send = openStream(res);
      send("hello", { n: 1 });
      send("error", { code: "throttled", message: "slow down" });
    });
    const got: string[] = [];
    const { result, unmount } = renderHook(() =>
      useEventSource(server.url("/live"), { events: { hello: (d) => got.push(`hello ${d}`), error: (d) => got.push(`error ${d}`) } }),
    );
    expect(result.current).toBe("connecting");
    await waitFor(() => expect(result.current).toBe("open"));
    await waitFor(() => expect(got).toEqual(['hello {"n":1}', 'error {"code":"throttled","message":"slow down"}']));
    // A server-sent error event is data, not a broken connection.
    expect(result.current).toBe("open");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.closed).toBe(false);

    unmount();
    await waitFor(() => expect(server.requests[0]!.closed).toBe(true));
  });

  it("closes the old session when the URL changes, and opens none for a null URL", async () => {
    server.handle((_req, res) => void openStream(res));
    const { result, rerender, unmount } = renderHook(({ url }: { url: string | null }) => useEventSource(url, { events: {} }), {
      initialProps: { url: server.url("/a") as string | null },
    });
    await waitFor(() => expect(result.current).toBe("open"));
    rerender({ url: server.url("/b") });
    await waitFor(() =>
      expect(server.requests.map((r) => [r.path, r.closed])).toEqual([
        ["/a", true],
        ["/b", false],
      ]),
    );
    await waitFor(() => expect(result.current).toBe("open"));
    rerender({ url: null });
    expect(result.current).toBe("idle");
    await waitFor(() => expect(server.requests[1]!.closed).toBe(true));
    unmount();
    expect(server.requests).toHaveLength(2);
  });

  it("reports a reconnect when the stream ends, and resumes from the last event id", async () => {
    let n = 0;
    server.handle((_req, res) => {
      const send = openStream(res);
      res.write("retry: 100\n\n");
      n += 1;
      send("tick", { n }, `id-${n}`);
      if (n === 1) setTimeout(() => res.end(), 50);
    });
    const ticks: string[] = [];
    const { result, unmount } = renderHook(() => useEventSource(server.url("/ticks"), { events: { tick: (d) => ticks.push(d) } }));
    await waitFor(() => expect(ticks).toEqual(['{"n":1}']));
    await waitFor(() => expect(result.current).toBe("reconnecting"));
    await waitFor(() => expect(ticks).toEqual(['{"n":1}', '{"n":2}']), { timeout: 5_000 });
    expect(result.current).toBe("open");
    expect(server.requests[1]!.lastEventId).toBe("id-1");
    unmount();
  });

  it("after a refusal, asks for the reason in JSON and reports it", async () => {
    server.handle((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "invalid_input", message: "from must be one of …" } }));
    });
    const failures: EventSourceFailure[] = [];
    const { result, unmount } = renderHook(() => useEventSource(server.url("/bad"), { events: {}, onFailure: (f) => failures.push(f) }));
    await waitFor(() => expect(result.current).toBe("failed"));
    await waitFor(() => expect(failures).toEqual([{ kind: "refused", status: 400, error: { code: "invalid_input", message: "from must be one of …" } }]));
    expect(server.requests.map((r) => isStream(r.accept))).toEqual([true, false]);
    expect(server.requests[1]!.accept).toBe("application/json");
    unmount();
  });

  it("after a refusal, a reason request that answers with a stream is cancelled at once, not held until unmount", async () => {
    // The first attempt is refused (say a moment of overload); the second, for the reason, is served.
    server.handle((req, res) => {
      if (isStream(req.headers.accept ?? "")) {
        res.writeHead(503, { "content-type": "text/plain" });
        res.end("busy");
        return;
      }
      openStream(res)("stats", { shards: [] });
    });
    const failures: EventSourceFailure[] = [];
    const { result, unmount } = renderHook(() => useEventSource(server.url("/stats"), { events: {}, onFailure: (f) => failures.push(f) }));
    await waitFor(() => expect(result.current).toBe("failed"));
    await waitFor(() => expect(server.requests).toHaveLength(2));
    await waitFor(() => expect(server.requests[1]!.closed).toBe(true));
    // Still mounted: the body was cancelled by the hook, not by cleanup.
    expect(result.current).toBe("failed");
    expect(failures).toEqual([]);
    await act(async () => unmount());
  });

  it("reports a network failure when the reason cannot be fetched", async () => {
    server.handle((req, res) => {
      if (isStream(req.headers.accept ?? "")) {
        res.writeHead(500).end();
        return;
      }
      req.socket.destroy();
    });
    const failures: EventSourceFailure[] = [];
    const { result, unmount } = renderHook(() => useEventSource(server.url("/gone"), { events: {}, onFailure: (f) => failures.push(f) }));
    await waitFor(() => expect(failures).toEqual([{ kind: "network" }]));
    expect(result.current).toBe("failed");
    unmount();
  });
});
