// The SSE event id of a tail: where each shard stands, so a reconnect with Last-Event-ID resumes
// every shard right after its last delivered record — no gap, no duplicate.
import { z } from "zod";

export interface TailCheckpoint {
  /** The stream the id was issued for: an id never resumes another stream. */
  stream?: string;
  /** When the tail started (ms); shards with no record yet resume AT_TIMESTAMP this. */
  startedAt: number;
  /** shardId → sequence number of the last record delivered (or scanned, when filtered out). */
  shards: Record<string, string>;
  /** Closed shards read to their end. */
  done: string[];
}

const SHARD_ID = /^[a-zA-Z0-9_.-]{1,128}$/;

const wire = z.object({
  s: z.string().min(1).max(128).optional(),
  // Milliseconds since the epoch, and never past what a Date can hold (8.64e15).
  t: z.number().int().nonnegative().max(8.64e15),
  c: z.record(z.string().regex(SHARD_ID), z.string().regex(/^\d{1,128}$/)),
  d: z.array(z.string().regex(SHARD_ID)).max(10_000),
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
  return toBase64Url(JSON.stringify({ ...(c.stream ? { s: c.stream } : {}), t: c.startedAt, c: c.shards, d: c.done }));
}

/** Undefined for anything that is not an id this server issued. */
export function decodeCheckpoint(id: string | null | undefined): TailCheckpoint | undefined {
  if (!id || id.length > 200_000) return undefined;
  try {
    const parsed = wire.safeParse(JSON.parse(fromBase64Url(id)));
    if (!parsed.success) return undefined;
    const { s: stream, t, c, d } = parsed.data;
    return { ...(stream ? { stream } : {}), startedAt: t, shards: c, done: d };
  } catch {
    return undefined;
  }
}

/** Clock skew tolerated between this server and the one that issued an id. */
const MAX_FUTURE_MS = 60_000;

/**
 * The checkpoint of a Last-Event-ID sent to resume a tail of `stream`, or why it cannot be used.
 * No id means a fresh start; an id that is not one this tail issued is refused, never guessed at.
 */
export function resumeCheckpoint(
  id: string | null | undefined,
  stream: string,
  now = Date.now(),
): { ok: true; checkpoint?: TailCheckpoint } | { ok: false; message: string } {
  if (!id) return { ok: true };
  const checkpoint = decodeCheckpoint(id);
  const fresh = "Reconnect without it to start the tail afresh.";
  if (!checkpoint) return { ok: false, message: `The Last-Event-ID is not an id this tail issued. ${fresh}` };
  if (checkpoint.stream !== undefined && checkpoint.stream !== stream) {
    return { ok: false, message: `The Last-Event-ID was issued for another stream, not ${stream}. ${fresh}` };
  }
  if (checkpoint.startedAt > now + MAX_FUTURE_MS) {
    return { ok: false, message: `The Last-Event-ID says the tail started in the future (${new Date(checkpoint.startedAt).toISOString()}). ${fresh}` };
  }
  return { ok: true, checkpoint };
}
