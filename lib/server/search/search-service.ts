import "server-only";
// The one entry point of the search routes (SSE and NDJSON): compiles the filter, takes a session
// slot (searches count with the tail's sessions, in all and per client), lists the shards, plans
// which to read (an exact key reads only where it can be) and starts the session. If the client
// leaves at any point, everything taken is given back.
import type { SearchQuery } from "@/lib/search/search-query";
import { planSearch } from "@/lib/search/search-plan";
import { compileTailFilter } from "@/lib/tail/tail-filter";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { describeStream } from "@/lib/server/kinesis/streams";
import { listShards } from "@/lib/server/kinesis/shards";
import { maskingFor, type MaskingPrincipal } from "@/lib/server/masking/masking-for";
import type { Scope } from "@/lib/server/targets/scope";
import { ClientGoneError, tailHub, takeSessionSlot } from "@/lib/server/tail/tail-service";
import { ByteBudget } from "@/lib/server/util/byte-budget";
import { prepareRecords } from "@/lib/server/schemas/prepare-records";
import { SearchSession, type SearchLimits } from "./search-session";

const bufferKey = Symbol.for("shardscope.searchReadBuffer");

/** The server-wide buffer of GetRecords answers all searches share (SHARDSCOPE_SEARCH_BUFFER_MB). */
export function searchReadBuffer(): ByteBudget {
  const g = globalThis as typeof globalThis & { [bufferKey]?: ByteBudget };
  g[bufferKey] ??= new ByteBudget(getConfig().search.bufferBytes);
  return g[bufferKey];
}

export interface OpenSearchRequest {
  scope: Scope;
  stream: string;
  query: SearchQuery;
  /** Its signal (the client went away) closes whatever is open so far. */
  signal: AbortSignal;
  /** Who is asking, for the per-client session cap. */
  client: string;
  /** The viewer, for masking (lib/server/masking): without one, the stream's rules apply. */
  principal?: MaskingPrincipal;
  format: "sse" | "ndjson";
  /** Overrides of the configured limits (tests, benchmarks). */
  limits?: Partial<SearchLimits>;
}

/** The configured limits of a search. */
export function searchLimits(): SearchLimits {
  const c = getConfig();
  return {
    callsPerSecond: c.search.callsPerSecond,
    concurrency: c.search.concurrency,
    batchLimit: c.search.batchLimit,
    maxMs: c.search.maxMs,
    maxBytes: c.search.maxBytes,
    queueRecords: c.tail.queueRecords,
    queueBytes: c.tail.queueBytes,
  };
}

export async function openSearch(req: OpenSearchRequest): Promise<SearchSession> {
  const { scope, stream, query: q, signal } = req;
  const filter = compileTailFilter({ key: q.key, keyMode: q.keyMode, text: q.q, regex: q.regex, expr: q.expr });
  if (!filter.ok) throw new AppError("invalid_input", filter.error);
  if (signal.aborted) throw new ClientGoneError();
  const slot = takeSessionSlot(req.client, "search");
  let session: SearchSession | undefined;
  const gone = () => session?.close();
  try {
    await describeStream(scope, stream); // a clear 404 before anything is read
    const masking = await maskingFor(scope, stream, req.principal);
    if (signal.aborted) throw new ClientGoneError();
    const shards = await listShards(scope, stream);
    if (signal.aborted) throw new ClientGoneError();
    const known = new Set(shards.map((s) => s.shardId));
    const missing = q.shards.filter((id) => !known.has(id));
    if (missing.length > 0) throw new AppError("not_found", `Stream ${stream} has no shard ${missing.join(", ")}.`);
    const plan = planSearch({ shards, chosen: q.shards, key: q.key, keyMode: q.keyMode });
    const hub = tailHub(scope);
    session = new SearchSession({
      stream,
      from: q.from,
      at: q.at,
      endMs: q.until ? Date.parse(q.until) : Date.now(),
      plan,
      totalShards: shards.length,
      filter,
      decoder: q.decoder,
      masking,
      max: q.max,
      limits: { ...searchLimits(), ...req.limits },
      client: kinesisClient(scope),
      readBuffer: searchReadBuffer(),
      scope: { target: scope.target, region: scope.region },
      lendBudget: (shardId) => hub.lendBudget(stream, shardId),
      format: req.format,
      endpoint: scope.endpointOverride("kinesis"),
      // Headers only, as the tail does: a key filter still decodes nothing.
      prepare: (records) => prepareRecords(scope, stream, records),
      onClose: () => slot.release(),
    });
    signal.addEventListener("abort", gone, { once: true });
    session.start();
    if (signal.aborted) throw new ClientGoneError();
    return session;
  } catch (e) {
    signal.removeEventListener("abort", gone);
    if (session) session.close();
    else slot.release();
    throw e;
  }
}
