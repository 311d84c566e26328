// What the tail benchmarks check and read about the built app they run: that the build is not
// older than the tail code, and the resident memory of the server process tree.
import fs from "node:fs";
import path from "node:path";
import { hasBuild } from "../../scripts/lib/next-server";
import { BenchFailure } from "./run-bench";

/** Fails when the build predates the tail code it would be measuring. */
export function checkTailBuild(): void {
  if (!hasBuild()) throw new BenchFailure("no production build: .next/BUILD_ID is missing. Run `npm run build` first.");
  const built = fs.statSync(path.join(".next", "BUILD_ID")).mtimeMs;
  const sources = [
    ...fs.readdirSync(path.join("lib", "server", "tail")).map((f) => path.join("lib", "server", "tail", f)),
    path.join("app", "api", "t", "[target]", "[region]", "streams", "[name]", "tail", "route.ts"),
  ].filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const stale = sources.filter((f) => fs.statSync(f).mtimeMs > built);
  if (stale.length > 0) throw new BenchFailure(`the build is older than ${stale.join(", ")}: run \`npm run build\` first`);
}

/** Resident memory of a process and all its descendants (Linux /proc), in bytes; 0 elsewhere. */
export function treeRss(rootPid: number): number {
  if (!fs.existsSync("/proc/self/stat")) return 0;
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const pending = [rootPid]; pending.length > 0;) {
    const pid = pending.pop()!;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      total += Number(rss ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}
