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
      if (![...this.readers].some((o) => o.stream === stream && o.shardId === shardId)) this.budgets.delete(`${stream}\u0000${shardId}`);
    };
    const reader: TailReader =
      efo && wanted.length === 0
        ? new EfoReader(
            this.streamingClient,
            stream,
            shardId,
            start,
            { consumerArn: efo.consumerArn, idleStopMs: this.settings.idleStopMs, endpoint: this.settings.endpoint },
            onStop,
          )
        : new ShardReader(this.client, stream, shardId, start, this.budgetFor(stream, shardId), this.settings, onStop);
    this.readers.add(reader);
    return reader;
  }

  /** For stats and tests: how many readers run, and GetRecords calls so far per shard. */
  snapshot(): { readers: number; calls: Record<string, number> } {
    const calls: Record<string, number> = {};
    for (const [key, b] of this.budgets) calls[key.replace("\u0000", "/")] = b.calls;
    return { readers: this.readers.size, calls };
  }

  stopAll(): void {
    for (const r of [...this.readers]) r.stop();
  }
}
