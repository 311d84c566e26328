// The one sleep of the app and its scripts, on the server and in the browser alike.

/**
 * Waits `ms` milliseconds. When `signal` aborts (or has already), it resolves at once instead:
 * it never rejects, so a caller that must not go on after an abort checks `signal.aborted`.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
