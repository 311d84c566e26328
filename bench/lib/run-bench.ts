// What every benchmark does around its work: a failure type whose message is the whole story,
// cleanup on success, failure and Ctrl-C, and the exit code that says which it was.

/** A benchmark check that failed: printed as its message alone, without a stack. */
export class BenchFailure extends Error {}

export const progress = (line: string) => console.error(`[bench] ${line}`);

export function runBench(main: () => Promise<void>, cleanup: () => Promise<void>): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      progress(`${signal}: cleaning up`);
      void cleanup().then(() => process.exit(130));
    });
  }
  main()
    .then(async () => {
      await cleanup();
      process.exit(0);
    })
    .catch(async (err: unknown) => {
      console.error(`[bench] FAILED: ${err instanceof BenchFailure ? err.message : ((err as Error).stack ?? err)}`);
      await cleanup();
      process.exit(1);
    });
}
