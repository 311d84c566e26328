// Places shards on the 0 … 2^128 − 1 hash key space for the shard map: x from the hash key
// range, a row per generation (a child sits one row below its parents), and the lineage links.
import type { ShardView } from "@/lib/streams/types";

export const HASH_SPACE = 2n ** 128n;
const RESOLUTION = 1_000_000n;

/** Position of a hash key as a fraction of the hash key space, 0 … 1. */
export function hashKeyFraction(key: string | bigint): number {
  const k = typeof key === "bigint" ? key : BigInt(key);
  return Number((k * RESOLUTION) / HASH_SPACE) / Number(RESOLUTION);
}

export interface ShardBox {
  shard: ShardView;
  generation: number;
  /** Fractions of the hash key space. */
  x0: number;
  x1: number;
  /** Share of the key space, 0 … 1. */
  share: number;
}

export interface ShardLink {
  from: string;
  to: string;
}

export interface ShardMapLayout {
  boxes: ShardBox[];
  links: ShardLink[];
  generations: number;
  /** Holes in the open shards' coverage of the key space (should be none on a healthy stream). */
  gaps: { start: bigint; end: bigint }[];
}

export function layoutShardMap(shards: ShardView[]): ShardMapLayout {
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  const generation = new Map<string, number>();
  const genOf = (s: ShardView, depth = 0): number => {
    const known = generation.get(s.shardId);
    if (known !== undefined) return known;
    // Parents outside the list (trimmed by retention) make this shard a root; depth guards bad data.
    const parents = [s.parentShardId, s.adjacentParentShardId].map((id) => (id ? byId.get(id) : undefined)).filter((p): p is ShardView => !!p);
    const g = depth > shards.length || parents.length === 0 ? 0 : Math.max(...parents.map((p) => genOf(p, depth + 1))) + 1;
    generation.set(s.shardId, g);
    return g;
  };

  const boxes = shards.map((shard) => {
    const start = BigInt(shard.hashKeyRange.start);
    const end = BigInt(shard.hashKeyRange.end);
    return {
      shard,
      generation: genOf(shard),
      x0: hashKeyFraction(start),
      x1: hashKeyFraction(end + 1n),
      share: Number(((end - start + 1n) * RESOLUTION) / HASH_SPACE) / Number(RESOLUTION),
    };
  });

  const links: ShardLink[] = [];
  for (const s of shards) {
    for (const p of [s.parentShardId, s.adjacentParentShardId]) if (p && byId.has(p)) links.push({ from: p, to: s.shardId });
  }

  const open = shards
    .filter((s) => s.open)
    .map((s) => ({ start: BigInt(s.hashKeyRange.start), end: BigInt(s.hashKeyRange.end) }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const gaps: { start: bigint; end: bigint }[] = [];
  let next = 0n;
  for (const r of open) {
    if (r.start > next) gaps.push({ start: next, end: r.start - 1n });
    if (r.end + 1n > next) next = r.end + 1n;
  }
  if (open.length > 0 && next < HASH_SPACE) gaps.push({ start: next, end: HASH_SPACE - 1n });

  return {
    boxes,
    links,
    generations: boxes.reduce((m, b) => Math.max(m, b.generation + 1), 0),
    gaps,
  };
}
