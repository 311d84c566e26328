import "server-only";
// The read budget of one shard, shared by every Shardscope reader of that shard. Kinesis allows 5
// GetRecords calls per second per shard for all consumers together, production ones included, and
// it counts calls when they arrive, not when a reader decides to make them: a call can wait in the
// HTTP client's socket queue and leave together with later ones. So a call holds its slot from
// the moment it is decided until one second after its answer came back (it reached Kinesis at
// some time in between): however requests queue, no second ever sees more than `maxPerSecond` of
// ours arrive.
import { sleep } from "@/lib/util/sleep";

export class ShardBudget {
  /** When calls started, for the displayed rate (last ten seconds). */
  private readonly starts: number[] = [];
  /** When answered calls came back (last second). */
  private readonly ends: number[] = [];
  private inFlight = 0;
  private total = 0;

  constructor(
    readonly maxPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  private prune(t: number): void {
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= t - 10_000) this.starts.shift();
    while (this.ends.length > 0 && (this.ends[0] ?? 0) <= t - 1000) this.ends.shift();
  }

  /** Slots held now: calls in flight, and calls answered in the last second. */
  inLastSecond(t = this.now()): number {
    this.prune(t);
    return this.inFlight + this.ends.length;
  }

  /** Average calls per second over the last ten seconds, for display. */
  ratePerSecond(t = this.now()): number {
    this.prune(t);
    return this.starts.length / 10;
  }

  get calls(): number {
    return this.total;
  }

  /**
   * Waits for a slot, then takes it. Call the returned function when the call's answer (or error)
   * is back; the slot is held one more second from then. Rejects if the signal aborts.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      if (signal?.aborted) throw new Error("aborted");
      const t = this.now();
      if (this.inLastSecond(t) < this.maxPerSecond) {
        this.starts.push(t);
        this.total++;
        this.inFlight++;
        let done = false;
        return () => {
          if (done) return;
          done = true;
          this.inFlight--;
          this.ends.push(this.now());
        };
      }
      // Full: a slot frees when the oldest answered call is a second old, or when one in flight
      // is answered (it then holds its slot a second more, so that wakes nobody early).
      const oldest = this.ends[0];
      // (sleep resolves at once on abort; the loop then throws.)
      await sleep(oldest === undefined ? 1000 : Math.max(1, oldest + 1000 - t), signal);
    }
  }
}
