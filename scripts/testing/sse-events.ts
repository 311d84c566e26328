// Server-sent events as the tests read them: one event block parsed, or a whole streaming body.

export interface SseEvent<T = unknown> {
  id?: string;
  event: string;
  data: T;
}

/** One SSE event block (or one chunk of TailSession.next()); undefined for comments and the `retry` preamble. */
export function parseSseEvent<T = unknown>(block: string | Uint8Array): SseEvent<T> | undefined {
  const e = { event: "message", data: undefined } as SseEvent<T>;
  let hasData = false;
  const text = typeof block === "string" ? block : new TextDecoder().decode(block);
  for (const line of text.split("\n")) {
    if (line.startsWith("id: ")) e.id = line.slice(4);
    else if (line.startsWith("event: ")) e.event = line.slice(7);
    else if (line.startsWith("data: ")) {
      e.data = JSON.parse(line.slice(6)) as T;
      hasData = true;
    }
  }
  return hasData ? e : undefined;
}

/** Reads an SSE body as it streams, calling `onEvent` per event; keeps nothing else. Ends quietly when aborted. */
export async function readSseEvents<T = unknown>(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent<T>) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const e = parseSseEvent<T>(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (e) onEvent(e);
      }
    }
  } catch (e) {
    if ((e as Error).name !== "AbortError") throw e;
  } finally {
    reader.releaseLock();
  }
}
