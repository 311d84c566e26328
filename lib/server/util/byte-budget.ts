// A budget of bytes held at once, shared by whoever reserves from it: `reserve(n)` waits until n
// more bytes fit (first come, first served: a small reservation never overtakes a waiting big
// one, so big ones are never starved), and the release gives them back. A reservation larger
// than the whole budget waits until nothing else is held, then runs alone. Waiting stops when the
// caller's signal aborts (the reservation is then never granted).

export class ByteBudget {
  private held = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {}

  /** Bytes reserved now. */
  get inUse(): number {
    return this.held;
  }

  /** Reservations waiting for room. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with the release once `bytes` are reserved; rejects if `signal` aborts first. */
  reserve(bytes: number, signal?: AbortSignal): Promise<() => void> {
    const n = Math.max(0, bytes);
    if (signal?.aborted) return Promise.reject(new Error("aborted"));
    if (this.waiting.length === 0 && this.fits(n)) return Promise.resolve(this.take(n));
    return new Promise((resolve, reject) => {
      const waiter = {
        bytes: n,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.take(n));
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error("aborted"));
        this.wake(); // the next ones may fit now that this one no longer waits before them
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private fits(n: number): boolean {
    return this.held === 0 || this.held + n <= this.capacity;
  }

  private take(n: number): () => void {
    this.held += n;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= n;
      this.wake();
    };
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) this.waiting.shift()!.grant();
  }
}
