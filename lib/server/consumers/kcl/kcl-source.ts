import "server-only";
// KCL applications as consumers of a stream: their lease tables (lease-tables.ts), matched to the
// stream (multi-stream leases name it; a single-stream table is matched by its shards, or pinned
// in settings), their lag measured by Shardscope (kcl-lag.ts) and their health in words
// (lib/consumers/consumer-health.ts). One row per application and stream.
import { applicationHealth, type HealthSettings, type LagMeasurement, type LeaseHealthInput } from "@/lib/consumers/consumer-health";
import { associateLeaseTable, leaseFitsShard, type Association, type CandidateStream } from "@/lib/consumers/kcl-associate";
import { accountOfArn, isSequenceNumber, leasesOfStream, streamsOfTable, type KclLease } from "@/lib/consumers/kcl-leases";
import type { ConsumerRow } from "@/lib/consumers/types";
import type { ShardView, StreamSummary } from "@/lib/streams/types";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig, type ServerConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { describeStream, listStreams } from "@/lib/server/kinesis/streams";
import { listAllShards } from "@/lib/server/kinesis/shards";
import type { Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";
import type { ConsumerSourceReader, UsageTally } from "@/lib/server/consumers/source";
import { lagKey, measureLag } from "./kcl-lag";
import { leaseTables, type LeaseTableRead } from "./lease-tables";

export type KclSettings = ServerConfig["consumers"] & {
  /** A lease counter unchanged this long with an owner: expired (default: 1 min, or two refreshes). */
  leaseExpiryMs?: number;
};

/** How many refreshes an association of a single-stream table to its stream is kept (it costs a ListShards per stream). */
const ASSOCIATION_REFRESHES = 10;
const LIST_SHARDS_CONCURRENCY = 4;

interface SourceState {
  shards: TtlCache<ShardView[]>;
  associations: TtlCache<Association>;
}

function sourceState(scope: Scope, refreshMs: number): SourceState {
  return scope.state("consumers.kcl.source", () => ({
    shards: new TtlCache<ShardView[]>(refreshMs, 2_000),
    associations: new TtlCache<Association>(refreshMs * ASSOCIATION_REFRESHES, 2_000),
  }));
}

async function shardsOf(scope: Scope, state: SourceState, stream: string, usage: UsageTally): Promise<ShardView[]> {
  return state.shards.get(stream, async () => {
    usage.otherCalls++;
    return listAllShards(kinesisClient(scope), stream);
  });
}

/** Every stream of the scope with its shards: the candidates a single-stream table is matched against. */
async function candidates(scope: Scope, state: SourceState, usage: UsageTally): Promise<CandidateStream[]> {
  const names = (await listStreams(scope)).map((s) => s.name);
  const out: CandidateStream[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(LIST_SHARDS_CONCURRENCY, names.length) }, async () => {
      while (next < names.length) {
        const name = names[next++] as string;
        try {
          out.push({ name, shards: await shardsOf(scope, state, name, usage) });
        } catch {
          // Deleted meanwhile: not a candidate.
        }
      }
    }),
  );
  return out;
}

async function associationOf(scope: Scope, state: SourceState, read: LeaseTableRead, leases: KclLease[], usage: UsageTally): Promise<Association> {
  if (read.pin) return { kind: "pinned", stream: read.pin };
  // Keyed by the table's shard set: a reshard (new leases) matches again at once.
  const signature = leases
    .map((l) => l.shardId)
    .sort()
    .join(",");
  return state.associations.get(`${read.table}\u0000${signature}`, async () => associateLeaseTable(leases, await candidates(scope, state, usage)));
}

function settingsFrom(s: KclSettings): HealthSettings {
  return {
    lagWarnMs: s.lagWarnMs,
    lagCritMs: s.lagCritMs,
    stallMs: s.stallMs,
    expiryMarginMs: s.expiryMarginMs,
    leaseExpiryMs: s.leaseExpiryMs ?? Math.max(60_000, 2 * s.refreshMs),
  };
}

interface Match {
  read: LeaseTableRead;
  leases: KclLease[];
  association?: Association;
}

/** The tables (and their leases) that belong to `stream`. */
async function matchesFor(scope: Scope, state: SourceState, stream: StreamSummary, reads: LeaseTableRead[], usage: UsageTally): Promise<Match[]> {
  const matches: Match[] = [];
  const account = accountOfArn(stream.arn);
  for (const read of reads) {
    if (!read.parsed) {
      if (read.pin === stream.name) matches.push({ read, leases: [] });
      continue;
    }
    if (read.parsed.shape === "multi-stream") {
      const leases = leasesOfStream(read.parsed, stream.name, account);
      if (leases.length > 0) matches.push({ read, leases });
      continue;
    }
    const leases = read.parsed.leases;
    if (leases.length === 0) {
      if (read.pin === stream.name) matches.push({ read, leases });
      continue;
    }
    if (read.pin !== undefined) {
      if (read.pin === stream.name) matches.push({ read, leases, association: { kind: "pinned", stream: read.pin } });
      continue;
    }
    // Cheap first: a table that does not fit this stream's own shards is not this stream's.
    const own = new Map((await shardsOf(scope, state, stream.name, usage)).map((s) => [s.shardId, s]));
    const fits = leases.map((l) => leaseFitsShard(l, own.get(l.shardId)));
    if (fits.includes(false) || !fits.includes(true)) continue;
    const association = await associationOf(scope, state, read, leases, usage);
    if (
      (association.kind === "matched" && association.stream === stream.name) ||
      (association.kind === "ambiguous" && association.streams.includes(stream.name))
    ) {
      matches.push({ read, leases, association });
    }
  }
  return matches;
}

async function rowFor(scope: Scope, state: SourceState, stream: StreamSummary, match: Match, settings: KclSettings, usage: UsageTally): Promise<ConsumerRow> {
  const { read, leases, association } = match;
  const multi = read.parsed?.shape === "multi-stream";
  const id = multi ? `kcl:${read.table}/${stream.name}` : `kcl:${read.table}`;
  const fetchedAt = new Date(read.readAt).toISOString();
  const details: ConsumerRow["details"] = {
    leaseTable: read.table,
    kclVersion: read.parsed?.version ?? null,
    tableShape: read.parsed?.shape ?? null,
    association: association
      ? association.kind === "ambiguous"
        ? `ambiguous: ${association.streams.join(", ")}`
        : association.kind
      : multi
        ? "named by the leases"
        : null,
    leases: leases.length,
    leader: read.parsed?.leader ?? null,
  };
  if (read.truncated) details.truncated = true;
  if (!read.parsed) {
    return {
      id,
      kind: "kcl",
      name: read.table,
      state: "unreadable",
      health: "unknown",
      reasons: [read.error ?? "the lease table could not be read"],
      lag: null,
      details,
      fetchedAt,
    };
  }
  const shards = new Map((await shardsOf(scope, state, stream.name, usage)).map((s) => [s.shardId, s]));
  const ambiguous = association?.kind === "ambiguous";
  const toMeasure = ambiguous
    ? []
    : leases.filter((l) => isSequenceNumber(l.checkpoint) && shards.has(l.shardId)).map((l) => ({ shardId: l.shardId, checkpoint: l.checkpoint as string }));
  const measured = await measureLag(scope, stream.name, toMeasure, { refreshMs: settings.refreshMs }, usage);
  const inputs: LeaseHealthInput[] = leases.map((lease) => {
    const shard = shards.get(lease.shardId);
    const measurement: LagMeasurement = (isSequenceNumber(lease.checkpoint) && measured.get(lagKey(lease.shardId, lease.checkpoint))) || {
      kind: "not-measured",
    };
    return {
      lease,
      ...(shard ? { shard: { shardId: shard.shardId, open: shard.open, sequenceStart: shard.sequenceNumberRange.start } } : {}),
      measurement,
      memory: read.memory.get(lease.leaseKey) ?? {
        checkpoint: lease.checkpoint,
        checkpointSinceMs: read.readAt,
        leaseCounter: lease.leaseCounter,
        counterSinceMs: read.readAt,
      },
    };
  });
  const h = applicationHealth(
    {
      leases: inputs,
      workerStats: read.parsed.workers,
      ...(read.parsed.leader ? { leader: read.parsed.leader } : {}),
      retentionMs: stream.retentionHours * 3_600_000,
    },
    settingsFrom(settings),
    Date.now(),
  );
  const reasons = [...h.reasons];
  let health = h.health;
  if (ambiguous) {
    reasons.unshift(
      `ambiguous: this single-stream lease table fits streams ${association.streams.join(", ")}; pin it with SHARDSCOPE_KCL_LEASE_TABLES=${read.table}=<stream> to measure its lag`,
    );
    if (health === "ok") health = "unknown";
  }
  if (read.truncated) reasons.push("lease table scan stopped at its bound: some leases are not shown");
  const owned = leases.some((l) => l.owner && l.checkpoint !== "SHARD_END");
  return {
    id,
    kind: "kcl",
    name: read.table,
    state: owned ? "running" : "no lease owned",
    health,
    reasons,
    lag: h.lag,
    shards: h.shards,
    workers: h.workers,
    details,
    fetchedAt,
  };
}

/** The KCL applications reading `stream`, with the settings given (tests) or configured. */
export async function kclConsumersOf(
  scope: Scope,
  stream: StreamSummary,
  usage: UsageTally,
  settings: KclSettings = getConfig().consumers,
): Promise<ConsumerRow[]> {
  const state = sourceState(scope, settings.refreshMs);
  const { tables } = await leaseTables(scope, settings, usage);
  const matches = await matchesFor(scope, state, stream, tables, usage);
  return Promise.all(matches.map((m) => rowFor(scope, state, stream, m, settings, usage)));
}

/** Every KCL application of the scope, each with the stream it reads. */
export async function kclConsumersAll(
  scope: Scope,
  usage: UsageTally,
  settings: KclSettings = getConfig().consumers,
): Promise<(ConsumerRow & { stream: string })[]> {
  const state = sourceState(scope, settings.refreshMs);
  const { tables } = await leaseTables(scope, settings, usage);
  const existing = new Set((await listStreams(scope)).map((s) => s.name));
  // The streams the tables read: named by multi-stream leases, pinned, or matched by shards.
  const streams = new Set<string>();
  for (const t of tables) {
    if (t.pin) streams.add(t.pin);
    else if (t.parsed?.shape === "multi-stream") for (const s of streamsOfTable(t.parsed)) streams.add(s);
    else if (t.parsed && t.parsed.leases.length > 0) {
      const a = await associationOf(scope, state, t, t.parsed.leases, usage);
      if (a.kind === "matched") streams.add(a.stream);
      if (a.kind === "ambiguous") for (const s of a.streams) streams.add(s);
    }
  }
  const rows: (ConsumerRow & { stream: string })[] = [];
  for (const name of [...streams].filter((s) => existing.has(s)).sort()) {
    try {
      const summary = await describeStream(scope, name);
      const matches = await matchesFor(scope, state, summary, tables, usage);
      for (const m of matches) rows.push({ ...(await rowFor(scope, state, summary, m, settings, usage)), stream: name });
    } catch (e) {
      // A stream deleted since the list was read (a lease table outlives its stream): its
      // applications have nothing left to read, and every other stream's still show.
      if (isGone(e)) continue;
      throw e;
    }
  }
  return rows;
}

/** The stream is not there (any more): Kinesis's ResourceNotFoundException, mapped or not. */
function isGone(e: unknown): boolean {
  if (e instanceof AppError) return e.code === "not_found";
  return (e as { name?: unknown } | null)?.name === "ResourceNotFoundException";
}

export const kclSource: ConsumerSourceReader = {
  kind: "kcl",
  forStream: (scope, stream, usage) => kclConsumersOf(scope, stream, usage),
  all: (scope, usage) => kclConsumersAll(scope, usage),
};
