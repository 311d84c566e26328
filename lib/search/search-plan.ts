// Which shards a search reads. Chosen shards bring their descendants (a window may run past a
// split or a merge); an exact partition key reads only the shards whose hash key range holds the
// key's MD5 (as Kinesis routes it): one open shard and the ancestors it descends from, never the
// rest. Shards come parents first, so that a reader can start a child once its parents are read.
import type { ShardView } from "@/lib/streams/types";
import { partitionKeyHash } from "@/lib/put/predict-shard";

export interface SearchPlanInput {
  shards: readonly ShardView[];
  /** Only these shards and their descendants; all when empty. */
  chosen: readonly string[];
  key?: string;
  keyMode?: "exact" | "prefix";
}

export interface SearchPlan {
  /** Parents before children, then by shard id. */
  shards: ShardView[];
  /** For an exact key: its hash (decimal) and the open shard that takes it now. */
  keyed?: { key: string; hashKey: string; openShardId?: string };
}

const parentsOf = (s: ShardView) => [s.parentShardId, s.adjacentParentShardId].filter((p): p is string => !!p);

/** Whether `shard` is one of `chosen` or descends from one. */
function descendsFrom(shard: ShardView, chosen: ReadonlySet<string>, byId: ReadonlyMap<string, ShardView>): boolean {
  const seen = new Set<string>();
  const walk = (s: ShardView | undefined): boolean => {
    if (!s || seen.has(s.shardId)) return false;
    seen.add(s.shardId);
    if (chosen.has(s.shardId)) return true;
    return parentsOf(s).some((p) => walk(byId.get(p)));
  };
  return walk(shard);
}

export function holdsHashKey(shard: ShardView, hashKey: bigint): boolean {
  return BigInt(shard.hashKeyRange.start) <= hashKey && hashKey <= BigInt(shard.hashKeyRange.end);
}

/** Parents first (of those in the list), ties by shard id: a stable topological order. */
export function lineageOrder(shards: readonly ShardView[]): ShardView[] {
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  const sorted = [...shards].sort((a, b) => a.shardId.localeCompare(b.shardId));
  const out: ShardView[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (s: ShardView) => {
    if (placed.has(s.shardId) || visiting.has(s.shardId)) return;
    visiting.add(s.shardId);
    for (const p of parentsOf(s)) {
      const parent = byId.get(p);
      if (parent) place(parent);
    }
    visiting.delete(s.shardId);
    placed.add(s.shardId);
    out.push(s);
  };
  for (const s of sorted) place(s);
  return out;
}

export function planSearch(input: SearchPlanInput): SearchPlan {
  const byId = new Map(input.shards.map((s) => [s.shardId, s]));
  const chosen = new Set(input.chosen);
  let shards = chosen.size === 0 ? [...input.shards] : input.shards.filter((s) => descendsFrom(s, chosen, byId));
  let keyed: SearchPlan["keyed"];
  if (input.key && (input.keyMode ?? "exact") === "exact") {
    const hash = partitionKeyHash(input.key);
    shards = shards.filter((s) => holdsHashKey(s, hash));
    keyed = { key: input.key, hashKey: hash.toString(), openShardId: input.shards.find((s) => s.open && holdsHashKey(s, hash))?.shardId };
  }
  return { shards: lineageOrder(shards), ...(keyed ? { keyed } : {}) };
}

/** The plan's parents of `shard` that must be read before it. */
export function plannedParents(shard: ShardView, planned: ReadonlySet<string>): string[] {
  return parentsOf(shard).filter((p) => planned.has(p));
}
