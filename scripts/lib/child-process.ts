// Spawns the long-lived helper processes of the demo, tests and benchmarks (kinesis-local, next)
// so that they never outlive us, keeps the tail of their output for error messages, and stops them.
import { spawn, type ChildProcess } from "node:child_process";

/**
 * Preloaded into every child: it exits when its stdin pipe closes. We hold the write end, so
 * the pipe closes when we exit for any reason — even SIGKILL, when no handler of ours runs.
 */
const EXIT_WITH_PARENT = [
  "data:text/javascript,",
  'process.stdin.on("end",()=>process.exit(0));',
  'process.stdin.on("error",()=>process.exit(0));',
  "process.stdin.resume();",
].join("");

export interface ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines it printed (stdout and stderr interleaved), for error messages. */
  tail(): string;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnNodeOptions {
  /** A short label used in messages. */
  name: string;
  /** The script to run with this Node binary, then its arguments. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with every line the child prints. */
  onLine?: (line: string) => void;
  tailLines?: number;
}

const live = new Set<ManagedChild>();
let exitHookInstalled = false;

/** Last resort when we exit without stopping our children: `exit` handlers must be synchronous. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) {
      if (!child.hasExited()) child.process.kill("SIGKILL");
    }
  });
}

/** Runs `node <args>` as a child bound to our lifetime. */
export function spawnNode(opts: SpawnNodeOptions): ManagedChild {
  installExitHook();
  const child = spawn(process.execPath, ["--import", EXIT_WITH_PARENT, ...opts.args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    // Not detached: it stays in our process group, so a Ctrl-C in the terminal reaches it too.
    detached: false,
    stdio: ["pipe", "pipe", "pipe"],
  });

  const maxLines = opts.tailLines ?? 40;
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    if (!stream) return;
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (lines.length > maxLines) lines.shift();
        opts.onLine?.(line);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true;
      live.delete(managed);
      resolve({ code, signal });
    });
    // A spawn failure (e.g. ENOENT) emits `error` and never `exit`.
    child.once("error", (err) => {
      lines.push(`spawn error: ${err.message}`);
      done = true;
      live.delete(managed);
      resolve({ code: null, signal: null });
    });
  });
  // Writing to a child that has gone away must not crash us.
  child.stdin?.on("error", () => {});

  const managed: ManagedChild = {
    name: opts.name,
    process: child,
    exited,
    tail: () => lines.join("\n"),
    hasExited: () => done,
    async stop(graceMs = 3_000) {
      if (done) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!done) child.kill("SIGKILL");
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  live.add(managed);
  return managed;
}
