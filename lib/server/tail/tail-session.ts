import "server-only";
// One viewer's tail: which shards to read (following resharding: a parent to its end, then its
// children), the filter, and a bounded queue of server-sent events. The queue is the only place a
// slow viewer can make memory grow, so it is capped by records and bytes; past the cap the oldest
// batches are dropped and the viewer is told how many, in a `dropped` event. Loss is never silent.
import type { ShardView } from "@/lib/streams/types";
import type { ShardTailStats, TailCounters, TailShardsEvent, TailStartPosition, TailStatsEvent } from "@/lib/tail/types";
import type { DecoderName, RecordView } from "@/lib/records/types";
import type { CompiledTailFilter } from "@/lib/tail/tail-filter";
import { encodeCheckpoint, type TailCheckpoint } from "@/lib/tail/tail-checkpoint";
import { AppError } from "@/lib/server/errors";
import { NO_MASKING, type RecordMasking } from "@/lib/records/masking";
import { viewAs } from "@/lib/server/kinesis/read-record";
import { formatSseComment, formatSseEvent } from "./sse";
import { formatRecordsEvent } from "./records-event";
import type { ReaderEvent, ReaderListener, ReaderStart } from "./reader-base";
import type { TailHub, TailReader } from "./tail-hub";

export interface TailSessionOptions {
  stream: string;
  from: TailStartPosition;
  at?: string;
  /** Only these shards (and their descendants); all shards when empty. */
  shardIds: string[];
  /** From Last-Event-ID: resume each shard right after its last delivered record. */
  resume?: TailCheckpoint;
  filter: CompiledTailFilter & { ok: true };
  decoder: DecoderName;
  /** The stream's masking for this viewer, applied before the filter (filters see what the viewer sees). */
  masking?: RecordMasking;
  queueRecords: number;
  queueBytes: number;
  hub: TailHub;
  /** Read through this enhanced fan-out consumer instead of polling. */
  efo?: { consumerArn: string };
  listShards: (stream: string) => Promise<ShardView[]>;
  statsIntervalMs?: number;
  /** Live metrics: send only `stats` (every second, with per-second series), no records. */
  statsOnly?: boolean;
  /** Called once when the session closes (e.g. to release an enhanced fan-out consumer). */
  onClose?: () => void;
  heartbeatMs?: number;
  relistMs?: number;
}

/**
 * Records per `records` event at most: a reader's batch can hold 10,000, and the browser parses and
 * merges each event in one task, so a large batch goes out as several events (each with its own
 * checkpoint) rather than one of several megabytes.
 */
export const MAX_RECORDS_PER_EVENT = 500;

type QueueItem = { kind: "records"; shardId: string; records: RecordView[]; lastSeq: string; bytes: number } | { kind: "event"; text: string };

function estimateBytes(r: RecordView): number {
  return r.data.length + (r.decoded.text?.length ?? r.size) + 300;
}

/**
 * What a record will take in the queue, judged before it is decoded: its base64 and a decoded
 * text up to twice its size (hex), so that what the viewer takes from its reader fits.
 */
function estimateUndecodedBytes(r: RecordView): number {
  return Math.ceil(r.size / 3) * 4 + 2 * r.size + 300;
}

export class TailSession {
  private readonly startedAt: number;
  private readonly checkpoints: Record<string, string>;
  private readonly done: Set<string>;
  private readonly subscriptions = new Map<string, () => void>();
  /** This session's listener on each shard's reader, to take more from it once the queue has room. */
  private readonly listeners = new Map<string, ReaderListener>();
  /** Which reader is asked first next time, so that no shard always fills the room first. */
  private pullFrom = 0;
  private readonly readers = new Map<string, TailReader>();
  private readonly lastState = new Map<string, { state: string; message?: string }>();
  private shards: ShardView[] = [];
  private readonly queue: QueueItem[] = [];
  private queuedRecords = 0;
  private queuedBytes = 0;
  private pendingDropped = 0;
  private totalDropped = 0;
  private scanned = 0;
  private matched = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  /** Per-shard stats waiting to be sent; the counters are added when the event is sent. */
  private statsShards: ShardTailStats[] | undefined;
  private filterFailed = false;
  /** A record the expression cannot be evaluated on: told once, not once per record. */
  private readonly onFilterError = (e: { message: string }) => {
    if (this.filterFailed) return;
    this.filterFailed = true;
    this.pushEvent(formatSseEvent("error", { code: "filter_failed", message: e.message }));
  };

  constructor(private readonly o: TailSessionOptions) {
    this.startedAt = o.resume?.startedAt ?? Date.now();
    this.checkpoints = { ...(o.resume?.shards ?? {}) };
    this.done = new Set(o.resume?.done ?? []);
  }

  /** Lists shards, checks the requested ones exist, and starts reading. */
  async start(): Promise<void> {
    this.shards = await this.o.listShards(this.o.stream);
    // Closed while listing (the client left): start nothing, leave no timer behind.
    if (this.closed) return;
    const known = new Set(this.shards.map((s) => s.shardId));
    const missing = this.o.shardIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new AppError("not_found", `Stream ${this.o.stream} has no shard ${missing.join(", ")}.`);
    this.startEligible();
    this.publishShards();
    this.timers.push(setInterval(() => this.queueStats(), this.o.statsIntervalMs ?? (this.o.statsOnly ? 1_000 : 2_000)));
    this.timers.push(setInterval(() => void this.relist(), this.o.relistMs ?? 30_000));
    for (const t of this.timers) t.unref?.();
  }

  /** Shards this viewer reads: the chosen ones and everything descended from them, or all. */
  private inScope(shard: ShardView): boolean {
    if (this.o.shardIds.length === 0) return true;
    const byId = new Map(this.shards.map((s) => [s.shardId, s]));
    const seen = new Set<string>();
    const walk = (s: ShardView | undefined): boolean => {
      if (!s || seen.has(s.shardId)) return false;
      seen.add(s.shardId);
      if (this.o.shardIds.includes(s.shardId)) return true;
      return [s.parentShardId, s.adjacentParentShardId].some((p) => p !== undefined && walk(byId.get(p)));
    };
    return walk(shard);
  }

  private startPosition(shard: ShardView, viaLineage: boolean): ReaderStart | undefined {
    const seq = this.checkpoints[shard.shardId];
    if (seq) return { type: "AFTER_SEQUENCE_NUMBER", at: seq, resumed: true };
    if (viaLineage) return { type: "TRIM_HORIZON" };
    if (this.o.from === "LATEST") {
      if (!shard.open) return undefined; // nothing new will ever arrive on a closed shard
      // A resumed "from now" tail must not lose what arrived while it was away.
      // (Never a time in the future: a clock ahead of ours must not make the shard refuse it.)
      return this.o.resume ? { type: "AT_TIMESTAMP", at: new Date(Math.min(this.startedAt, Date.now())).toISOString() } : { type: "LATEST" };
    }
    return { type: this.o.from, at: this.o.at };
  }

  /** Starts every in-scope shard whose in-scope parents are done (or that has none). */
  private startEligible(): void {
    if (this.closed) return;
    const byId = new Map(this.shards.map((s) => [s.shardId, s]));
    for (const shard of this.shards) {
      const id = shard.shardId;
      if (this.subscriptions.has(id) || this.done.has(id) || !this.inScope(shard)) continue;
      const parents = [shard.parentShardId, shard.adjacentParentShardId].filter((p): p is string => !!p && byId.has(p) && this.inScope(byId.get(p)!));
      const lineage = parents.length > 0;
      if (lineage && this.o.from === "LATEST" && !this.checkpoints[id]) {
        // "From now": a child of a shard we never read starts with the stream, not after it.
        const anyParentRead = parents.some((p) => this.done.has(p) || this.subscriptions.has(p));
        if (!anyParentRead) {
          this.subscribe(shard, this.startPosition(shard, false));
          continue;
        }
      }
      if (lineage && !parents.every((p) => this.done.has(p))) continue;
      const fromParents = lineage && parents.every((p) => this.done.has(p));
      this.subscribe(shard, this.startPosition(shard, fromParents));
    }
  }

  private subscribe(shard: ShardView, start: ReaderStart | undefined): void {
    if (!start) return;
    const reader = this.o.hub.reader(this.o.stream, shard.shardId, start, this.o.efo);
    const listener: ReaderListener = (e) => this.onReaderEvent(e);
    this.readers.set(shard.shardId, reader);
    this.listeners.set(shard.shardId, listener);
    // The viewer takes from the reader's buffer only what its queue has room for (a stats-only
    // session keeps nothing, so it takes everything); the rest waits in the reader for it.
    this.subscriptions.set(shard.shardId, reader.subscribe(listener, { start, room: this.o.statsOnly ? undefined : (rs) => this.room(rs) }));
  }

  private onReaderEvent(e: ReaderEvent): void {
    if (this.closed) return;
    if (e.type === "records") {
      this.scanned += e.records.length;
      if (this.o.statsOnly) {
        this.checkpoints[e.shardId] = e.lastSequenceNumber;
        return;
      }
      // Decoded here, with this viewer's decoder; viewers sharing the reader share each decoding.
      // Masked before filtering: a filter never matches on a value its viewer may not see.
      const masking = this.o.masking ?? NO_MASKING;
      const decoded = e.records.map((r) => masking.apply(viewAs(r, this.o.decoder)));
      const kept = this.o.filter.active ? decoded.filter((r) => this.o.filter.test(r, this.onFilterError)) : decoded;
      this.matched += kept.length;
      this.enqueueRecords(e.shardId, kept, e.lastSequenceNumber);
    } else if (e.type === "overrun") {
      // Fell further behind than the reader's buffer: these are lost to this viewer. They are
      // scanned and filtered all the same, so that `dropped` counts the matches it lost, and the
      // checkpoint moves past them in order, behind what is still queued.
      this.scanned += e.records.length;
      const lost = this.o.statsOnly
        ? 0
        : this.o.filter.active
          ? e.records.filter((r) => this.o.filter.test(viewAs(r, this.o.decoder), this.onFilterError)).length
          : e.records.length;
      this.matched += lost;
      this.noteDropped(lost);
      if (this.o.statsOnly) this.checkpoints[e.shardId] = e.lastSequenceNumber;
      else this.queue.push({ kind: "records", shardId: e.shardId, records: [], lastSeq: e.lastSequenceNumber, bytes: 0 });
      this.wake?.();
    } else if (e.type === "gap") {
      delete this.checkpoints[e.shardId];
      this.pushEvent(formatSseEvent("error", { code: "checkpoint_lost", message: e.message, shardId: e.shardId }));
    } else if (e.type === "end") {
      this.done.add(e.shardId);
      this.unsubscribe(e.shardId);
      void this.relist();
    } else {
      const prev = this.lastState.get(e.shardId);
      this.lastState.set(e.shardId, { state: e.state, message: e.message });
      if (e.state === "failed" && prev?.state !== "failed") {
        this.pushEvent(formatSseEvent("error", { code: "reader_failed", message: e.message ?? "The shard reader failed.", shardId: e.shardId }));
        this.unsubscribe(e.shardId);
      }
    }
  }

  private unsubscribe(shardId: string): void {
    this.subscriptions.get(shardId)?.();
    this.subscriptions.delete(shardId);
    this.listeners.delete(shardId);
    this.readers.delete(shardId);
  }

  /** How many of `records` the queue has room for now (an empty queue takes at least one). */
  private room(records: readonly RecordView[]): number {
    if (this.closed) return 0;
    let count = this.queuedRecords;
    let bytes = this.queuedBytes;
    let n = 0;
    for (const r of records) {
      const b = estimateUndecodedBytes(r);
      if (count + 1 > this.o.queueRecords || bytes + b > this.o.queueBytes) break;
      count++;
      bytes += b;
      n++;
    }
    return n === 0 && this.queuedRecords === 0 ? 1 : n;
  }

  /** The queue has room again: each reader hands over what it holds for this viewer, in turn. */
  private pullAll(): void {
    const ids = [...this.listeners.keys()];
    if (ids.length === 0) return;
    const first = this.pullFrom++ % ids.length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[(first + i) % ids.length]!;
      const listener = this.listeners.get(id);
      if (listener) this.readers.get(id)?.pull(listener);
    }
  }

  private async relist(): Promise<void> {
    if (this.closed) return;
    try {
      const before = this.shards.map((s) => `${s.shardId}:${s.open}`).join(",");
      this.shards = await this.o.listShards(this.o.stream);
      const after = this.shards.map((s) => `${s.shardId}:${s.open}`).join(",");
      const readingBefore = this.subscriptions.size;
      this.startEligible();
      if (before !== after || readingBefore !== this.subscriptions.size) this.publishShards();
    } catch (e) {
      this.pushEvent(formatSseEvent("error", { code: "shards_unavailable", message: e instanceof Error ? e.message : "Could not list shards." }));
    }
  }

  private publishShards(): void {
    const shards: TailShardsEvent["shards"] = this.shards
      .filter((s) => this.inScope(s))
      .map((s) => ({
        shardId: s.shardId,
        status: this.subscriptions.has(s.shardId) ? "reading" : this.done.has(s.shardId) ? "done" : s.open ? "waiting" : "stopped",
      }));
    this.pushEvent(formatSseEvent("shards", { shards } satisfies TailShardsEvent));
  }

  private queueStats(): void {
    const now = Date.now();
    const shards: ShardTailStats[] = [...this.readers.values()].map((r) =>
      this.o.statsOnly ? { ...r.stats(now), perSecond: r.perSecond(now) } : r.stats(now),
    );
    this.statsShards = shards;
    this.wake?.();
  }

  private pushEvent(text: string): void {
    this.queue.push({ kind: "event", text });
    this.wake?.();
  }

  private enqueueRecords(shardId: string, records: RecordView[], lastSeq: string): void {
    let batch = records;
    // A single batch larger than the whole queue keeps its newest part.
    if (batch.length > this.o.queueRecords) {
      const cut = batch.length - this.o.queueRecords;
      this.noteDropped(cut);
      batch = batch.slice(cut);
    }
    let bytes = batch.reduce((n, r) => n + estimateBytes(r), 0);
    while (bytes > this.o.queueBytes && batch.length > 1) {
      const first = batch[0]!;
      bytes -= estimateBytes(first);
      batch = batch.slice(1);
      this.noteDropped(1);
    }
    // Make room by dropping the oldest queued batches; their checkpoints still count as passed.
    while (this.queuedRecords + batch.length > this.o.queueRecords || this.queuedBytes + bytes > this.o.queueBytes) {
      const idx = this.queue.findIndex((q) => q.kind === "records" && q.records.length > 0);
      if (idx < 0) break;
      const [old] = this.queue.splice(idx, 1);
      if (old?.kind !== "records") break;
      this.queuedRecords -= old.records.length;
      this.queuedBytes -= old.bytes;
      this.noteDropped(old.records.length);
      this.checkpoints[old.shardId] = old.lastSeq;
    }
    this.queue.push({ kind: "records", shardId, records: batch, lastSeq, bytes });
    this.queuedRecords += batch.length;
    this.queuedBytes += bytes;
    this.wake?.();
  }

  private noteDropped(n: number): void {
    this.pendingDropped += n;
    this.totalDropped += n;
  }

  private snapshotId(): string {
    // A shard whose reader ended may still have batches queued for this viewer: until they are
    // delivered the id must not call it done, or a resume would skip them for the children.
    const pending = new Set(this.queue.flatMap((q) => (q.kind === "records" ? [q.shardId] : [])));
    const done = [...this.done].filter((id) => !pending.has(id));
    return encodeCheckpoint({ stream: this.o.stream, startedAt: this.startedAt, shards: { ...this.checkpoints }, done });
  }

  /**
   * The next chunk of the event stream (a `records` event comes encoded); null once closed. Waits
   * at most a heartbeat interval.
   */
  async next(): Promise<string | Uint8Array | null> {
    for (;;) {
      if (this.closed) return null;
      if (this.pendingDropped > 0) {
        const count = this.pendingDropped;
        this.pendingDropped = 0;
        return formatSseEvent("dropped", { count });
      }
      let item = this.queue.shift();
      if (item?.kind === "records" && item.records.length > MAX_RECORDS_PER_EVENT) {
        // The first part now, the rest stays first in line; the part's checkpoint is its last record.
        const part = item.records.slice(0, MAX_RECORDS_PER_EVENT);
        const partBytes = part.reduce((n, r) => n + estimateBytes(r), 0);
        this.queue.unshift({ ...item, records: item.records.slice(MAX_RECORDS_PER_EVENT), bytes: item.bytes - partBytes });
        item = { ...item, records: part, lastSeq: part.at(-1)!.sequenceNumber, bytes: partBytes };
      }
      if (item) {
        if (item.kind === "event") return item.text;
        this.queuedRecords -= item.records.length;
        this.queuedBytes -= item.bytes;
        this.checkpoints[item.shardId] = item.lastSeq;
        if (item.records.length > 0) this.pullAll();
        // A batch the filter emptied only moves the checkpoint; nothing to send.
        if (item.records.length === 0) continue;
        // As formatSseEvent("records", { records, counters } satisfies TailRecordsEvent, id) would
        // write it, from JSON shared with the reader's other viewers.
        return formatRecordsEvent(item.records, this.counters, this.snapshotId(), !this.o.masking?.active);
      }
      if (this.statsShards) {
        const shards = this.statsShards;
        this.statsShards = undefined;
        return formatSseEvent("stats", { shards, ...this.counters } satisfies TailStatsEvent);
      }
      const woke = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.o.heartbeatMs ?? 15_000);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = undefined;
      if (!woke && !this.closed) return formatSseComment("heartbeat");
    }
  }

  /**
   * This viewer's counts, as of now. Records are counted as matched when they pass the filter and
   * leave the count of queued ones when sent or dropped, so matched = sent + dropped + queued.
   * (A dropped event always goes out before the next records or stats event.)
   */
  get counters(): TailCounters {
    return { scanned: this.scanned, matched: this.matched, dropped: this.totalDropped, queued: this.queuedRecords };
  }

  /** For tests and stats. */
  get queued(): { records: number; bytes: number } {
    return { records: this.queuedRecords, bytes: this.queuedBytes };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.o.onClose?.();
    for (const t of this.timers) clearInterval(t);
    for (const id of [...this.subscriptions.keys()]) this.unsubscribe(id);
    this.queue.length = 0;
    this.queuedRecords = 0;
    this.queuedBytes = 0;
    this.wake?.();
  }
}
