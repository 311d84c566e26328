import "server-only";
// The process-wide tail hub, session slots and enhanced fan-out consumers, built once from
// configuration, and the one entry point the SSE route uses: openTail.
import type { TailQuery } from "@/lib/tail/tail-query";
import { compileTailFilter } from "@/lib/tail/tail-filter";
import { resumeCheckpoint } from "@/lib/tail/tail-checkpoint";
import { kinesisClient, kinesisStreamingClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { describeStream } from "@/lib/server/kinesis/streams";
import { listShards } from "@/lib/server/kinesis/shards";
import { assertSameOrigin, assertWritable } from "@/lib/server/write-guard";
import { EfoConsumers, type ConsumerLease } from "./efo-consumers";
import { SessionSlots } from "./session-slots";
import { TailHub } from "./tail-hub";
import { TailSession } from "./tail-session";

const key = Symbol.for("shardscope.tail");

interface TailState {
  hub: TailHub;
  consumers: EfoConsumers;
  slots: SessionSlots;
}

function tail(): TailState {
  const g = globalThis as typeof globalThis & { [key]?: TailState };
  if (!g[key]) {
    const c = getConfig();
    g[key] = {
      hub: new TailHub(
        kinesisClient(),
        {
          callsPerSecond: c.tail.callsPerSecond,
          maxCallsPerSecond: c.tail.maxCallsPerSecond,
          idleStopMs: c.tail.idleStopMs,
          // A batch must fit a viewer's queue twice over: at Kinesis's own limit (10,000) a reader
          // catching up hands even an idle viewer more than its queue holds, and the rest is dropped.
          batchLimit: Math.max(1, Math.min(10_000, Math.floor(c.tail.queueRecords / 2))),
          endpoint: c.kinesisEndpoint,
        },
        kinesisStreamingClient(),
      ),
      consumers: new EfoConsumers(kinesisClient(), { defaultName: c.efo.consumerName, releaseAfterMs: c.efo.releaseAfterMs, endpoint: c.kinesisEndpoint }),
      slots: new SessionSlots({ maxSessions: c.tail.maxSessions, maxSessionsPerClient: c.tail.maxSessionsPerClient }),
    };
  }
  return g[key];
}

export const tailHub = () => tail().hub;
export const efoConsumers = () => tail().consumers;
export const tailSessionSlots = () => tail().slots;

export interface OpenTailRequest {
  stream: string;
  query: TailQuery;
  /**
   * The request: its Last-Event-ID header resumes the tail, its headers pass the write guard when
   * Shardscope must register a consumer, and its signal (the client went away) closes whatever is
   * open so far, at any point.
   */
  request: Request;
  /** Who is asking, for the per-client session cap (the remote address as the server sees it). */
  client: string;
}

/** Thrown when the client left while its tail was being opened; nobody is left to read the answer. */
export class ClientGoneError extends AppError {
  constructor() {
    super("invalid_input", "The client went away before its tail was open.");
  }
}

/**
 * Validates a tail request and opens its session. Everything taken on the way (a session slot, an
 * enhanced fan-out consumer, shard readers) is given back if anything fails or the client leaves,
 * however early: the caller gets an open session or an error, never a leak.
 */
export async function openTail(req: OpenTailRequest): Promise<TailSession> {
  const { query: q, stream } = req;
  const filter = compileTailFilter({ key: q.key, keyMode: q.keyMode, text: q.q, regex: q.regex, expr: q.expr });
  if (!filter.ok) throw new AppError("invalid_input", filter.error);
  const signal = req.request.signal;
  const resume = resumeCheckpoint(req.request.headers.get("last-event-id") ?? q.lastEventId, stream);
  if (!resume.ok) throw new AppError("invalid_input", resume.message);
  const efo = q.efo || q.consumer ? { consumerName: q.consumer } : undefined;
  if (efo && !efo.consumerName) {
    // Shardscope registers (and later deregisters) its own consumer: a billable write.
    assertWritable();
    assertSameOrigin(req.request);
  }
  if (signal.aborted) throw new ClientGoneError();

  const slot = tailSessionSlots().acquire(req.client);
  let lease: ConsumerLease | undefined;
  let session: TailSession | undefined;
  const gone = () => session?.close();
  try {
    const summary = await describeStream(stream); // a clear 404 before any reader starts
    if (signal.aborted) throw new ClientGoneError();
    if (efo) lease = await efoConsumers().lease(summary.arn, stream, efo.consumerName);
    if (signal.aborted) throw new ClientGoneError();
    const c = getConfig();
    const held = lease;
    session = new TailSession({
      stream,
      from: q.from,
      at: q.at,
      shardIds: q.shards,
      resume: resume.checkpoint,
      filter,
      decoder: q.decoder,
      statsOnly: q.mode === "stats",
      efo: held ? { consumerArn: held.consumerArn } : undefined,
      onClose: () => {
        held?.release();
        slot.release();
      },
      queueRecords: c.tail.queueRecords,
      queueBytes: c.tail.queueBytes,
      hub: tailHub(),
      listShards,
    });
    lease = undefined; // the session releases it from here on
    signal.addEventListener("abort", gone, { once: true });
    await session.start();
    if (signal.aborted) throw new ClientGoneError();
    return session;
  } catch (e) {
    signal.removeEventListener("abort", gone);
    if (session) session.close();
    else {
      lease?.release();
      slot.release();
    }
    throw e;
  }
}
