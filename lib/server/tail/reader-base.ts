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
  /**
   * Records this viewer fell too far behind to get: the reader's buffer let them go before the
   * viewer took them. Passed so that the viewer can count (and filter) what it lost, never to send.
   */
  | { type: "overrun"; shardId: string; records: RecordView[]; lastSequenceNumber: string }
  | { type: "end"; shardId: string }
  /** A checkpoint could not be resumed (emulator restarted empty, records expired): reading went on from the oldest record. */
  | { type: "gap"; shardId: string; message: string }
  | { type: "state"; shardId: string; state: ReaderState; message?: string };

export type ReaderListener = (event: ReaderEvent) => void;

export interface SubscribeOptions {
  /** Where this viewer starts (as it asked the hub); without it, at the newest batch to come. */
  start?: ReaderStart;
  /**
   * How many of `records` (from the first) the viewer can take now; 0 = none for now (it calls
   * `pull` once it has room again). Without it the viewer takes everything at once.
   */
  room?: (records: readonly RecordView[]) => number;
}

/** Bytes a batch counts for in the reader's buffer: the payloads and a little per record. */
const RECORD_OVERHEAD_BYTES = 200;

/** One entry of a reader's buffer: a batch read, or what ended or interrupted it, in read order. */
type NewEntry =
  | { kind: "records"; bytes: number; records: RecordView[]; millisBehindLatest: number }
  | { kind: "event"; bytes: number; event: Extract<ReaderEvent, { type: "end" } | { type: "gap" }> };
type Entry = NewEntry & { n: number };

interface Viewer {
  listener: ReaderListener;
  room: ((records: readonly RecordView[]) => number) | undefined;
  /** The next entry this viewer takes, and how many of its records it has already taken. */
  n: number;
  offset: number;
}

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

/** The default bound of a reader's buffer (`SHARDSCOPE_TAIL_READER_BUFFER_BYTES`). */
export const DEFAULT_READER_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * A reader keeps the batches it read in a buffer bounded by bytes, as a log does, and each viewer
 * takes from it at its own pace with its own cursor, only as much as it has room for. The reader
 * reads on only while some viewer has less than half the buffer left to take (so viewers catching
 * up together are never outrun), and lets a batch go once every viewer took it. When the buffer is
 * over its bound the oldest batch goes even if a slower viewer has not taken it yet: that viewer is
 * told what it lost (an `overrun`), so one stalled viewer never holds the others back.
 */
export abstract class ReaderBase {
  abstract readonly mode: ReaderMode;
  private readonly viewerList = new Map<ReaderListener, Viewer>();
  private readonly entries: Entry[] = [];
  /** The number the next buffered entry gets. */
  private nextN = 0;
  private bufferedBytes = 0;
  /** Some entry was let go (taken by every viewer, or evicted): a late viewer can no longer start at the first. */
  private letGo = false;
  private demandWaiter: (() => void) | undefined;
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
    private readonly bufferBytes: number = DEFAULT_READER_BUFFER_BYTES,
  ) {}

  get viewers(): number {
    return this.viewerList.size;
  }

  /** Entries and bytes held for viewers that have not taken them yet (for tests and stats). */
  get buffered(): { entries: number; bytes: number } {
    return { entries: this.entries.length, bytes: this.bufferedBytes };
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
   * "from now" joins a reader at the tip, a resume joins a reader at that very record (or one that
   * still holds it in its buffer), and any other position joins a reader that has not moved yet or
   * still holds every batch it read from there.
   */
  canServe(start: ReaderStart): boolean {
    return this.joinPoint(start) !== undefined;
  }

  /** Where a viewer asking for `start` begins in the buffer, if this reader can serve it. */
  private joinPoint(start: ReaderStart): { n: number; offset: number } | undefined {
    if (this.stopped || this.current === "ended" || this.current === "failed") return undefined;
    const head = { n: this.nextN, offset: 0 };
    if (start.type === "LATEST") {
      return (this.start.type === "LATEST" && this.delivered === 0 && this.behind === null) || this.behind === 0 ? head : undefined;
    }
    if (start.type === "AFTER_SEQUENCE_NUMBER" && this.lastSeq !== undefined) {
      if (start.at === this.lastSeq) return head;
      for (const e of this.entries) {
        if (e.kind !== "records") continue;
        const i = e.records.findIndex((r) => r.sequenceNumber === start.at);
        if (i >= 0) return i + 1 < e.records.length ? { n: e.n, offset: i + 1 } : { n: e.n + 1, offset: 0 };
      }
      return undefined;
    }
    if (start.type !== this.start.type || start.at !== this.start.at) return undefined;
    if (this.delivered === 0 && this.lastSeq === undefined) return head;
    return this.letGo || this.fellBack ? undefined : { n: 0, offset: 0 };
  }

  /**
   * Adds a viewer. With `start` (the position it asked the hub for) it begins where that position
   * is in the buffer, else at the next batch read; with `room` it takes only what it has room for
   * and calls `pull` when it has more.
   */
  subscribe(listener: ReaderListener, opts: SubscribeOptions = {}): () => void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    const at = (opts.start && this.joinPoint(opts.start)) ?? { n: this.nextN, offset: 0 };
    const viewer: Viewer = { listener, room: opts.room, n: at.n, offset: at.offset };
    this.viewerList.set(listener, viewer);
    listener({ type: "state", shardId: this.shardId, state: this.current, message: this.message });
    this.pump(viewer);
    this.releaseTaken();
    return () => {
      if (this.viewerList.get(listener) !== viewer) return;
      this.viewerList.delete(listener);
      this.releaseTaken();
      this.demandChanged();
      if (this.viewerList.size === 0 && !this.stopped) {
        this.idleTimer = setTimeout(() => this.stop(), this.idleStopMs);
        this.idleTimer.unref?.();
      }
    };
  }

  /** The viewer has room again: it takes what the buffer holds for it, as far as its room goes. */
  pull(listener: ReaderListener): void {
    const viewer = this.viewerList.get(listener);
    if (!viewer) return;
    this.pump(viewer);
    this.releaseTaken();
    this.demandChanged();
  }

  private entryAt(n: number): Entry | undefined {
    const first = this.entries[0];
    return first && n >= first.n ? this.entries[n - first.n] : undefined;
  }

  private send(viewer: Viewer, event: ReaderEvent): void {
    try {
      viewer.listener(event);
    } catch (e) {
      log().error({ err: e }, "tail: a listener failed");
    }
  }

  /** Hands a viewer what the buffer holds for it, in order, as far as its room goes. */
  private pump(viewer: Viewer): void {
    while (this.viewerList.get(viewer.listener) === viewer) {
      const e = this.entryAt(viewer.n);
      if (!e) return;
      if (e.kind === "event") {
        viewer.n++;
        viewer.offset = 0;
        this.send(viewer, e.event);
        continue;
      }
      const rest = viewer.offset === 0 ? e.records : e.records.slice(viewer.offset);
      const k = viewer.room ? Math.min(rest.length, Math.max(0, Math.floor(viewer.room(rest)))) : rest.length;
      if (k === 0) return;
      const part = k === rest.length ? rest : rest.slice(0, k);
      if (k === rest.length) {
        viewer.n++;
        viewer.offset = 0;
      } else viewer.offset += k;
      const last = part.at(-1)?.sequenceNumber ?? "";
      this.send(viewer, { type: "records", shardId: this.shardId, records: part, lastSequenceNumber: last, millisBehindLatest: e.millisBehindLatest });
    }
  }

  /** Adds an entry, hands it to every viewer with room, and keeps the buffer inside its bound. */
  private append(entry: NewEntry): void {
    const e: Entry = { ...entry, n: this.nextN++ };
    this.entries.push(e);
    this.bufferedBytes += e.bytes;
    for (const v of [...this.viewerList.values()]) this.pump(v);
    // Over the bound: the oldest entry goes, and whoever had not taken it is told what it lost.
    while (this.bufferedBytes > this.bufferBytes && this.entries.length > 1) {
      const old = this.entries.shift()!;
      this.bufferedBytes -= old.bytes;
      this.letGo = true;
      for (const v of [...this.viewerList.values()]) {
        if (v.n !== old.n) continue;
        const offset = v.offset;
        v.n++;
        v.offset = 0;
        if (old.kind === "event") this.send(v, old.event);
        else {
          const lost = old.records.slice(offset);
          this.send(v, { type: "overrun", shardId: this.shardId, records: lost, lastSequenceNumber: lost.at(-1)?.sequenceNumber ?? "" });
        }
      }
    }
    this.releaseTaken();
  }

  /** Lets go of the entries every viewer has taken (all of them when nobody watches). */
  private releaseTaken(): void {
    // A reader from a fixed position (not "from now") keeps everything from its first batch while
    // the buffer's bound allows, so that viewers who open the same link a little later still join
    // it from the start and share its calls (the bound then lets the taken batches go first).
    if (this.viewerList.size > 0 && !this.letGo && this.start.type !== "LATEST" && this.bufferedBytes <= this.bufferBytes) return;
    let min = this.nextN;
    for (const v of this.viewerList.values()) min = Math.min(min, v.n);
    while (this.entries.length > 0 && (this.entries[0]?.n ?? min) < min) {
      this.bufferedBytes -= this.entries.shift()!.bytes;
      this.letGo = true;
    }
  }

  /** Whether to read on: nobody watches (the reader runs until it idles out), or some viewer has less than half the buffer left to take. */
  protected wantsMore(): boolean {
    if (this.stopped || this.viewerList.size === 0) return true;
    const half = this.bufferBytes / 2;
    for (const v of this.viewerList.values()) {
      let unread = 0;
      for (const e of this.entries) if (e.n >= v.n) unread += e.bytes;
      if (unread < half) return true;
    }
    return false;
  }

  private demandChanged(): void {
    if (this.demandWaiter && this.wantsMore()) this.demandWaiter();
  }

  /** Waits until some viewer needs more than the buffer holds for it (or the reader stops). */
  protected async waitForDemand(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && !this.wantsMore()) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener("abort", done);
          this.demandWaiter = undefined;
          resolve();
        };
        this.demandWaiter = done;
        signal.addEventListener("abort", done, { once: true });
      });
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.abort.abort();
    this.demandWaiter?.();
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
      viewers: this.viewerList.size,
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
    const bytes = records.reduce((n, r) => n + r.size + RECORD_OVERHEAD_BYTES, 0);
    this.append({ kind: "records", records, millisBehindLatest, bytes });
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

  /** Tells every viewer at once (a state is news now, not a place in the stream). */
  protected emit(event: ReaderEvent): void {
    for (const v of [...this.viewerList.values()]) this.send(v, event);
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
    this.append({
      kind: "event",
      bytes: 0,
      event: {
        type: "gap",
        shardId: this.shardId,
        message: `Shard ${this.shardId} no longer has sequence number ${p.at}, where this tail stood (the endpoint may have restarted without its data, or the records expired). Reading goes on from the oldest record it has; records in between may be lost.`,
      },
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
    // After the batches still buffered, so that every viewer gets them before it hears the end.
    this.append({ kind: "event", bytes: 0, event: { type: "end", shardId: this.shardId } });
    this.stop();
  }
}
