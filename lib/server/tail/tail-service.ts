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
import { maskingFor, type MaskingPrincipal } from "@/lib/server/masking/masking-for";
import { assertSameOrigin, assertWritable } from "@/lib/server/write-guard";
import { countSessionOpen, setReaderSource, type SessionKind } from "@/lib/server/ops/metrics";
import { openScopes } from "@/lib/server/targets/registry";
import { auditedWrite, recordSystemAudit } from "@/lib/server/auth/audited";
import { requireRole } from "@/lib/server/auth/identity";
import { EfoConsumers, type ConsumerLease } from "./efo-consumers";
import { SessionSlots, type SessionSlot } from "./session-slots";
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
        // Kinesis's own limit: viewers take a batch from the reader's buffer in parts as their
        // queues have room, so a batch larger than a queue is no longer cut.
        batchLimit: 10_000,
        bufferBytes: c.tail.readerBufferBytes,
        endpoint,
        scope: { target: scope.target, region: scope.region },
        prepare: (stream, records) => prepareRecords(scope, stream, records),
      },
      kinesisStreamingClient(scope),
    );
    return {
      hub,
      consumers: new EfoConsumers(kinesisClient(scope), {
        defaultName: c.efo.consumerName,
        releaseAfterMs: c.efo.releaseAfterMs,
        endpoint,
        onDeregister: (event) => void recordSystemAudit(scope, { action: "deregister_consumer", ...event }),
      }),
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

/**
 * Takes a session slot for a live tail or a search, counted in the metrics while it is held
 * (`shardscope_sessions_open`); `release()` gives both back, once.
 */
export function takeSessionSlot(client: string, kind: SessionKind): SessionSlot {
  const slot = tailSessionSlots().acquire(client);
  const uncount = countSessionOpen(kind);
  return {
    release: () => {
      uncount();
      slot.release();
    },
  };
}

// The readers gauge reads every scope's hub at scrape time: nothing to keep in step by hand.
setReaderSource(function* () {
  for (const scope of openScopes()) {
    const tail = scope.peekState<ScopeTail>("tail");
    if (!tail) continue;
    for (const [mode, count] of Object.entries(tail.hub.readersByMode())) yield { target: scope.target, region: scope.region, mode, count };
  }
});

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
  /** The viewer, for masking (lib/server/masking): without one, the stream's rules apply. */
  principal?: MaskingPrincipal;
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
  // Shardscope registers (and later deregisters) its own consumer: a billable write, audited.
  const registers = efo !== undefined && !efo.consumerName;
  const guardRegistration = async () => {
    assertWritable();
    await requireRole(req.request, "writer", "registering an enhanced fan-out consumer");
    assertSameOrigin(req.request);
  };
  // Refused before anything is taken; audited with the registration's outcome below.
  if (registers)
    await guardRegistration().catch((e) =>
      auditedWrite(
        req.request,
        "register_consumer",
        async () => ({ scope, stream }),
        () => Promise.reject(e),
      ),
    );
  if (signal.aborted) throw new ClientGoneError();

  const slot = takeSessionSlot(req.client, "tail");
  let lease: ConsumerLease | undefined;
  let session: TailSession | undefined;
  const gone = () => session?.close();
  try {
    const summary = await describeStream(scope, stream); // a clear 404 before any reader starts
    const masking = await maskingFor(scope, stream, req.principal);
    if (signal.aborted) throw new ClientGoneError();
    if (efo && registers) {
      lease = await auditedWrite(
        req.request,
        "register_consumer",
        async () => ({ scope, stream }),
        async (note) => {
          note({ consumer: getConfig().efo.consumerName });
          await guardRegistration(); // again: the role or the session may have ended meanwhile
          return efoConsumers(scope).lease(summary.arn, stream, undefined);
        },
      );
    } else if (efo) lease = await efoConsumers(scope).lease(summary.arn, stream, efo.consumerName);
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
      masking,
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
