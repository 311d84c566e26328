import "server-only";
// Every shard reader of this server process. A viewer gets an existing reader whenever one can
// serve its position, so N viewers of a stream cost the GetRecords calls of one; all readers of a
// shard share one budget, so even distinct positions never exceed the shard's hard cap.
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { ReaderBase, ReaderStart } from "./reader-base";
import { EfoReader } from "./efo-reader";
import { ShardBudget } from "./shard-budget";
import { ShardReader, type ReaderSettings } from "./shard-reader";

export interface HubSettings extends ReaderSettings {
  maxCallsPerSecond: number;
}

export type TailReader = ShardReader | EfoReader;

export class TailHub {
  private readonly readers = new Set<TailReader>();
  private readonly budgets = new Map<string, ShardBudget>();
  /** Budgets lent out for calls outside any reader (consumer lag), by shard: how many loans are open. */
  private readonly loans = new Map<string, number>();

  constructor(
    private readonly client: KinesisClient,
    private readonly settings: HubSettings,
    /** The client for SubscribeToShard (HTTP/2 on AWS); defaults to `client`. */
    private readonly streamingClient: KinesisClient = client,
  ) {}

  private budgetFor(stream: string, shardId: string): ShardBudget {
    const key = `${stream}\u0000${shardId}`;
    let b = this.budgets.get(key);
    if (!b) {
      b = new ShardBudget(this.settings.maxCallsPerSecond);
      this.budgets.set(key, b);
    }
    return b;
  }

  /**
   * A reader that serves `start` on this shard: an existing one if possible. With `efo`, an
   * enhanced fan-out reader through that consumer; Kinesis allows one subscription per consumer
   * and shard, so a second position on the same shard falls back to polling.
   */
  reader(stream: string, shardId: string, start: ReaderStart, efo?: { consumerArn: string }): TailReader {
    const same = [...this.readers].filter((r) => r.stream === stream && r.shardId === shardId);
    const wanted = efo
      ? same.filter((r) => r instanceof EfoReader && r.settings.consumerArn === efo.consumerArn)
      : same.filter((r) => r instanceof ShardReader);
    const existing = wanted.find((r) => r.canServe(start));
    if (existing) return existing;
    const onStop = (r: ReaderBase) => {
      this.readers.delete(r as TailReader);
      this.dropBudgetIfIdle(stream, shardId);
    };
    const reader: TailReader =
      efo && wanted.length === 0
        ? new EfoReader(
            this.streamingClient,
            stream,
            shardId,
            start,
            {
              consumerArn: efo.consumerArn,
              idleStopMs: this.settings.idleStopMs,
              endpoint: this.settings.endpoint,
              bufferBytes: this.settings.bufferBytes,
              prepare: this.settings.prepare,
            },
            onStop,
          )
        : new ShardReader(this.client, stream, shardId, start, this.budgetFor(stream, shardId), this.settings, onStop);
    this.readers.add(reader);
    return reader;
  }

  private dropBudgetIfIdle(stream: string, shardId: string): void {
    const key = `${stream}\u0000${shardId}`;
    if (this.loans.has(key) || [...this.readers].some((o) => o.stream === stream && o.shardId === shardId)) return;
    this.budgets.delete(key);
  }

  /**
   * Lends a shard's budget for calls made outside any reader (a consumer's lag: GetShardIterator
   * and GetRecords), so they count against the same hard cap as the tail's: the caller acquires
   * and releases around each call and gives the loan back when done. The budget is made if no
   * reader holds it, kept while lent, and dropped once idle and every slot taken is free again.
   */
  lendBudget(stream: string, shardId: string): { budget: ShardBudget; giveBack: () => void } {
    const key = `${stream}\u0000${shardId}`;
    const budget = this.budgetFor(stream, shardId);
    this.loans.set(key, (this.loans.get(key) ?? 0) + 1);
    let returned = false;
    return {
      budget,
      giveBack: () => {
        if (returned) return;
        returned = true;
        const left = (this.loans.get(key) ?? 1) - 1;
        if (left > 0) {
          this.loans.set(key, left);
          return;
        }
        this.loans.delete(key);
        // The last call's slot is held a second after its answer: keep the budget until then, so a
        // reader starting meanwhile still sees it.
        const drop = () => {
          if (this.budgets.get(key) !== budget) return;
          if (budget.inLastSecond() > 0) setTimeout(drop, 1_050).unref?.();
          else this.dropBudgetIfIdle(stream, shardId);
        };
        drop();
      },
    };
  }

  /**
   * For stats and tests: how many readers run, GetRecords calls so far per shard, and the bytes
   * their buffers hold for viewers that have not taken them yet.
   */
  snapshot(): { readers: number; calls: Record<string, number>; bufferedBytes: number } {
    const calls: Record<string, number> = {};
    for (const [key, b] of this.budgets) calls[key.replace("\u0000", "/")] = b.calls;
    let bufferedBytes = 0;
    for (const r of this.readers) bufferedBytes += r.buffered.bytes;
    return { readers: this.readers.size, calls, bufferedBytes };
  }

  /** Readers running now, by mode (polling GetRecords, enhanced fan-out). */
  readersByMode(): Record<"polling" | "efo", number> {
    const counts = { polling: 0, efo: 0 };
    for (const r of this.readers) counts[r.mode]++;
    return counts;
  }

  stopAll(): void {
    for (const r of [...this.readers]) r.stop();
  }
}
