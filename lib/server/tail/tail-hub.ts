import "server-only";
// Every shard reader of this server process. A viewer gets an existing reader whenever one can
// serve its position, so N viewers of a stream cost the GetRecords calls of one; all readers of a
// shard share one budget, so even distinct positions never exceed the shard's hard cap.
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { ShardBudget } from "./shard-budget";
import { ShardReader, type ReaderSettings, type ReaderStart } from "./shard-reader";

export interface HubSettings extends ReaderSettings {
  maxCallsPerSecond: number;
}

export class TailHub {
  private readonly readers = new Set<ShardReader>();
  private readonly budgets = new Map<string, ShardBudget>();

  constructor(
    private readonly client: KinesisClient,
    private readonly settings: HubSettings,
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

  /** A reader that serves `start` on this shard: an existing one if possible. */
  reader(stream: string, shardId: string, start: ReaderStart): ShardReader {
    for (const r of this.readers) {
      if (r.stream === stream && r.shardId === shardId && r.canServe(start)) return r;
    }
    const reader = new ShardReader(this.client, stream, shardId, start, this.budgetFor(stream, shardId), this.settings, (r) => {
      this.readers.delete(r);
      if (![...this.readers].some((o) => o.stream === stream && o.shardId === shardId)) this.budgets.delete(`${stream}\u0000${shardId}`);
    });
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
