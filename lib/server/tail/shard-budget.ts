import "server-only";
// The read budget of one shard, shared by every Shardscope reader of that shard: a sliding
// one-second window that never lets more than `maxPerSecond` GetRecords calls start. Kinesis
// allows 5 per shard for all consumers together, production ones included.
import { sleep } from "@/lib/util/sleep";

export class ShardBudget {
  private readonly starts: number[] = [];
  private total = 0;

  constructor(
    readonly maxPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  private prune(t: number): void {
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= t - 10_000) this.starts.shift();
  }

  /** Calls started in the last second. */
  inLastSecond(t = this.now()): number {
    this.prune(t);
    let n = 0;
    for (let i = this.starts.length - 1; i >= 0 && (this.starts[i] ?? 0) > t - 1000; i--) n++;
    return n;
  }

  /** Average calls per second over the last ten seconds, for display. */
  ratePerSecond(t = this.now()): number {
    this.prune(t);
    return this.starts.length / 10;
  }

  get calls(): number {
    return this.total;
  }

  /** Waits for a slot in the window, then takes it. Rejects if the signal aborts. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new Error("aborted");
      const t = this.now();
      if (this.inLastSecond(t) < this.maxPerSecond) {
        this.starts.push(t);
        this.total++;
        return;
      }
      const oldestInWindow = this.starts[this.starts.length - this.maxPerSecond] ?? t;
      await sleep(Math.max(1, oldestInWindow + 1000 - t), signal);
    }
  }
}
