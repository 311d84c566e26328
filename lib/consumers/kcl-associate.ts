// A single-stream lease table does not name its stream (the KCL knows it from its own
// configuration): match it to the stream whose shards its leases describe. Each lease is held
// against the candidate stream's shard of the same id: the same hash key range (when the lease
// has one), and a sequence-number checkpoint inside that shard's sequence range. A contradiction
// rules the stream out; among the rest the most leases matched wins, then an exact shard set,
// then the shards that began nearest before the checkpoints (a shard made after a record cannot
// hold it; of older streams' shards, whose ranges stay open, the newest start is the closest fit).
// Several equally good streams: ambiguous, said as such. A pin from settings (`table=stream`) wins.
import { isSequenceNumber, type KclLease } from "./kcl-leases";

export interface CandidateShard {
  shardId: string;
  hashKeyRange: { start: string; end: string };
  sequenceNumberRange: { start: string; end?: string };
}

export interface CandidateStream {
  name: string;
  shards: CandidateShard[];
}

export type Association =
  | { kind: "pinned"; stream: string }
  | { kind: "matched"; stream: string; matchedLeases: number }
  | { kind: "ambiguous"; streams: string[]; matchedLeases: number }
  | { kind: "none" };

interface Score {
  stream: string;
  matched: number;
  exact: boolean;
  /** Sum over sequence-number checkpoints of (checkpoint − the shard's first sequence number); undefined without any. */
  distance?: bigint;
}

const big = (s: string): bigint => BigInt(s);

/** Whether the lease can belong to this shard; undefined when the shard is not there (trimmed, or not this stream). */
export function leaseFitsShard(lease: KclLease, shard: CandidateShard | undefined): boolean | undefined {
  if (!shard) return undefined;
  if (lease.hashKeyRange && (lease.hashKeyRange.start !== shard.hashKeyRange.start || lease.hashKeyRange.end !== shard.hashKeyRange.end)) {
    return false;
  }
  if (isSequenceNumber(lease.checkpoint) && isSequenceNumber(shard.sequenceNumberRange.start)) {
    const cp = big(lease.checkpoint);
    if (cp < big(shard.sequenceNumberRange.start)) return false;
    const end = shard.sequenceNumberRange.end;
    if (end !== undefined && isSequenceNumber(end) && cp > big(end)) return false;
  }
  return true;
}

function score(leases: KclLease[], stream: CandidateStream): Score | undefined {
  const byId = new Map(stream.shards.map((s) => [s.shardId, s]));
  let matched = 0;
  let distance: bigint | undefined;
  for (const lease of leases) {
    const shard = byId.get(lease.shardId);
    const fits = leaseFitsShard(lease, shard);
    if (fits === false) return undefined;
    if (!fits || !shard) continue;
    matched++;
    if (isSequenceNumber(lease.checkpoint) && isSequenceNumber(shard.sequenceNumberRange.start)) {
      distance = (distance ?? 0n) + big(lease.checkpoint) - big(shard.sequenceNumberRange.start);
    }
  }
  if (matched === 0) return undefined;
  const leaseIds = new Set(leases.map((l) => l.shardId));
  const exact = leaseIds.size === byId.size && [...byId.keys()].every((id) => leaseIds.has(id));
  return { stream: stream.name, matched, exact, ...(distance !== undefined ? { distance } : {}) };
}

export function associateLeaseTable(leases: KclLease[], candidates: CandidateStream[], pin?: string): Association {
  if (pin) return { kind: "pinned", stream: pin };
  const scores = candidates.map((c) => score(leases, c)).filter((s): s is Score => s !== undefined);
  if (scores.length === 0) return { kind: "none" };
  const best = Math.max(...scores.map((s) => s.matched));
  let top = scores.filter((s) => s.matched === best);
  if (top.length > 1 && top.some((s) => s.exact)) top = top.filter((s) => s.exact);
  if (top.length > 1 && top.every((s) => s.distance !== undefined)) {
    const nearest = top.reduce((a, b) => ((b.distance ?? 0n) < (a.distance ?? 0n) ? b : a));
    const tied = top.filter((s) => s.distance === nearest.distance);
    top = tied;
  }
  const first = top[0];
  if (top.length === 1 && first) return { kind: "matched", stream: first.stream, matchedLeases: best };
  return { kind: "ambiguous", streams: top.map((s) => s.stream).sort(), matchedLeases: best };
}
