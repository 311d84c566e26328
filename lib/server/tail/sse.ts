import "server-only";
// Server-sent events framing: `event`, `id` and one `data` line of JSON (JSON never holds a raw newline).

export function formatSseEvent(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function formatSseComment(text: string): string {
  return `: ${text.replace(/\n/g, " ")}\n\n`;
}

/** Anything that produces an event stream chunk by chunk: a tail session, later a search. */
export interface SseSource {
  /** The next chunk, as text or already encoded as UTF-8; null when the stream is over. */
  next(): Promise<string | Uint8Array | null>;
  close(): void;
}

/**
 * The HTTP response of an event stream. The source is closed however the client leaves: by
 * cancelling the body, by aborting the request (also when that happened before this call), or
 * when the stream ends.
 */
export function sseResponse(source: SseSource, signal: AbortSignal): Response {
  const body = pullStream(source, signal, "retry: 2000\n: connected\n\n");
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression from buffering the stream.
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

/**
 * A body pulled from `source` only when the client takes data (a slow client stops our reads, not
 * our memory), `first` sent before anything else. The source is closed when it ends, when the body
 * is cancelled, or when `signal` aborts (also when that happened before this call). Shared by the
 * event streams and the search's NDJSON download.
 */
export function pullStream(source: SseSource, signal: AbortSignal, first?: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let opened = first === undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!opened) {
          opened = true;
          controller.enqueue(encoder.encode(first));
          return;
        }
        const chunk = await source.next();
        if (chunk === null) {
          source.close();
          controller.close();
        } else controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      },
      cancel() {
        source.close();
      },
    },
    { highWaterMark: 0 },
  );
  // An abort listener added to a signal that has already aborted never runs.
  if (signal.aborted) source.close();
  else signal.addEventListener("abort", () => source.close(), { once: true });
  return body;
}
