import "server-only";
// What every tail reader shares, however it reads (polling GetRecords or enhanced fan-out):
// its viewers, its checkpoint, the rule for which viewers it can serve, and what it observed
// (per-second rates, lag, hot keys) for the `stats` events, and the one retry policy of them all.
import type { HotKey, ReaderMode, ReaderState, ShardTailStats } from "@/lib/tail/types";
import type { RecordView } from "@/lib/records/types";
import type { ShardIteratorType } from "@aws-sdk/client-kinesis";
import { mapAwsError } from "@/lib/server/errors";
import { sleep } from "@/lib/util/sleep";
import { log } from "@/lib/server/ops/log";

export interface ReaderStart {
  type: ShardIteratorType;
  /** ISO timestamp or sequence number, as the type needs. */
  at?: string;
  /**
   * The sequence number is a checkpoint (a reconnecting viewer's), not a position a person asked
   * for: if the shard no longer has it, reading goes on from the oldest record, with a warning.
   */
  resumed?: boolean;
}

export type ReaderEvent =
  /** Readers pass records undecoded (`ReadRecord`s decode on first use): each viewer decodes what it sends, with its decoder. */
  | { type: "records"; shardId: string; records: RecordView[]; lastSequenceNumber: string; millisBehindLatest: number }
  | { type: "end"; shardId: string }
  /** A checkpoint could not be resumed (emulator restarted empty, records expired): reading went on from the oldest record. */
  | { type: "gap"; shardId: string; message: string }
  | { type: "state"; shardId: string; state: ReaderState; message?: string };

export type ReaderListener = (event: ReaderEvent) => void;

export const MAX_BACKOFF_MS = 10_000;

/** The wait after a failed read: double the last one, at least `floorMs`, at most MAX_BACKOFF_MS. */
export function nextBackoff(previousMs: number, floorMs: number): number {
  return Math.min(MAX_BACKOFF_MS, Math.max(floorMs, previousMs * 2));
}

/** The shard refused a starting position: the sequence number is unknown to it, or invalid. */
export function isPositionRefused(e: unknown, endpoint?: string): boolean {
  const code = mapAwsError(e, { service: "Kinesis", endpoint }).code;
  return code === "not_found" || code === "invalid_input";
}

const HOT_KEY_WINDOW_S = 60;
const MAX_KEYS_PER_SECOND = 2_000;

export abstract class ReaderBase {
  abstract readonly mode: ReaderMode;
  private readonly listeners = new Set<ReaderListener>();
  protected readonly abort = new AbortController();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  protected stopped = false;
  protected lastSeq: string | undefined;
  protected delivered = 0;
  protected behind: number | null = null;
  private current: ReaderState = "starting";
  private message: string | undefined;
  protected readonly startedAt = Date.now();
  private readonly seconds: { s: number; records: number; bytes: number; keys: Map<string, number> }[] = [];
  private newestArrival: number | undefined;
  /** Set once a checkpoint could not be resumed: the reader went on from the oldest record. */
  private fellBack = false;
  /** The shard has answered this reader at least once: it existed, so "not found" may be passing. */
  protected reached = false;

  constructor(
    readonly stream: string,
    readonly shardId: string,
    readonly start: ReaderStart,
    private readonly idleStopMs: number,
    private readonly onStop: (reader: ReaderBase) => void,
  ) {}

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
        this.idleTimer = setTimeout(() => this.stop(), this.idleStopMs);
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

  /**
   * The first wait after a failure, and how much a wait may vary either way (a share of it), so
   * that readers failing together do not all retry in step.
   */
  protected abstract readonly retry: { floorMs: number; jitter: number };

  /** GetRecords calls/s and the shard's budget, as this kind of reader spends them. */
  protected abstract callRates(now: number): { callsPerSecond: number; budgetPerSecond: number };

  /** Records and bytes in each of the last `seconds` complete seconds, oldest first, zero-filled. */
  perSecond(now = Date.now(), seconds = 60): { t: number; records: number; bytes: number }[] {
    const nowS = Math.floor(now / 1000);
    const byS = new Map(this.seconds.map((b) => [b.s, b]));
    return Array.from({ length: seconds }, (_, i) => {
      const t = nowS - seconds + i;
      const b = byS.get(t);
      return { t, records: b?.records ?? 0, bytes: b?.bytes ?? 0 };
    });
  }

  stats(now = Date.now()): ShardTailStats {
    const nowS = Math.floor(now / 1000);
    // Rates over the last five complete seconds.
    const recent = this.seconds.filter((b) => b.s >= nowS - 5 && b.s < nowS);
    const recs = recent.reduce((n, b) => n + b.records, 0);
    const bytes = recent.reduce((n, b) => n + b.bytes, 0);
    return {
      shardId: this.shardId,
      mode: this.mode,
      state: this.current,
      message: this.message,
      recordsPerSecond: recs / 5,
      bytesPerSecond: bytes / 5,
      millisBehindLatest: this.behind,
      newestRecordAgeMs: this.newestArrival === undefined ? null : Math.max(0, now - this.newestArrival),
      ...this.callRates(now),
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

  /** Passes a batch on to every viewer and notes it for the stats. */
  protected deliver(records: RecordView[], millisBehindLatest: number): void {
    this.behind = millisBehindLatest;
    if (records.length === 0) return;
    this.observe(records);
    this.lastSeq = records.at(-1)?.sequenceNumber ?? this.lastSeq;
    this.delivered += records.length;
    this.emit({ type: "records", shardId: this.shardId, records, lastSequenceNumber: this.lastSeq ?? "", millisBehindLatest });
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

  protected emit(event: ReaderEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        log().error({ err: e }, "tail: a listener failed");
      }
    }
  }

  protected setState(state: ReaderState, message?: string): void {
    if (state === this.current && message === this.message) return;
    this.current = state;
    this.message = message;
    this.emit({ type: "state", shardId: this.shardId, state, message });
  }

  /** Where to (re)start: after the checkpoint when there is one, else the original position. */
  protected resumePoint(): ReaderStart {
    if (this.lastSeq) return { type: "AFTER_SEQUENCE_NUMBER", at: this.lastSeq };
    if (this.fellBack) return { type: "TRIM_HORIZON" };
    // "From now" renewed later must not skip what arrived in between.
    if (this.start.type === "LATEST" && this.delivered === 0 && this.behind !== null) {
      return { type: "AT_TIMESTAMP", at: new Date(this.startedAt).toISOString() };
    }
    return this.start;
  }

  /**
   * After the shard refused to start at `p` (not found, or invalid): when `p` is a checkpoint —
   * this reader's own, or a resumed viewer's — the records after it are gone (the endpoint came
   * back without them, or they expired), so reading goes on from the oldest record and every
   * viewer is told that records in between may be lost. Returns false for a position a person
   * asked for, which stays an error.
   */
  protected fallBackFrom(p: ReaderStart): boolean {
    const checkpoint = (p.type === "AFTER_SEQUENCE_NUMBER" || p.type === "AT_SEQUENCE_NUMBER") && (this.lastSeq !== undefined || p.resumed === true);
    if (!checkpoint) return false;
    this.fellBack = true;
    this.lastSeq = undefined;
    this.emit({
      type: "gap",
      shardId: this.shardId,
      message: `Shard ${this.shardId} no longer has sequence number ${p.at}, where this tail stood (the endpoint may have restarted without its data, or the records expired). Reading goes on from the oldest record it has; records in between may be lost.`,
    });
    return true;
  }

  /**
   * Whether an error ends this reader for good. Access denied always does; "not found" and
   * "invalid" do when the shard never answered this reader (a wrong position or shard). Once it
   * has, they mean the stream went away for a while (deleted and recreated, an emulator
   * restarting), and the reader keeps retrying with backoff, saying so.
   */
  protected isFatal(code: string): boolean {
    return code === "access_denied" || (!this.reached && (code === "not_found" || code === "invalid_input"));
  }

  /**
   * After a failed read the reader could not recover from by itself: an error retrying cannot fix
   * fails the reader for good and returns undefined; any other is said in the reader's state and
   * waited out, and the wait is returned for the next failure to double. `busy` says why to retry
   * when the error itself is not the reason (EFO: the previous subscription is still closing).
   */
  protected async retryAfter(mapped: { code: string; message: string }, backoff: number, busy?: string): Promise<number | undefined> {
    if (busy === undefined && this.isFatal(mapped.code)) {
      this.setState("failed", mapped.message);
      this.stop();
      return undefined;
    }
    const next = nextBackoff(backoff, this.retry.floorMs);
    const inS = `${(next / 1000).toFixed(1)} s`;
    if (busy !== undefined) this.setState("throttled", `${busy} Retrying in ${inS}.`);
    else if (mapped.code === "throttled") this.setState("throttled", `Throttled by Kinesis; retrying in ${inS}.`);
    else this.setState("reconnecting", `${mapped.message} Retrying in ${inS}.`);
    await sleep(next * (1 - this.retry.jitter + Math.random() * 2 * this.retry.jitter), this.abort.signal);
    return this.abort.signal.aborted ? undefined : next;
  }

  protected finish(): void {
    this.setState("ended", "Closed shard read to its end.");
    this.emit({ type: "end", shardId: this.shardId });
    this.stop();
  }
}
