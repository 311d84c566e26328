import "server-only";
// Each scope's tail hub and enhanced fan-out consumers, the server-wide session slots, and the one
// entry point the SSE route uses: openTail.
import type { TailQuery } from "@/lib/tail/tail-query";
import { compileTailFilter } from "@/lib/tail/tail-filter";
import { resumeCheckpoint } from "@/lib/tail/tail-checkpoint";
import { kinesisClient, kinesisStreamingClient } from "@/lib/server/aws/clients";
import type { Scope } from "@/lib/server/targets/scope";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { describeStream } from "@/lib/server/kinesis/streams";
import { listShards } from "@/lib/server/kinesis/shards";
import { assertSameOrigin, assertWritable } from "@/lib/server/write-guard";
import { EfoConsumers, type ConsumerLease } from "./efo-consumers";
import { SessionSlots } from "./session-slots";
import { TailHub } from "./tail-hub";
import { TailSession } from "./tail-session";
import { prepareRecords } from "@/lib/server/schemas/prepare-records";

/** The hub of readers and the enhanced fan-out consumers of one scope: two targets never share a reader. */
interface ScopeTail {
  hub: TailHub;
  consumers: EfoConsumers;
  /** Stops every reader (the scope is being dropped). */
  stopAll(): void;
}

function scopeTail(scope: Scope): ScopeTail {
  return scope.state("tail", () => {
    const c = getConfig();
    const endpoint = scope.endpointOverride("kinesis");
    const hub = new TailHub(
      kinesisClient(scope),
      {
        callsPerSecond: c.tail.callsPerSecond,
        maxCallsPerSecond: c.tail.maxCallsPerSecond,
        idleStopMs: c.tail.idleStopMs,
        // A batch must fit a viewer's queue twice over: at Kinesis's own limit (10,000) a reader
        // catching up hands even an idle viewer more than its queue holds, and the rest is dropped.
        batchLimit: Math.max(1, Math.min(10_000, Math.floor(c.tail.queueRecords / 2))),
        endpoint,
        prepare: (stream, records) => prepareRecords(scope, stream, records),
      },
      kinesisStreamingClient(scope),
    );
    return {
      hub,
      consumers: new EfoConsumers(kinesisClient(scope), { defaultName: c.efo.consumerName, releaseAfterMs: c.efo.releaseAfterMs, endpoint }),
      stopAll: () => hub.stopAll(),
    };
  });
}

/** Session slots are the server's own resource: one count across every scope. */
const slotsKey = Symbol.for("shardscope.tailSlots");
export function tailSessionSlots(): SessionSlots {
  const g = globalThis as typeof globalThis & { [slotsKey]?: SessionSlots };
  if (!g[slotsKey]) {
    const c = getConfig();
    g[slotsKey] = new SessionSlots({ maxSessions: c.tail.maxSessions, maxSessionsPerClient: c.tail.maxSessionsPerClient });
  }
  return g[slotsKey];
}

export const tailHub = (scope: Scope) => scopeTail(scope).hub;
export const efoConsumers = (scope: Scope) => scopeTail(scope).consumers;

export interface OpenTailRequest {
  scope: Scope;
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
  const { query: q, stream, scope } = req;
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
    const summary = await describeStream(scope, stream); // a clear 404 before any reader starts
    if (signal.aborted) throw new ClientGoneError();
    if (efo) lease = await efoConsumers(scope).lease(summary.arn, stream, efo.consumerName);
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
      hub: tailHub(scope),
      listShards: (name) => listShards(scope, name),
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
