import "server-only";
// A streamed NDJSON download: pulled from its source only as fast as the client reads, and the
// source closed however the client leaves (as sseResponse does for event streams).
import { pullStream, type SseSource } from "@/lib/server/tail/sse";

export function ndjsonResponse(source: SseSource, signal: AbortSignal, filename: string): Response {
  const body = pullStream(source, signal);
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^a-zA-Z0-9_.-]/g, "_")}"`,
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
