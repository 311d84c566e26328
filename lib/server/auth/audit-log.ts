import "server-only";
// The audit log: one JSON line per write, refused write and sign-in, appended to
// SHARDSCOPE_AUDIT_LOG (opened for appending only: what is there stays, across restarts) and
// written to stdout. Appends are serialized, so lines never interleave. Without a file, the last
// entries since start are kept in memory for the Audit page. Never the records' data.
import { appendFile, open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { auditMatches, type AuditEntry, type AuditQuery, type AuditResponse } from "@/lib/auth/audit";
import { authSettings } from "./settings";

const KEY = Symbol.for("shardscope.auditLog");
const MEMORY_ENTRIES = 1_000;

interface AuditState {
  /** The last append, so the next one starts after it. */
  tail: Promise<void>;
  memory: AuditEntry[];
}

function state(): AuditState {
  const g = globalThis as typeof globalThis & { [KEY]?: AuditState };
  g[KEY] ??= { tail: Promise.resolve(), memory: [] };
  return g[KEY];
}

/** Appends one entry (time set now unless given); resolves once it is in the file. Never throws. */
export function recordAudit(entry: Omit<AuditEntry, "time"> & { time?: string }): Promise<void> {
  const full: AuditEntry = { time: entry.time ?? new Date().toISOString(), ...entry } as AuditEntry;
  const line = `${JSON.stringify(full)}\n`;
  process.stdout.write(`[shardscope-audit] ${line}`);
  const s = state();
  const run = s.tail.then(async () => {
    const file = (await authSettings().catch(() => undefined))?.auditLog;
    if (!file) {
      s.memory.push(full);
      if (s.memory.length > MEMORY_ENTRIES) s.memory.splice(0, s.memory.length - MEMORY_ENTRIES);
      return;
    }
    try {
      await appendFile(file, line, { flag: "a", mode: 0o600 });
    } catch (e) {
      // The write itself already happened (or was refused); say loudly that its record is missing.
      console.error(`[shardscope] could not append to the audit log ${file}: ${(e as Error).message}`);
    }
  });
  s.tail = run;
  return run;
}

/** The newest entries matching the query, newest first, with how many matched in all. */
export async function readAudit(q: AuditQuery): Promise<AuditResponse> {
  const limit = q.limit ?? 200;
  await state().tail; // what was appended before this request is in the answer
  const file = (await authSettings()).auditLog;
  if (!file) {
    const matching = state().memory.filter((e) => auditMatches(e, q));
    return { entries: matching.slice(-limit).reverse(), matched: matching.length, source: { kind: "memory" } };
  }
  const newest: AuditEntry[] = [];
  let matched = 0;
  let handle;
  try {
    handle = await open(file, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], matched: 0, source: { kind: "file", path: file } };
    throw e;
  }
  try {
    // Line by line: the file may be large, and the event loop keeps turning between chunks.
    const lines = createInterface({ input: handle.createReadStream({ encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of lines) {
      const entry = parseLine(line);
      if (!entry || !auditMatches(entry, q)) continue;
      matched++;
      newest.push(entry);
      if (newest.length > limit) newest.shift();
    }
  } finally {
    await handle.close();
  }
  return { entries: newest.reverse(), matched, source: { kind: "file", path: file } };
}

function parseLine(line: string): AuditEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    const v = JSON.parse(line) as AuditEntry;
    return typeof v === "object" && v !== null && typeof v.time === "string" && typeof v.action === "string" && typeof v.user === "string" ? v : undefined;
  } catch {
    return undefined; // a line cut by a crash mid-write: skipped, the rest still read
  }
}
