import { tailQuerySchema } from "@/lib/api/tail-params";
import { decodeCheckpoint } from "@/lib/tail/tail-checkpoint";
import { compileTailFilter } from "@/lib/tail/tail-filter";
import { AppError } from "@/lib/server/errors";
import { otherMethods, parseOrThrow, route, searchParamsObject, streamNameFrom, type StreamRouteContext } from "@/lib/server/http";
import { describeStream } from "@/lib/server/kinesis/streams";
import { openTail } from "@/lib/server/tail/tail-service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(async (req, ctx: StreamRouteContext) => {
  const stream = await streamNameFrom(ctx);
  const q = parseOrThrow(tailQuerySchema, searchParamsObject(req.url));
  const filter = compileTailFilter({ key: q.key, keyMode: q.keyMode, text: q.q, regex: q.regex, expr: q.expr });
  if (!filter.ok) throw new AppError("invalid_input", filter.error);
  const summary = await describeStream(stream); // a clear 404 before any stream opens
  // An id we cannot read means a fresh start at the requested position, never a failure loop.
  const resume = decodeCheckpoint(req.headers.get("last-event-id") ?? q.lastEventId);
  const session = await openTail({
    stream,
    streamArn: summary.arn,
    from: q.from,
    at: q.at,
    shardIds: q.shards,
    resume,
    filter,
    decoder: q.decoder,
    efo: q.efo || q.consumer ? { consumerName: q.consumer } : undefined,
    statsOnly: q.mode === "stats",
  });

  const encoder = new TextEncoder();
  let opened = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!opened) {
          opened = true;
          controller.enqueue(encoder.encode("retry: 2000\n: connected\n\n"));
          return;
        }
        const chunk = await session.next();
        if (chunk === null) controller.close();
        else controller.enqueue(encoder.encode(chunk));
      },
      cancel() {
        session.close();
      },
    },
    // Pull only when the client takes data: a slow client stops our reads, not our memory.
    { highWaterMark: 0 },
  );
  req.signal.addEventListener("abort", () => session.close(), { once: true });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression from buffering the stream.
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
