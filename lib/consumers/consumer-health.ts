// Health of a KCL application, per shard and as a whole, with the reasons in words: lag past the
// warning / critical age, stalled, records about to expire or already lost, unowned leases,
// expired owners, children blocked after a reshard, unbalanced workers. Pure: the server module
// measures lag and remembers since when each checkpoint and lease counter stood still.
import { formatAge } from "@/lib/format/format";
import { isSequenceNumber, type KclLease, type KclWorkerStats } from "./kcl-leases";
import type { ConsumerHealth, ConsumerRow, ConsumerShard, ConsumerWorker } from "./types";

export interface HealthSettings {
  lagWarnMs: number;
  lagCritMs: number;
  /** A checkpoint unchanged this long while records follow it: stalled. */
  stallMs: number;
  /** Records within this margin of the retention period: about to expire. */
  expiryMarginMs: number;
  /** A lease counter unchanged this long with an owner: the owner's lease expired (the KCL renews every failover time / 3, 10 s by default). */
  leaseExpiryMs: number;
}

/** KCL 3.x's default reBalanceThresholdPercentage: a worker this many points from the fleet's average is out of balance. */
export const REBALANCE_THRESHOLD_PERCENT = 10;

/** What Shardscope's own GetShardIterator (AFTER_SEQUENCE_NUMBER) + GetRecords (Limit 1) found. */
export type LagMeasurement =
  | { kind: "measured"; millisBehindLatest: number; next?: { sequenceNumber: string; arrivalMs: number } }
  | { kind: "lost"; message: string }
  | { kind: "failed"; message: string }
  | { kind: "not-measured" };

/** Since when a lease's checkpoint and counter stood still, as the server has watched them. */
export interface LeaseMemory {
  checkpoint: string | null;
  checkpointSinceMs: number;
  leaseCounter: number;
  counterSinceMs: number;
}

export function rememberLease(prev: LeaseMemory | undefined, lease: KclLease, now: number): LeaseMemory {
  return {
    checkpoint: lease.checkpoint,
    checkpointSinceMs: prev && prev.checkpoint === lease.checkpoint ? prev.checkpointSinceMs : now,
    leaseCounter: lease.leaseCounter,
    counterSinceMs: prev && prev.leaseCounter === lease.leaseCounter ? prev.counterSinceMs : now,
  };
}

/** The stream's view of a lease's shard: whether it is still there, and its first sequence number. */
export interface ShardFacts {
  shardId: string;
  open: boolean;
  sequenceStart?: string;
}

export interface LeaseHealthInput {
  lease: KclLease;
  /** Undefined: the stream no longer lists the shard (trimmed after retention). */
  shard?: ShardFacts;
  measurement: LagMeasurement;
  memory: LeaseMemory;
}

const RANK: Record<ConsumerHealth, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };
export const worse = (a: ConsumerHealth, b: ConsumerHealth): ConsumerHealth => (RANK[b] > RANK[a] ? b : a);
export const healthRank = (h: ConsumerHealth): number => RANK[h];

interface Finding {
  health: ConsumerHealth;
  reason: string;
}

const STARTING = new Set(["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"]);
const notStarted = (l: KclLease) => l.checkpoint === null || STARTING.has(l.checkpoint);

function lagOf(m: LagMeasurement, now: number): { lagMillis?: number; nextRecordAt?: string } {
  if (m.kind !== "measured") return {};
  if (!m.next) return { lagMillis: m.millisBehindLatest };
  // kinesis-local answers MillisBehindLatest 0 whatever it holds: the next record's age stands on its own.
  return { lagMillis: Math.max(0, now - m.next.arrivalMs, m.millisBehindLatest), nextRecordAt: new Date(m.next.arrivalMs).toISOString() };
}

function shardFindings(input: LeaseHealthInput, settings: HealthSettings, retentionMs: number, now: number) {
  const { lease, shard, measurement, memory } = input;
  const findings: Finding[] = [];
  const { lagMillis, nextRecordAt } = lagOf(measurement, now);
  const finished = lease.checkpoint === "SHARD_END";
  let state: string;
  if (finished) state = "finished (SHARD_END)";
  else if (!lease.owner) state = "unowned";
  else if (notStarted(lease)) state = `not started (${lease.checkpoint ?? "no checkpoint"})`;
  else if (measurement.kind === "lost") state = "records lost";
  else if (measurement.kind === "measured" && !measurement.next && (lagMillis ?? 0) === 0) state = "caught up";
  else state = "processing";

  if (!finished) {
    if (
      isSequenceNumber(lease.checkpoint) &&
      shard?.sequenceStart &&
      isSequenceNumber(shard.sequenceStart) &&
      BigInt(lease.checkpoint) < BigInt(shard.sequenceStart)
    ) {
      findings.push({
        health: "critical",
        reason: "records already lost: the checkpoint is before the shard's first sequence number (a stream deleted and recreated?)",
      });
    } else if (measurement.kind === "lost") {
      findings.push({ health: "critical", reason: `records already lost: the checkpoint is older than the trim horizon (${measurement.message})` });
    } else if (!shard && isSequenceNumber(lease.checkpoint)) {
      findings.push({ health: "critical", reason: "records already lost: the shard has aged out of the stream before the application finished it" });
    }
    if (measurement.kind === "failed") findings.push({ health: "unknown", reason: `lag not measured: ${measurement.message}` });
    if (lagMillis !== undefined) {
      if (lagMillis >= settings.lagCritMs)
        findings.push({ health: "critical", reason: `behind by ${formatAge(lagMillis)} (critical from ${formatAge(settings.lagCritMs)})` });
      else if (lagMillis >= settings.lagWarnMs)
        findings.push({ health: "warning", reason: `behind by ${formatAge(lagMillis)} (warning from ${formatAge(settings.lagWarnMs)})` });
    }
    if (measurement.kind === "measured" && measurement.next) {
      const age = now - measurement.next.arrivalMs;
      if (age >= retentionMs - settings.expiryMarginMs) {
        findings.push({
          health: "critical",
          reason: `records about to expire: the next unprocessed record is ${formatAge(age)} old and the stream keeps records ${formatAge(retentionMs)}`,
        });
      }
      const still = now - memory.checkpointSinceMs;
      if (still >= settings.stallMs) {
        findings.push({ health: "critical", reason: `stalled: checkpoint unchanged for ${formatAge(still)} although records follow it` });
      }
    }
    if (!lease.owner) {
      findings.push({ health: "warning", reason: "unowned lease: no worker processes this shard" });
    } else {
      const still = now - memory.counterSinceMs;
      if (still >= settings.leaseExpiryMs) {
        findings.push({
          health: "warning",
          reason: `expired owner: ${lease.owner} has not renewed its lease for ${formatAge(still)} (lease counter unchanged)`,
        });
      }
    }
  }
  return { findings, lagMillis, nextRecordAt, state };
}

export interface AppHealthInput {
  leases: LeaseHealthInput[];
  workerStats: KclWorkerStats[];
  leader?: string;
  retentionMs: number;
}

export interface AppHealth {
  health: ConsumerHealth;
  reasons: string[];
  lag: ConsumerRow["lag"];
  shards: ConsumerShard[];
  workers: ConsumerWorker[];
}

/** The most reasons a row lists; the shards list them all. */
const MAX_ROW_REASONS = 12;

export function applicationHealth(input: AppHealthInput, settings: HealthSettings, now: number): AppHealth {
  const computed = input.leases.map((l) => ({ input: l, ...shardFindings(l, settings, input.retentionMs, now) }));
  const byShard = new Map(computed.map((c) => [c.input.lease.shardId, c]));

  // A child waits while a parent lease in the table has not reached SHARD_END. That is normal for a
  // while (the parent is being finished); it is blocked when the parent itself is not progressing.
  for (const c of computed) {
    const lease = c.input.lease;
    if (!notStarted(lease) || lease.parentShardIds.length === 0) continue;
    const waitingOn = lease.parentShardIds.map((id) => byShard.get(id)).filter((p) => p !== undefined && p.input.lease.checkpoint !== "SHARD_END");
    if (waitingOn.length === 0) continue;
    c.state = "waiting for parent";
    for (const p of waitingOn) {
      if (!p) continue;
      const parentBad = p.findings.some((f) => f.health === "critical" || f.health === "warning");
      const waited = now - c.input.memory.checkpointSinceMs;
      if (parentBad || waited >= settings.stallMs) {
        c.findings.push({
          health: "critical",
          reason: `blocked after reshard: waiting for parent ${p.input.lease.shardId}, which has not reached SHARD_END${parentBad ? ` (${p.findings[0]?.reason.split(":")[0]})` : ` for ${formatAge(waited)}`}`,
        });
      }
    }
    // An unowned child waiting on its parent is how the KCL works, not a fault of its own.
    c.findings = c.findings.filter((f) => !f.reason.startsWith("unowned lease"));
  }

  const shards: ConsumerShard[] = computed.map((c) => {
    const l = c.input.lease;
    const health = c.findings.reduce<ConsumerHealth>((h, f) => worse(h, f.health), "ok");
    return {
      shardId: l.shardId,
      checkpoint: l.checkpoint,
      ...(l.checkpointSubSequenceNumber ? { subSequenceNumber: l.checkpointSubSequenceNumber } : {}),
      ...(l.pendingCheckpoint ? { pendingCheckpoint: l.pendingCheckpoint } : {}),
      ...(l.owner ? { owner: l.owner } : {}),
      leaseCounter: l.leaseCounter,
      ...(l.ownerSwitchesSinceCheckpoint !== undefined ? { ownerSwitchesSinceCheckpoint: l.ownerSwitchesSinceCheckpoint } : {}),
      ...(l.parentShardIds.length > 0 ? { parentShardIds: l.parentShardIds } : {}),
      ...(l.childShardIds.length > 0 ? { childShardIds: l.childShardIds } : {}),
      ...(l.throughputKBps !== undefined ? { throughputKBps: l.throughputKBps } : {}),
      ...(c.lagMillis !== undefined ? { lagMillis: c.lagMillis } : {}),
      ...(c.nextRecordAt ? { nextRecordAt: c.nextRecordAt } : {}),
      state: c.state,
      health,
      reasons: c.findings.map((f) => f.reason),
    };
  });
  shards.sort((a, b) => a.shardId.localeCompare(b.shardId));

  const workers = workersOf(input);
  const balance = unbalanced(workers, input.workerStats.length > 0);
  let health = shards.reduce<ConsumerHealth>((h, s) => worse(h, s.health), "ok");
  const reasons = shards.flatMap((s) => s.reasons.map((r) => `${s.shardId}: ${r}`));
  if (balance) {
    health = worse(health, "warning");
    reasons.unshift(balance);
  }
  if (reasons.length > MAX_ROW_REASONS) reasons.splice(MAX_ROW_REASONS - 1, reasons.length, `… and ${reasons.length - MAX_ROW_REASONS + 1} more`);
  const measured = shards.filter((s) => s.lagMillis !== undefined);
  const worst = measured.reduce<ConsumerShard | undefined>((w, s) => (!w || (s.lagMillis ?? 0) > (w.lagMillis ?? 0) ? s : w), undefined);
  return {
    health,
    reasons,
    lag: worst ? { maxMillis: worst.lagMillis ?? 0, shardId: worst.shardId } : null,
    shards,
    workers,
  };
}

function workersOf(input: AppHealthInput): ConsumerWorker[] {
  const counts = new Map<string, number>();
  for (const { lease } of input.leases) {
    if (!lease.owner) continue;
    counts.set(lease.owner, (counts.get(lease.owner) ?? 0) + (lease.checkpoint === "SHARD_END" ? 0 : 1));
  }
  const stats = new Map(input.workerStats.map((w) => [w.workerId, w]));
  const ids = [...new Set([...counts.keys(), ...stats.keys()])].sort();
  return ids.map((id) => {
    const s = stats.get(id);
    return {
      id,
      leases: counts.get(id) ?? 0,
      ...(s && Object.keys(s.utilisation).length > 0 ? { utilisation: s.utilisation } : {}),
      ...(input.leader === id ? { leader: true } : {}),
      ...(s?.lastUpdateMs !== undefined ? { lastUpdate: new Date(s.lastUpdateMs).toISOString() } : {}),
    };
  });
}

/**
 * KCL 1.x/2.x balance lease counts: more than one apart is unbalanced. KCL 3.x balances
 * utilisation instead (lease counts may differ on purpose): a worker more than the rebalance
 * threshold from the fleet's average of a metric is.
 */
export function unbalanced(workers: ConsumerWorker[], utilisationAware: boolean): string | undefined {
  if (utilisationAware) {
    const metrics = [...new Set(workers.flatMap((w) => Object.keys(w.utilisation ?? {})))].sort();
    for (const m of metrics) {
      const values = workers.filter((w) => w.utilisation?.[m] !== undefined).map((w) => ({ id: w.id, v: w.utilisation?.[m] ?? 0 }));
      if (values.length < 2) continue;
      const mean = values.reduce((a, b) => a + b.v, 0) / values.length;
      const hi = values.reduce((a, b) => (b.v > a.v ? b : a));
      const lo = values.reduce((a, b) => (b.v < a.v ? b : a));
      if (Math.max(hi.v - mean, mean - lo.v) > REBALANCE_THRESHOLD_PERCENT) {
        return `unbalanced workers: ${m} ${Math.round(hi.v)}% on ${hi.id} and ${Math.round(lo.v)}% on ${lo.id} (fleet average ${Math.round(mean)}%)`;
      }
    }
    return undefined;
  }
  const holding = workers.filter((w) => w.leases > 0);
  if (holding.length < 2) return undefined;
  const hi = holding.reduce((a, b) => (b.leases > a.leases ? b : a));
  const lo = holding.reduce((a, b) => (b.leases < a.leases ? b : a));
  if (hi.leases - lo.leases <= 1) return undefined;
  return `unbalanced workers: ${hi.id} holds ${hi.leases} leases and ${lo.id} holds ${lo.leases}`;
}
