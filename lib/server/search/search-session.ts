import "server-only";
// One search: each planned shard read from the window's start to the first record after its end
// (or the shard's end, or the tip), children once their parents are read, a few shards at once.
// Every GetRecords call holds a slot of the shard's budget, shared with the tail and the lag probes
// (never above the shard's hard cap), and keeps to the search's own share of it; throttling and
// expired iterators are ridden out. Records are decoded and filtered in slices with a yield in
// between, so a 10,000-record batch never holds the event loop for long. Matches wait in a queue
// bounded by records and bytes: a full queue pauses the readers (a search loses nothing; it goes
// as fast as its client reads). Time and bytes limits stop it, and it says which. Memory: every
// GetRecords call first reserves Kinesis's maximum answer (10 MiB) from the server-wide search
// buffer (SHARDSCOPE_SEARCH_BUFFER_MB; one search at most half of it) until its records are
// filtered and queued, so however many shards and searches run, the answers held at once stay
// within the buffer.
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, type ShardIteratorType } from "@aws-sdk/client-kinesis";
import type { DecoderName, RecordView } from "@/lib/records/types";
import type { ShardView } from "@/lib/streams/types";
import type { CompiledTailFilter } from "@/lib/tail/tail-filter";
import { toNdjson } from "@/lib/tail/export-ndjson";
import { plannedParents, type SearchPlan } from "@/lib/search/search-plan";
import type {
  SearchDoneEvent,
  SearchDoneReason,
  SearchPlanEvent,
  SearchProgressEvent,
  SearchRecordsEvent,
  SearchShardProgress,
  SearchShardState,
  SearchStartPosition,
} from "@/lib/search/types";
import { mapAwsError } from "@/lib/server/errors";
import { NO_MASKING, type RecordMasking } from "@/lib/records/masking";
import { ReadRecord, viewAs } from "@/lib/server/kinesis/read-record";
import { nextBackoff } from "@/lib/server/tail/reader-base";
import type { ShardBudget } from "@/lib/server/tail/shard-budget";
import { formatSseComment, formatSseEvent, type SseSource } from "@/lib/server/tail/sse";
import { ByteBudget } from "@/lib/server/util/byte-budget";
import { countGetRecords, type ScopeLabels } from "@/lib/server/ops/metrics";
import { sleep } from "@/lib/util/sleep";

export interface SearchLimits {
  /** GetRecords calls per second per shard this search may spend (the shard budget's hard cap still holds). */
  callsPerSecond: number;
  /** Shards read at once. */
  concurrency: number;
  /** GetRecords Limit. */
  batchLimit: number;
  maxMs: number;
  maxBytes: number;
  queueRecords: number;
  queueBytes: number;
}

export interface SearchSessionOptions {
  stream: string;
  from: SearchStartPosition;
  /** ISO 8601 (AT_TIMESTAMP) or a sequence number (AT_SEQUENCE_NUMBER). */
  at?: string;
  /** The window's end, epoch ms. */
  endMs: number;
  plan: SearchPlan;
  totalShards: number;
  filter: CompiledTailFilter & { ok: true };
  decoder: DecoderName;
  /** The stream's masking for this viewer, applied before the filter (filters see what the viewer sees). */
  masking?: RecordMasking;
  /** Readies a batch for decoding (schemas fetched); see lib/server/schemas/prepare-records.ts. */
  prepare?: (records: ReadRecord[]) => Promise<void>;
  max: number;
  limits: SearchLimits;
  client: KinesisClient;
  /** The server-wide buffer every search's GetRecords answers are reserved from. */
  readBuffer: ByteBudget;
  /** The target and region searched, for the GetRecords metrics. */
  scope?: ScopeLabels;
  /** The shard's read budget, lent for this search's calls (TailHub.lendBudget). */
  lendBudget: (shardId: string) => { budget: ShardBudget; giveBack: () => void };
  /** `sse`: plan, records, progress and done events; `ndjson`: one match a line, then one summary line. */
  format: "sse" | "ndjson";
  endpoint?: string;
  progressMs?: number;
  heartbeatMs?: number;
  /** Records decoded and filtered between two yields to the event loop. */
  sliceRecords?: number;
  /** Called once when the session closes, however. */
  onClose?: () => void;
}

/** The most a GetRecords answer holds (Kinesis: up to 10 MiB per call): what each call reserves. */
export const CALL_BYTES = 10 * 1024 * 1024;
/** Records per `records` event. */
const EVENT_RECORDS = 500;
/** Failures in a row (other than throttling) after which a shard's scan gives up. */
const MAX_FAILURES = 6;

interface ShardScan {
  shard: ShardView;
  state: SearchShardState;
  records: number;
  bytes: number;
  firstMs?: number;
  reachedMs?: number;
  startedAt?: number;
  endedAt?: number;
  /** The scan stopped at a record past the window's end: its children hold only later records. */
  pastEnd: boolean;
  message?: string;
  budgetPerSecond: number;
}

type Chunk = { text: string; records: number; bytes: number };

const estimateBytes = (r: RecordView) => r.data.length + (r.decoded.text?.length ?? r.size) + 300;

export class SearchSession implements SseSource {
  private readonly startedAt = Date.now();
  private readonly startMs: number | undefined;
  private readonly scans = new Map<string, ShardScan>();
  private readonly abort = new AbortController();
  private readonly queue: Chunk[] = [];
  private queuedRecords = 0;
  private queuedBytes = 0;
  private roomWaiters: (() => void)[] = [];
  private wake: (() => void) | undefined;
  private running = 0;
  private scanned = 0;
  private bytes = 0;
  private matched = 0;
  private progressDue = false;
  private finished: SearchDoneEvent | undefined;
  private ended = false;
  private closed = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private filterFailed = false;
  /** This search's share of the server-wide buffer: at most half, so one search never holds all of it. */
  private readonly bufferShare: ByteBudget;

  constructor(private readonly o: SearchSessionOptions) {
    this.bufferShare = new ByteBudget(Math.max(CALL_BYTES, Math.floor(o.readBuffer.capacity / 2)));
    this.startMs = o.from === "AT_TIMESTAMP" && o.at ? Date.parse(o.at) : undefined;
    for (const shard of o.plan.shards) {
      this.scans.set(shard.shardId, {
        shard,
        state: "waiting",
        records: 0,
        bytes: 0,
        pastEnd: false,
        budgetPerSecond: o.limits.callsPerSecond,
      });
    }
  }

  /** Counts one GetRecords call of this search in the metrics. */
  private countCall(error?: unknown): void {
    if (this.o.scope) countGetRecords(this.o.scope, this.o.stream, error);
  }

  /** Sends the plan and starts the first shards. */
  start(): void {
    if (this.closed) return;
    if (this.o.format === "sse") {
      const plan: SearchPlanEvent = {
        window: { ...(this.startMs !== undefined ? { start: new Date(this.startMs).toISOString() } : {}), end: new Date(this.o.endMs).toISOString() },
        shards: this.o.plan.shards.map((s) => s.shardId),
        totalShards: this.o.totalShards,
        ...(this.o.plan.keyed ? { keyed: this.o.plan.keyed } : {}),
      };
      this.push(formatSseEvent("plan", plan));
      const progress = setInterval(() => {
        this.progressDue = true;
        this.wake?.();
      }, this.o.progressMs ?? 1_000);
      progress.unref?.();
      this.timers.push(progress);
    }
    const limit = setTimeout(() => this.stop("limit", "time"), this.o.limits.maxMs);
    limit.unref?.();
    this.timers.push(limit);
    this.pump();
  }

  // --- scheduling ----------------------------------------------------------------------------

  private get planned(): ReadonlySet<string> {
    return new Set(this.scans.keys());
  }

  /** Starts every waiting shard whose planned parents are finished, up to the concurrency. */
  private pump(): void {
    if (this.ended) return;
    const planned = this.planned;
    for (const scan of this.scans.values()) {
      if (this.running >= this.o.limits.concurrency) break;
      if (scan.state !== "waiting") continue;
      const parents = plannedParents(scan.shard, planned).map((p) => this.scans.get(p)!);
      if (parents.some((p) => !isFinished(p.state))) continue;
      if (parents.some((p) => p.pastEnd)) {
        // The parent reached the window's end: every record of this child came later.
        scan.state = "done";
        scan.pastEnd = true;
        scan.message = "After the window: its parent reached the window's end.";
        continue;
      }
      this.running++;
      scan.state = "reading";
      scan.startedAt = Date.now();
      void this.scan(scan, parents.length > 0).finally(() => {
        this.running--;
        scan.endedAt = Date.now();
        this.pump();
      });
    }
    if (this.running === 0 && [...this.scans.values()].every((s) => isFinished(s.state))) this.finish("window");
  }

  private startPosition(scan: ShardScan, viaLineage: boolean): { type: ShardIteratorType; at?: string } {
    if (this.o.from === "AT_TIMESTAMP") return { type: "AT_TIMESTAMP", at: this.o.at };
    if (this.o.from === "AT_SEQUENCE_NUMBER" && !viaLineage && this.o.plan.shards[0]?.shardId === scan.shard.shardId) {
      return { type: "AT_SEQUENCE_NUMBER", at: this.o.at };
    }
    return { type: "TRIM_HORIZON" };
  }

  // --- one shard -----------------------------------------------------------------------------

  private async iterator(scan: ShardScan, budget: ShardBudget, p: { type: ShardIteratorType; at?: string }): Promise<string | undefined> {
    const answered = await budget.acquire(this.abort.signal);
    try {
      const out = await this.o.client.send(
        new GetShardIteratorCommand({
          StreamName: this.o.stream,
          ShardId: scan.shard.shardId,
          ShardIteratorType: p.type,
          Timestamp: p.type === "AT_TIMESTAMP" && p.at ? new Date(p.at) : undefined,
          StartingSequenceNumber: p.type === "AT_SEQUENCE_NUMBER" || p.type === "AFTER_SEQUENCE_NUMBER" ? p.at : undefined,
        }),
        { abortSignal: this.abort.signal },
      );
      return out.ShardIterator;
    } finally {
      answered();
    }
  }

  private async scan(scan: ShardScan, viaLineage: boolean): Promise<void> {
    const signal = this.abort.signal;
    const loan = this.o.lendBudget(scan.shard.shardId);
    scan.budgetPerSecond = Math.min(this.o.limits.callsPerSecond, loan.budget.maxPerSecond);
    const pace = 1000 / this.o.limits.callsPerSecond;
    const position = this.startPosition(scan, viaLineage);
    let lastSeq: string | undefined;
    let iterator: string | undefined;
    let lastCall = 0;
    let backoff = 0;
    let failures = 0;
    /** The answer's reservation in the search buffer, held until its records are filtered and queued. */
    let held: (() => void) | undefined;
    const release = () => {
      held?.();
      held = undefined;
    };
    try {
      while (!this.ended) {
        try {
          if (!iterator) {
            iterator = await this.iterator(scan, loan.budget, lastSeq ? { type: "AFTER_SEQUENCE_NUMBER", at: lastSeq } : position);
            // A closed shard asked for past its end has no iterator: nothing left in it.
            if (!iterator) return this.shardDone(scan, "done");
          }
          const wait = lastCall + pace - Date.now();
          if (wait > 0) await sleep(wait, signal);
          if (signal.aborted) return;
          held = await this.reserveAnswer(scan, signal);
          const answered = await loan.budget.acquire(signal);
          lastCall = Date.now();
          const out = await this.o.client
            .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.o.limits.batchLimit }), { abortSignal: signal })
            .then(
              (answer) => (this.countCall(), answer),
              (e: unknown) => {
                this.countCall(e);
                throw e;
              },
            )
            .finally(answered);
          backoff = 0;
          failures = 0;
          if (scan.state === "throttled") {
            scan.state = "reading";
            scan.message = undefined;
          }
          const read = (out.Records ?? []).map((r) => new ReadRecord(scan.shard.shardId, r));
          const cut = read.findIndex((r) => Date.parse(r.arrivalTime) > this.o.endMs);
          const inWindow = cut < 0 ? read : read.slice(0, cut);
          this.account(scan, inWindow);
          if (inWindow.length > 0) lastSeq = inWindow.at(-1)!.sequenceNumber;
          await this.match(inWindow);
          release();
          if (this.ended) return;
          if (this.bytes >= this.o.limits.maxBytes) {
            this.stop("limit", "bytes");
            return;
          }
          if (cut >= 0) {
            scan.pastEnd = true;
            return this.shardDone(scan, "done");
          }
          iterator = out.NextShardIterator;
          if (!iterator) return this.shardDone(scan, "done"); // a closed shard read to its end
          // Nothing more and nothing behind: the tip of an open shard, the window's end for now.
          if (read.length === 0 && (out.MillisBehindLatest ?? 0) === 0) return this.shardDone(scan, "done");
        } catch (e) {
          release();
          if (signal.aborted || this.ended) return;
          if ((e as { name?: string }).name === "ExpiredIteratorException") {
            iterator = undefined;
            continue;
          }
          const mapped = mapAwsError(e, { service: "Kinesis", endpoint: this.o.endpoint });
          if (mapped.code === "access_denied" || (mapped.code !== "throttled" && ++failures >= MAX_FAILURES)) {
            scan.message = mapped.message;
            this.push(formatSseEvent("error", { code: "reader_failed", message: mapped.message, shardId: scan.shard.shardId }), true);
            return this.shardDone(scan, "failed");
          }
          if (mapped.code === "not_found" || mapped.code === "invalid_input") {
            if (!lastSeq && !iterator) {
              // The shard refused the position a person asked for: nothing to retry.
              scan.message = mapped.message;
              this.push(formatSseEvent("error", { code: "reader_failed", message: mapped.message, shardId: scan.shard.shardId }), true);
              return this.shardDone(scan, "failed");
            }
            iterator = undefined;
          }
          backoff = nextBackoff(backoff, 500);
          scan.state = mapped.code === "throttled" ? "throttled" : "reading";
          scan.message =
            mapped.code === "throttled"
              ? `Throttled by Kinesis; retrying in ${(backoff / 1000).toFixed(1)} s.`
              : `${mapped.message} Retrying in ${(backoff / 1000).toFixed(1)} s.`;
          await sleep(backoff * (0.8 + Math.random() * 0.4), signal);
        }
      }
    } finally {
      release();
      loan.giveBack();
      if (scan.state === "reading" || scan.state === "throttled") scan.state = this.ended ? "stopped" : "done";
    }
  }

  /** Reserves room for one GetRecords answer: this search's share first, then the server's buffer; says so while it waits. */
  private async reserveAnswer(scan: ShardScan, signal: AbortSignal): Promise<() => void> {
    const buffer = this.o.readBuffer;
    const waits = (b: ByteBudget) => b.queued > 0 || (b.inUse > 0 && b.inUse + CALL_BYTES > b.capacity);
    const before = scan.message;
    if (waits(this.bufferShare) || waits(buffer)) {
      scan.message = `Waiting for room in the server's search buffer (${Math.round(buffer.capacity / 1024 / 1024)} MiB, SHARDSCOPE_SEARCH_BUFFER_MB) for a GetRecords answer.`;
    }
    const own = await this.bufferShare.reserve(CALL_BYTES, signal);
    try {
      const all = await buffer.reserve(CALL_BYTES, signal);
      if (scan.message !== before) scan.message = before;
      return () => {
        all();
        own();
      };
    } catch (e) {
      own();
      throw e;
    }
  }

  private shardDone(scan: ShardScan, state: SearchShardState): void {
    scan.state = state;
    if (state === "done") scan.message ??= scan.pastEnd ? "Read to the window's end." : "Read to the end of the shard (or its newest record).";
  }

  private account(scan: ShardScan, records: ReadRecord[]): void {
    if (records.length === 0) return;
    let bytes = 0;
    for (const r of records) bytes += r.size;
    scan.records += records.length;
    scan.bytes += bytes;
    this.scanned += records.length;
    this.bytes += bytes;
    const first = Date.parse(records[0]!.arrivalTime);
    scan.firstMs ??= first;
    scan.reachedMs = Date.parse(records.at(-1)!.arrivalTime);
  }

  /** Decodes and filters in slices, yielding in between; queues the matches (waiting for room). */
  private async match(records: ReadRecord[]): Promise<void> {
    const slice = this.o.sliceRecords ?? 1_000;
    const { filter, decoder } = this.o;
    const masking = this.o.masking ?? NO_MASKING;
    // Schemas the batch needs (Glue versions, the stream's attached file) fetched before the synchronous decode.
    await this.o.prepare?.(records);
    for (let i = 0; i < records.length && !this.ended; i += slice) {
      const kept: RecordView[] = [];
      for (const r of records.slice(i, i + slice)) {
        // The auto decoder is the record's own (lazy: a key filter decodes nothing); others are decoded once per record.
        // Masked, the record is decoded to be filtered as its viewer sees it (a filter never matches a hidden value).
        const view = masking.active ? masking.apply(viewAs(r, decoder)) : undefined;
        const subject = view ?? (decoder === "auto" ? r : viewAs(r, decoder));
        if (filter.active && !filter.test(subject, this.onFilterError)) {
          // Without this, a 10,000-record answer kept every record's decoded payload until its last
          // slice was filtered: ~100 MB of heap per answer for 1 KB JSON records (bench:search memory).
          r.forgetDecodings();
          continue;
        }
        kept.push(view ?? viewAs(r, decoder));
        if (this.matched + kept.length >= this.o.max) break;
      }
      if (kept.length > 0) await this.enqueueRecords(kept);
      if (this.ended) return;
      if (this.matched >= this.o.max) {
        this.stop("max");
        return;
      }
      if (i + slice < records.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private readonly onFilterError = (e: { message: string }) => {
    if (this.filterFailed) return;
    this.filterFailed = true;
    this.push(formatSseEvent("error", { code: "filter_failed", message: e.message }), true);
  };

  // --- the queue -----------------------------------------------------------------------------

  private async enqueueRecords(records: RecordView[]): Promise<void> {
    for (let i = 0; i < records.length; i += EVENT_RECORDS) {
      const part = records.slice(i, i + EVENT_RECORDS);
      const bytes = part.reduce((n, r) => n + estimateBytes(r), 0);
      // Wait for room; an empty queue always takes one chunk, however large.
      while (
        !this.ended &&
        this.queue.length > 0 &&
        (this.queuedRecords + part.length > this.o.limits.queueRecords || this.queuedBytes + bytes > this.o.limits.queueBytes)
      ) {
        await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
      }
      if (this.ended) return;
      // Shards read at once may race for the last places: never more than `max` in all.
      if (this.matched + part.length > this.o.max) part.splice(this.o.max - this.matched);
      if (part.length === 0) return;
      this.matched += part.length;
      const text = this.o.format === "sse" ? formatSseEvent("records", { records: part } satisfies SearchRecordsEvent) : toNdjson(part);
      this.queue.push({ text, records: part.length, bytes });
      this.queuedRecords += part.length;
      this.queuedBytes += bytes;
      this.wake?.();
    }
  }

  /** An event outside the record queue's bounds (plan, errors, done); with `sseOnly`, left out of an NDJSON download. */
  private push(text: string, sseOnly = false): void {
    if (sseOnly && this.o.format !== "sse") return;
    this.queue.push({ text, records: 0, bytes: 0 });
    this.wake?.();
  }

  private freeRoom(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const w of waiters) w();
  }

  // --- the end -------------------------------------------------------------------------------

  /** Stops reading for a reason other than the window being read. */
  private stop(reason: SearchDoneReason, limit?: "time" | "bytes"): void {
    this.finish(reason, limit);
  }

  private finish(reason: SearchDoneReason, limit?: "time" | "bytes"): void {
    if (this.ended) return;
    this.ended = true;
    this.abort.abort();
    for (const t of this.timers) clearTimeout(t);
    for (const scan of this.scans.values()) {
      if (scan.state === "reading" || scan.state === "throttled") scan.state = "stopped";
    }
    this.freeRoom();
    const shards = this.progressShards();
    this.finished = {
      reason,
      matched: this.matched,
      scanned: this.scanned,
      bytes: this.bytes,
      elapsedMs: Date.now() - this.startedAt,
      ...(limit ? { limit } : {}),
      message: this.describeEnd(reason, limit),
      shards,
    };
    if (this.o.format === "sse") this.push(formatSseEvent("progress", this.progress()));
    this.push(this.o.format === "sse" ? formatSseEvent("done", this.finished) : `${JSON.stringify({ done: this.finished })}\n`);
  }

  private describeEnd(reason: SearchDoneReason, limit?: "time" | "bytes"): string {
    const found = `${this.matched} match${this.matched === 1 ? "" : "es"} in ${this.scanned} record${this.scanned === 1 ? "" : "s"} read`;
    if (reason === "max") return `Stopped at the maximum of ${this.o.max} matches (${found}); shards not read to the window's end are marked stopped.`;
    if (reason === "limit" && limit === "time") {
      return `Stopped by the time limit of ${Math.round(this.o.limits.maxMs / 1000)} s (SHARDSCOPE_SEARCH_MAX_SECONDS): ${found}.`;
    }
    if (reason === "limit") return `Stopped by the bytes limit of ${this.o.limits.maxBytes} bytes read (SHARDSCOPE_SEARCH_MAX_BYTES): ${found}.`;
    return `The window was read in every shard: ${found}.`;
  }

  private covered(scan: ShardScan): number {
    if (scan.state === "done") return 100;
    if (scan.reachedMs === undefined) return 0;
    const from = this.startMs ?? scan.firstMs ?? scan.reachedMs;
    const span = this.o.endMs - from;
    if (span <= 0) return 100;
    return Math.max(0, Math.min(100, ((scan.reachedMs - from) / span) * 100));
  }

  private progressShards(): SearchShardProgress[] {
    const now = Date.now();
    return [...this.scans.values()].map((s) => {
      const seconds = s.startedAt ? ((s.endedAt ?? now) - s.startedAt) / 1000 : 0;
      return {
        shardId: s.shard.shardId,
        ...(s.reachedMs !== undefined ? { reachedAt: new Date(s.reachedMs).toISOString() } : {}),
        records: s.records,
        bytes: s.bytes,
        coveredPercent: Math.round(this.covered(s) * 10) / 10,
        state: s.state,
        recordsPerSecond: seconds > 0 ? Math.round(s.records / seconds) : 0,
        budgetPerSecond: s.budgetPerSecond,
        ...(s.message ? { message: s.message } : {}),
      };
    });
  }

  private progress(): SearchProgressEvent {
    const shards = this.progressShards();
    const elapsedMs = Date.now() - this.startedAt;
    const share = shards.length > 0 ? shards.reduce((n, s) => n + s.coveredPercent, 0) / shards.length / 100 : 1;
    const etaMs = !this.ended && share >= 0.02 && share < 1 ? Math.round((elapsedMs * (1 - share)) / share) : undefined;
    return { shards, matched: this.matched, scanned: this.scanned, bytes: this.bytes, elapsedMs, ...(etaMs !== undefined ? { etaMs } : {}) };
  }

  // --- the stream ------------------------------------------------------------------------------

  /** The next chunk; null once the search is over and everything was sent, or when closed. */
  async next(): Promise<string | null> {
    for (;;) {
      if (this.closed) return null;
      const chunk = this.queue.shift();
      if (chunk) {
        this.queuedRecords -= chunk.records;
        this.queuedBytes -= chunk.bytes;
        this.freeRoom();
        return chunk.text;
      }
      if (this.ended) return null;
      if (this.progressDue) {
        this.progressDue = false;
        return formatSseEvent("progress", this.progress());
      }
      const woke = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.o.heartbeatMs ?? 15_000);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = undefined;
      if (!woke && !this.closed && this.o.format === "sse") return formatSseComment("heartbeat");
    }
  }

  /** For tests and stats. */
  get snapshot(): { matched: number; scanned: number; bytes: number; queuedRecords: number; running: number; ended: boolean; closed: boolean } {
    return {
      matched: this.matched,
      scanned: this.scanned,
      bytes: this.bytes,
      queuedRecords: this.queuedRecords,
      running: this.running,
      ended: this.ended,
      closed: this.closed,
    };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The client left (or the stream ended): stop reading, give every budget loan and the slot back. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ended = true;
    this.abort.abort();
    for (const t of this.timers) clearTimeout(t);
    this.queue.length = 0;
    this.queuedRecords = 0;
    this.queuedBytes = 0;
    this.freeRoom();
    this.wake?.();
    this.o.onClose?.();
  }
}

const isFinished = (s: SearchShardState) => s === "done" || s === "failed" || s === "stopped";
