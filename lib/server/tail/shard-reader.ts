import "server-only";
// Reads one shard by polling GetRecords, shared by every viewer that can use it. It spends at most
// its budget while caught up, reads back to back only while behind (still inside the shard's hard
// cap), backs off when throttled or when the endpoint is down, renews expired iterators from its
// checkpoint, and says when a closed shard has been read to its end.
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { mapAwsError } from "@/lib/server/errors";
import { ReadRecord } from "@/lib/server/kinesis/read-record";
import { countGetRecords, type ScopeLabels } from "@/lib/server/ops/metrics";
import { sleep } from "@/lib/util/sleep";
import { isPositionRefused, ReaderBase, type ReaderStart } from "./reader-base";
import type { ShardBudget } from "./shard-budget";

export type { ReaderEvent, ReaderListener, ReaderStart } from "./reader-base";

export interface ReaderSettings {
  /** GetRecords calls per second while caught up. */
  callsPerSecond: number;
  idleStopMs: number;
  /** GetRecords Limit; Kinesis allows up to 10,000. */
  batchLimit?: number;
  /** Bound of the reader's buffer of batches not yet taken by every viewer. */
  bufferBytes?: number;
  endpoint?: string;
  /** The target and region read, for the GetRecords metrics. */
  scope?: ScopeLabels;
  /** Readies a batch for its viewers' decoders (schemas fetched) before it is handed out. */
  prepare?: (stream: string, records: ReadRecord[]) => Promise<void>;
}

/** A batch whose newest record is older than this means the reader is still catching up. */
const CATCHING_UP_AGE_MS = 3_000;

function isOld(arrivalTime: string | undefined): boolean {
  const t = arrivalTime ? Date.parse(arrivalTime) : NaN;
  return !Number.isNaN(t) && Date.now() - t > CATCHING_UP_AGE_MS;
}

export class ShardReader extends ReaderBase {
  readonly mode = "polling" as const;
  protected readonly retry = { floorMs: 500, jitter: 0.2 };

  constructor(
    private readonly client: KinesisClient,
    stream: string,
    shardId: string,
    start: ReaderStart,
    private readonly budget: ShardBudget,
    private readonly settings: ReaderSettings,
    onStop: (reader: ShardReader) => void,
  ) {
    super(stream, shardId, start, settings.idleStopMs, (r) => onStop(r as ShardReader), settings.bufferBytes);
    void this.run();
  }

  protected callRates(now: number) {
    return { callsPerSecond: this.budget.ratePerSecond(now), budgetPerSecond: this.budget.maxPerSecond };
  }

  private countCall(error?: unknown): void {
    if (this.settings.scope) countGetRecords(this.settings.scope, this.stream, error);
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
    /** When the last GetRecords call started, and whether its answer found the reader caught up. */
    let lastCallAt: number | undefined;
    let caughtUp = false;
    while (!this.stopped) {
      let asked: ReaderStart | undefined;
      try {
        if (!iterator) {
          asked = this.resumePoint();
          iterator = await this.iterator();
          asked = undefined;
          this.reached = true;
        }
        if (!iterator) {
          // No iterator for a closed shard past its end: nothing more will ever come.
          this.finish();
          return;
        }
        // Read ahead only as far as some viewer needs (the buffer holds the rest for the others).
        await this.waitForDemand(signal);
        // Caught up: one call every `pause`, counted from the start of the last one, so that a
        // slow answer does not add its own duration to the wait (the budget is spent exactly).
        if (caughtUp && lastCallAt !== undefined) await sleep(Math.max(0, lastCallAt + pause - Date.now()), signal);
        if (signal.aborted) return;
        const answered = await this.budget.acquire(signal);
        lastCallAt = Date.now();
        const out = await this.client
          .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.settings.batchLimit ?? 10_000 }), { abortSignal: signal })
          .then(
            (answer) => (this.countCall(), answer),
            (e: unknown) => {
              this.countCall(e);
              throw e;
            },
          )
          .finally(answered);
        backoff = 0;
        const records = (out.Records ?? []).map((r) => new ReadRecord(this.shardId, r));
        await this.settings.prepare?.(this.stream, records);
        if (this.stopped) return;
        const behind = out.MillisBehindLatest ?? 0;
        iterator = out.NextShardIterator;
        this.deliver(records, behind);
        if (!iterator) {
          this.finish();
          return;
        }
        // Behind: read again at once (the shard budget still caps us). Caught up: keep to the budget.
        // Some emulators report MillisBehindLatest 0 while far behind, so old records count too.
        const catchingUp = records.length > 0 && (behind > 0 || isOld(records.at(-1)?.arrivalTime));
        this.setState(catchingUp ? "catching-up" : "live");
        caughtUp = !catchingUp;
      } catch (e) {
        if (this.stopped || signal.aborted) return;
        if ((e as { name?: string }).name === "ExpiredIteratorException") {
          iterator = undefined;
          continue;
        }
        if (asked && isPositionRefused(e, this.settings.endpoint) && this.fallBackFrom(asked)) continue;
        // An iterator the shard refuses is no good any more: the next try asks for a new one.
        if (isPositionRefused(e, this.settings.endpoint)) iterator = undefined;
        const next = await this.retryAfter(mapAwsError(e, { service: "Kinesis", endpoint: this.settings.endpoint }), backoff);
        if (next === undefined) return;
        backoff = next;
      }
    }
  }
}
