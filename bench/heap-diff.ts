// Compares two V8 heap snapshots (as written by the server's SHARDSCOPE_DIAGNOSTICS=snapshot, see
// scripts/start.mjs): objects counted by kind and constructor name, with their own sizes, and the
// groups that grew most from the first to the second. Used to tell whether memory left after the
// soak benchmark is held by objects of ours (sessions, readers, queues, listeners, sockets).
//   tsx bench/heap-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot [--top 40] [--grep TailSession]
import fs from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
}

interface Group {
  count: number;
  bytes: number;
}

/** Counts and self sizes by "type:name" (closure names and strings are grouped by type only). */
function summarize(file: string): { groups: Map<string, Group>; total: Group } {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf("type");
  const iName = fields.indexOf("name");
  const iSize = fields.indexOf("self_size");
  const groups = new Map<string, Group>();
  const total: Group = { count: 0, bytes: 0 };
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!]!;
    const size = snap.nodes[i + iSize]!;
    // Names of these kinds are contents (a string's text, a number's value), not a constructor.
    const named = type === "object" || type === "closure" || type === "native" || type === "hidden";
    const name = named ? snap.strings[snap.nodes[i + iName]!]!.slice(0, 60) : "";
    const key = `${type}:${name}`;
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    groups.set(key, g);
    total.count++;
    total.bytes += size;
  }
  return { groups, total };
}

// Piped into `head`: stop quietly when the reader has had enough.
process.stdout.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? 0 : 1));

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const top = Number(flag("--top") ?? 40);
const grep = flag("--grep");
if (args.length !== 2) {
  console.error("usage: tsx bench/heap-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot [--top N] [--grep NAME]");
  process.exit(2);
}
const [before, after] = args.map(summarize) as [ReturnType<typeof summarize>, ReturnType<typeof summarize>];
const mib = (b: number) => (b / 1024 / 1024).toFixed(2);
console.log(`total: ${before.total.count} → ${after.total.count} objects, ${mib(before.total.bytes)} → ${mib(after.total.bytes)} MiB (self sizes)`);
const keys = new Set([...before.groups.keys(), ...after.groups.keys()]);
const rows = [...keys].map((k) => {
  const b = before.groups.get(k) ?? { count: 0, bytes: 0 };
  const a = after.groups.get(k) ?? { count: 0, bytes: 0 };
  return { k, b, a, dBytes: a.bytes - b.bytes, dCount: a.count - b.count };
});
const show = (r: (typeof rows)[number]) =>
  console.log(
    `${r.dBytes >= 0 ? "+" : ""}${mib(r.dBytes).padStart(8)} MiB ${r.dCount >= 0 ? "+" : ""}${String(r.dCount).padStart(7)}  ` +
      `(${r.b.count} → ${r.a.count}, ${mib(r.b.bytes)} → ${mib(r.a.bytes)} MiB)  ${r.k}`,
  );
if (grep) {
  for (const r of rows.filter((r) => r.k.toLowerCase().includes(grep.toLowerCase())).sort((x, y) => y.a.count - x.a.count)) show(r);
} else {
  console.log(`\ngrew most (bytes):`);
  for (const r of [...rows].sort((x, y) => y.dBytes - x.dBytes).slice(0, top)) show(r);
  console.log(`\ngrew most (count):`);
  for (const r of [...rows].sort((x, y) => y.dCount - x.dCount).slice(0, top)) show(r);
}
