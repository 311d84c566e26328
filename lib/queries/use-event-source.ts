"use client";
// One server-sent events connection, the way every live view of Shardscope needs it: named event
// handlers, a connection status, and the browser's own reconnection (which sends Last-Event-ID).
// When the server refuses the request for good, it is asked once more, in JSON, for the reason;
// a success on that second request is not read (its body is cancelled, so no session stays open).
// Closed on unmount and whenever the URL changes.
import { useEffect, useRef, useState } from "react";
import { isApiErrorBody, type ApiErrorBody } from "@/lib/http/errors";

export type EventSourceConnection = "connecting" | "open" | "reconnecting" | "failed" | "idle";

/** Why a connection closed for good: the server's refusal (with its JSON error when it sent one), or no answer. */
export type EventSourceFailure = { kind: "refused"; status: number; error?: ApiErrorBody["error"] } | { kind: "network" };

export interface EventSourceHandlers {
  /** Handlers by event name, given the event's data. `error` receives server-sent `error` events only. */
  events: Record<string, (data: string) => void>;
  onOpen?: () => void;
  onFailure?: (failure: EventSourceFailure) => void;
}

/** Opens `url` (none when null) and returns the connection's status. Handlers may change on every render. */
export function useEventSource(url: string | null, handlers: EventSourceHandlers): EventSourceConnection {
  // The status belongs to one URL: a new URL starts at "connecting" without an effect to reset it.
  const [state, setState] = useState<{ url: string | null; connection: EventSourceConnection }>({ url, connection: url ? "connecting" : "idle" });
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const names = Object.keys(handlers.events).sort().join(",");

  useEffect(() => {
    if (!url) return;
    const setConnection = (connection: EventSourceConnection) => setState({ url, connection });
    const source = new EventSource(url);
    const abort = new AbortController();

    source.onopen = () => {
      setConnection("open");
      latest.current.onOpen?.();
    };
    for (const name of names.split(",").filter((n) => n && n !== "error")) {
      source.addEventListener(name, (e) => {
        const data = (e as MessageEvent<unknown>).data;
        if (typeof data === "string") latest.current.events[name]?.(data);
      });
    }
    source.addEventListener("error", (e) => {
      // A server-sent `error` event carries data; a connection error does not.
      const data = "data" in e ? (e as MessageEvent<unknown>).data : undefined;
      if (typeof data === "string" && data) {
        latest.current.events.error?.(data);
        return;
      }
      if (source.readyState === EventSource.CONNECTING) {
        setConnection("reconnecting");
        return;
      }
      // Closed for good: the server refused the request. Ask it why, in JSON.
      setConnection("failed");
      fetch(url, { signal: abort.signal, headers: { accept: "application/json" } })
        .then(async (res) => {
          if (res.ok) {
            await res.body?.cancel();
            return;
          }
          const body: unknown = await res.json().catch(() => undefined);
          latest.current.onFailure?.({ kind: "refused", status: res.status, error: isApiErrorBody(body) ? body.error : undefined });
        })
        .catch(() => {
          if (!abort.signal.aborted) latest.current.onFailure?.({ kind: "network" });
        });
    });

    return () => {
      source.close();
      abort.abort();
    };
  }, [url, names]);

  return state.url === url ? state.connection : url ? "connecting" : "idle";
}
