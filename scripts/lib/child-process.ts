// Spawns the long-lived helper processes of the demo, tests and benchmarks (kinesis-local, moto,
// next) so that they never outlive us, keeps the tail of their output for error messages, waits
// until a local service answers, and stops them.
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

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  readonly exited: Promise<ChildExit>;
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

export interface SpawnChildOptions extends SpawnNodeOptions {
  /** The program to run with `args`. */
  command: string;
  /** "pipe" gives the child a stdin we hold open (e.g. for a watchdog of its own); "ignore" by default. */
  stdin?: "ignore" | "pipe";
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
  return spawnChild({ ...opts, command: process.execPath });
}

/** Runs `command <args>` as a child bound to our lifetime. */
export function spawnChild(opts: SpawnChildOptions): ManagedChild {
  installExitHook();
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    // Not detached: it stays in our process group, so a Ctrl-C in the terminal reaches it too.
    detached: false,
    stdio: [opts.stdin ?? "ignore", "pipe", "pipe"],
  });
  child.stdin?.on("error", () => {});
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
  const exited = new Promise<ChildExit>((resolve) => {
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

/** A local service we started (kinesis-local, moto) as the demo, tests and benchmarks see it. */
export interface LocalService {
  /** Plain HTTP endpoint on loopback, e.g. http://127.0.0.1:41234. */
  endpoint: string;
  port: number;
  pid: number;
  /** Settles when the process exits, whether we stopped it or not. */
  exited: Promise<ChildExit>;
  /** SIGTERM, SIGKILL after a grace period; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export function localService(child: ManagedChild, port: number): LocalService {
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.process.pid ?? -1,
    exited: child.exited,
    stop: (graceMs = 3_000) => child.stop(graceMs),
  };
}

export interface AnswerProbe {
  /** The request it makes, for messages, e.g. "ListStreams". */
  request: string;
  /** One attempt (no SDK retries: the wait is the retry), given up when `signal` aborts. */
  send(signal: AbortSignal): Promise<unknown>;
  /** Called once the wait is over, answered or not (e.g. to close the probe's connections). */
  close(): void;
}

/**
 * Probes `service` until it answers, it exits (a probe may hang on whatever else holds the port,
 * so its exit ends the wait at once), or `timeoutMs` passes; throws a message that says which.
 */
export async function waitUntilAnswering(
  name: string,
  service: Pick<LocalService, "endpoint" | "exited">,
  probe: AnswerProbe,
  timeoutMs: number,
): Promise<void> {
  let exit: ChildExit | undefined;
  const childGone = service.exited.then((e) => {
    exit = e;
    return "exited" as const;
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer yet";
  try {
    for (;;) {
      if (exit) throw new Error(`${name} exited before it answered (code ${exit.code}, signal ${exit.signal})`);
      try {
        const answer = probe.send(AbortSignal.timeout(2_000));
        answer.catch(() => {});
        if ((await Promise.race([answer, childGone])) !== "exited") return;
        continue;
      } catch (err) {
        lastError = (err as Error).message || (err as Error).name;
      }
      if (Date.now() > deadline) {
        throw new Error(`${name} did not answer ${probe.request} at ${service.endpoint} within ${timeoutMs} ms (last error: ${lastError})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    probe.close();
  }
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
  for (let pid = process.ppid; chain.length < depth && pid > 1;) {
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
