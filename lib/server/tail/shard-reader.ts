import "server-only";
// One reader of one shard from one position, shared by every viewer that can use it. It spends
// at most its budget while caught up, reads back to back only while behind (still inside the
// shard's hard cap), backs off when throttled or when the endpoint is down, renews expired
// iterators from its checkpoint, and says when a closed shard has been read to its end.
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, type ShardIteratorType } from "@aws-sdk/client-kinesis";
import type { HotKey, ReaderState, ShardTailStats } from "@/lib/api/tail";
import type { RecordView } from "@/lib/records/types";
import { mapAwsError } from "@/lib/server/errors";
import { toRecordView } from "@/lib/server/kinesis/records";
import { sleep, type ShardBudget } from "./shard-budget";

export interface ReaderStart {
  type: ShardIteratorType;
  /** ISO timestamp or sequence number, as the type needs. */
  at?: string;
}

export type ReaderEvent =
  | { type: "records"; shardId: string; records: RecordView[]; lastSequenceNumber: string; millisBehindLatest: number }
  | { type: "end"; shardId: string }
  | { type: "state"; shardId: string; state: ReaderState; message?: string };

export type ReaderListener = (event: ReaderEvent) => void;

export interface ReaderSettings {
  /** GetRecords calls per second while caught up. */
  callsPerSecond: number;
  idleStopMs: number;
  /** GetRecords Limit; Kinesis allows up to 10,000. */
  batchLimit?: number;
  endpoint?: string;
}

const MAX_BACKOFF_MS = 10_000;
const HOT_KEY_WINDOW_S = 60;
const MAX_KEYS_PER_SECOND = 2_000;

export class ShardReader {
  private readonly listeners = new Set<ReaderListener>();
  private readonly abort = new AbortController();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private lastSeq: string | undefined;
  private delivered = 0;
  private behind: number | null = null;
  private current: ReaderState = "starting";
  private message: string | undefined;
  private readonly startedAt = Date.now();
  /** Per-second buckets for rates and hot keys: [second, records, bytes, keys]. */
  private readonly seconds: { s: number; records: number; bytes: number; keys: Map<string, number> }[] = [];
  private newestArrival: number | undefined;

  constructor(
    private readonly client: KinesisClient,
    readonly stream: string,
    readonly shardId: string,
    readonly start: ReaderStart,
    private readonly budget: ShardBudget,
    private readonly settings: ReaderSettings,
    private readonly onStop: (reader: ShardReader) => void,
  ) {
    void this.run();
  }

  get viewers(): number {
    return this.listeners.size;
  }

  get state(): ReaderState {
    return this.current;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** The last sequence number this reader has passed on. */
  get checkpoint(): string | undefined {
    return this.lastSeq;
  }

  /**
   * Whether a new viewer asking for `start` gets exactly what it asked for from this reader:
   * "from now" joins a reader at the tip, a resume joins a reader at that very record, and any
   * other position joins a reader that has not moved yet.
   */
  canServe(start: ReaderStart): boolean {
    if (this.stopped || this.current === "ended" || this.current === "failed") return false;
    if (start.type === "LATEST") {
      return (this.start.type === "LATEST" && this.delivered === 0 && this.behind === null) || this.behind === 0;
    }
    if (start.type === "AFTER_SEQUENCE_NUMBER" && this.lastSeq !== undefined) return start.at === this.lastSeq;
    return this.delivered === 0 && this.lastSeq === undefined && start.type === this.start.type && start.at === this.start.at;
  }

  subscribe(listener: ReaderListener): () => void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    this.listeners.add(listener);
    listener({ type: "state", shardId: this.shardId, state: this.current, message: this.message });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && !this.stopped) {
        this.idleTimer = setTimeout(() => this.stop(), this.settings.idleStopMs);
        this.idleTimer.unref?.();
      }
    };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.abort.abort();
    this.onStop(this);
  }

  stats(now = Date.now()): ShardTailStats {
    const nowS = Math.floor(now / 1000);
    // Rates over the last five complete seconds.
    const recent = this.seconds.filter((b) => b.s >= nowS - 5 && b.s < nowS);
    const recs = recent.reduce((n, b) => n + b.records, 0);
    const bytes = recent.reduce((n, b) => n + b.bytes, 0);
    return {
      shardId: this.shardId,
      state: this.current,
      message: this.message,
      recordsPerSecond: recs / 5,
      bytesPerSecond: bytes / 5,
      millisBehindLatest: this.behind,
      newestRecordAgeMs: this.newestArrival === undefined ? null : Math.max(0, now - this.newestArrival),
      callsPerSecond: this.budget.ratePerSecond(now),
      budgetPerSecond: this.budget.maxPerSecond,
      viewers: this.listeners.size,
      hotKeys: this.hotKeys(nowS),
    };
  }

  private hotKeys(nowS: number, top = 10): HotKey[] {
    const counts = new Map<string, number>();
    let total = 0;
    for (const b of this.seconds) {
      if (b.s <= nowS - HOT_KEY_WINDOW_S) continue;
      total += b.records;
      for (const [k, n] of b.keys) counts.set(k, (counts.get(k) ?? 0) + n);
    }
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, top)
      .map(([key, count]) => ({ key, count, share: total > 0 ? count / total : 0 }));
  }

  private observe(records: RecordView[]): void {
    const s = Math.floor(Date.now() / 1000);
    let bucket = this.seconds.at(-1);
    if (!bucket || bucket.s !== s) {
      bucket = { s, records: 0, bytes: 0, keys: new Map() };
      this.seconds.push(bucket);
      while (this.seconds.length > 0 && (this.seconds[0]?.s ?? s) <= s - HOT_KEY_WINDOW_S) this.seconds.shift();
    }
    for (const r of records) {
      bucket.records++;
      bucket.bytes += r.size;
      if (bucket.keys.size < MAX_KEYS_PER_SECOND || bucket.keys.has(r.partitionKey)) {
        bucket.keys.set(r.partitionKey, (bucket.keys.get(r.partitionKey) ?? 0) + 1);
      }
      const t = Date.parse(r.arrivalTime);
      if (!Number.isNaN(t) && (this.newestArrival === undefined || t > this.newestArrival)) this.newestArrival = t;
    }
  }

  private emit(event: ReaderEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        console.error("[shardscope] tail listener failed", e);
      }
    }
  }

  private setState(state: ReaderState, message?: string): void {
    if (state === this.current && message === this.message) return;
    this.current = state;
    this.message = message;
    this.emit({ type: "state", shardId: this.shardId, state, message });
  }

  /** Where to (re)start: after the checkpoint when there is one, else the original position. */
  private resumePoint(): ReaderStart {
    if (this.lastSeq) return { type: "AFTER_SEQUENCE_NUMBER", at: this.lastSeq };
    // "From now" renewed later must not skip what arrived in between.
    if (this.start.type === "LATEST") return { type: "AT_TIMESTAMP", at: new Date(this.startedAt).toISOString() };
    return this.start;
  }

  private async iterator(): Promise<string | undefined> {
    const p = this.resumePoint();
    const out = await this.client.send(
      new GetShardIteratorCommand({
        StreamName: this.stream,
        ShardId: this.shardId,
        ShardIteratorType: p.type,
        Timestamp: p.type === "AT_TIMESTAMP" && p.at ? new Date(p.at) : undefined,
        StartingSequenceNumber: p.type === "AT_SEQUENCE_NUMBER" || p.type === "AFTER_SEQUENCE_NUMBER" ? p.at : undefined,
      }),
      { abortSignal: this.abort.signal },
    );
    return out.ShardIterator;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const pause = 1000 / this.settings.callsPerSecond;
    let iterator: string | undefined;
    let backoff = 0;
    while (!this.stopped) {
      try {
        iterator ??= await this.iterator();
        if (!iterator) {
          // No iterator for a closed shard past its end: nothing more will ever come.
          this.finish();
          return;
        }
        await this.budget.acquire(signal);
        const out = await this.client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.settings.batchLimit ?? 10_000 }),
          { abortSignal: signal },
        );
        backoff = 0;
        const records = (out.Records ?? []).map((r) => toRecordView(this.shardId, r));
        this.behind = out.MillisBehindLatest ?? 0;
        iterator = out.NextShardIterator;
        if (records.length > 0) {
          this.observe(records);
          this.lastSeq = records.at(-1)?.sequenceNumber ?? this.lastSeq;
          this.delivered += records.length;
          this.emit({
            type: "records",
            shardId: this.shardId,
            records,
            lastSequenceNumber: this.lastSeq ?? "",
            millisBehindLatest: this.behind,
          });
        }
        if (!iterator) {
          this.finish();
          return;
        }
        this.setState(this.behind > 0 ? "catching-up" : "live");
        // Behind: read again at once (the shard budget still caps us). Caught up: keep to the budget.
        if (!(this.behind > 0 && records.length > 0)) await sleep(pause, signal);
      } catch (e) {
        if (this.stopped || signal.aborted) return;
        const name = (e as { name?: string }).name ?? "";
        if (name === "ExpiredIteratorException") {
          iterator = undefined;
          continue;
        }
        const mapped = mapAwsError(e, { service: "Kinesis", endpoint: this.settings.endpoint });
        if (mapped.code === "not_found" || mapped.code === "access_denied" || mapped.code === "invalid_input") {
          this.setState("failed", mapped.message);
          this.stop();
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(500, backoff * 2));
        if (mapped.code === "throttled") this.setState("throttled", `Throttled by Kinesis; retrying in ${(backoff / 1000).toFixed(1)} s.`);
        else this.setState("reconnecting", `${mapped.message} Retrying in ${(backoff / 1000).toFixed(1)} s.`);
        try {
          await sleep(backoff * (0.8 + Math.random() * 0.4), signal);
        } catch {
          return;
        }
      }
    }
  }

  private finish(): void {
    this.setState("ended", "Closed shard read to its end.");
    this.emit({ type: "end", shardId: this.shardId });
    this.stop();
  }
}
