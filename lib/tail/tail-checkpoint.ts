// The SSE event id of a tail: where each shard stands, so a reconnect with Last-Event-ID resumes
// every shard right after its last delivered record — no gap, no duplicate.
import { z } from "zod";

export interface TailCheckpoint {
  /** When the tail started (ms); shards with no record yet resume AT_TIMESTAMP this. */
  startedAt: number;
  /** shardId → sequence number of the last record delivered (or scanned, when filtered out). */
  shards: Record<string, string>;
  /** Closed shards read to their end. */
  done: string[];
}

const wire = z.object({
  t: z.number().int().nonnegative(),
  c: z.record(z.string().max(128), z.string().regex(/^\d{1,128}$/)),
  d: z.array(z.string().max(128)).max(10_000),
});

function toBase64Url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): string {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

export function encodeCheckpoint(c: TailCheckpoint): string {
  return toBase64Url(JSON.stringify({ t: c.startedAt, c: c.shards, d: c.done }));
}

/** Undefined for anything that is not an id this server issued. */
export function decodeCheckpoint(id: string | null | undefined): TailCheckpoint | undefined {
  if (!id || id.length > 200_000) return undefined;
  try {
    const parsed = wire.safeParse(JSON.parse(fromBase64Url(id)));
    if (!parsed.success) return undefined;
    return { startedAt: parsed.data.t, shards: parsed.data.c, done: parsed.data.d };
  } catch {
    return undefined;
  }
}
