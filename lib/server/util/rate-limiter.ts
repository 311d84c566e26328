// Bounds both how many calls run at once and how many start per second, for AWS APIs with
// per-account limits (DescribeStreamSummary: 20/s) that other tools share with us.

export class RateLimiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private readonly starts: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly concurrency: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            this.active--;
            this.pump();
          });
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.active < this.concurrency) {
      const t = this.now();
      while (this.starts.length > 0 && (this.starts[0] ?? 0) <= t - 1000) this.starts.shift();
      if (this.starts.length >= this.perSecond) {
        if (!this.timer) {
          const wait = Math.max(1, (this.starts[0] ?? t) + 1000 - t);
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, wait);
        }
        return;
      }
      this.starts.push(t);
      this.active++;
      this.queue.shift()?.();
    }
  }
}
