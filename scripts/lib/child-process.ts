// Spawns the long-lived helper processes of the demo, tests and benchmarks (kinesis-local, next)
// so that they never outlive us, keeps the tail of their output for error messages, and stops them.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

/**
 * A tiny watchdog process shared by all our children. We hold the write end of its stdin, so it
 * sees end-of-file when we exit for any reason (even SIGKILL, when no handler of ours runs) and
 * then terminates every child we registered with it. It ignores Ctrl-C: that is our job.
 * (Preloading a watchdog into each child instead leaks into the workers Next forks.)
 */
const REAPER_SOURCE = `
const pids = new Set();
let buffered = "";
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => {});
const kill = (signal) => { for (const pid of pids) { try { process.kill(pid, signal); } catch {} } };
// A zombie (exited, not yet reaped by an init that may never do it) counts as gone.
const alive = (pid) => {
  try {
    const stat = require("node:fs").readFileSync("/proc/" + pid + "/stat", "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch (err) {
    if (err.code === "ENOENT" && process.platform === "linux") return false;
    try { process.kill(pid, 0); return true; } catch { return false; }
  }
};
const reap = () => {
  kill("SIGTERM");
  const started = Date.now();
  const check = () => {
    for (const pid of pids) if (!alive(pid)) pids.delete(pid);
    if (pids.size === 0) process.exit(0);
    if (Date.now() - started > 2000) { kill("SIGKILL"); process.exit(0); }
    setTimeout(check, 50);
  };
  check();
};
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let i;
  while ((i = buffered.indexOf("\\n")) >= 0) {
    const line = buffered.slice(0, i);
    buffered = buffered.slice(i + 1);
    const pid = Number(line.slice(1));
    if (line[0] === "+") pids.add(pid); else pids.delete(pid);
  }
});
process.stdin.on("end", reap);
process.stdin.on("error", reap);
`;

let reaper: ChildProcess | undefined;

function tellReaper(line: string): void {
  if (!reaper) {
    reaper = spawn(process.execPath, ["-e", REAPER_SOURCE], { stdio: ["pipe", "ignore", "ignore"], detached: false });
    reaper.on("error", () => {});
    reaper.stdin?.on("error", () => {});
    // It must not keep us alive: neither the process nor the pipe counts for our event loop.
    reaper.unref();
    (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  reaper.stdin?.write(`${line}\n`);
}

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
  const child = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    // Not detached: it stays in our process group, so a Ctrl-C in the terminal reaches it too.
    detached: false,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid !== undefined) tellReaper(`+${child.pid}`);

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
      if (child.pid !== undefined) tellReaper(`-${child.pid}`);
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

/**
 * Calls `onGone` once when one of our nearest ancestors exits (Linux only; elsewhere a no-op).
 * `npm run demo` runs us as npm → sh → tsx → us, and where sh is dash a SIGTERM to npm kills sh
 * without passing it on: we would keep running, orphaned. Watching the chain catches that.
 */
export function onAncestorExit(onGone: () => void, depth = 3, intervalMs = 500): void {
  if (process.platform !== "linux") return;
  const parentOf = (pid: number): number | undefined => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the parenthesised command: state, ppid, …; a zombie has exited already.
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return state === "Z" ? undefined : Number(ppid);
    } catch {
      return undefined;
    }
  };
  const chain: { pid: number; parent: number }[] = [];
  for (let pid = process.ppid; chain.length < depth && pid > 1; ) {
    const parent = parentOf(pid);
    if (parent === undefined) break;
    chain.push({ pid, parent });
    pid = parent;
  }
  const timer = setInterval(() => {
    // Gone, or re-parented (its own parent died): either way whoever launched us has left.
    if (chain.some(({ pid, parent }) => parentOf(pid) !== parent)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
}
