import "server-only";
// The masking of one stream for one viewer: the `masking` rules of the targets file that name the
// stream (and the target), hashed with SHARDSCOPE_MASK_HASH_KEY (or a random key per process).
// Every record path (browse, detail, tail, search and its NDJSON) applies it before a record leaves
// the server. The viewer's role decides through `principal`: without one (no sign-in configured),
// the rules always apply.
import { createHmac, randomBytes } from "node:crypto";
import { compileMaskRules, NO_MASKING, recordMasking, rulesFor, type RecordMasking } from "@/lib/records/masking";
import { getConfig } from "@/lib/server/config";
import { loadTargets } from "@/lib/server/targets/load-targets";
import type { Scope } from "@/lib/server/targets/scope";

/** What masking needs to know of the viewer: whether their role may see unmasked data (`unmask`). */
export interface MaskingPrincipal {
  unmask: boolean;
}

/** Hex characters of the HMAC-SHA256 a hashed value keeps (64 bits: enough to tell values apart, too few to matter as a digest). */
const HASH_HEX = 16;
const KEY = Symbol.for("shardscope.maskHashKey");
const MAX_STREAMS_KEPT = 1_000;

function hashKey(): Buffer {
  const g = globalThis as typeof globalThis & { [KEY]?: Buffer };
  const configured = getConfig().maskHashKey;
  g[KEY] ??= configured ? Buffer.from(configured, "utf8") : randomBytes(32);
  return g[KEY];
}

/** The keyed hash masking's `hash` action shows: `hash:` and the first 16 hex digits of HMAC-SHA256. */
export function maskHash(value: string): string {
  return `hash:${createHmac("sha256", hashKey()).update(value, "utf8").digest("hex").slice(0, HASH_HEX)}`;
}

/**
 * The masking of `stream` in `scope` for `principal`: none for a principal allowed to unmask,
 * else the rules that name the stream and target (none at all when no rule does). Kept per scope
 * and stream, so viewers of one stream share each record's masked payload.
 */
export async function maskingFor(scope: Scope, stream: string, principal?: MaskingPrincipal): Promise<RecordMasking> {
  if (principal?.unmask) return NO_MASKING;
  const rules = (await loadTargets()).masking?.rules ?? [];
  if (rules.length === 0) return NO_MASKING;
  const perStream = scope.state("masking", () => new Map<string, RecordMasking>());
  let masking = perStream.get(stream);
  if (!masking) {
    masking = recordMasking({ rules: compileMaskRules(rulesFor(rules, scope.target, stream)), hash: maskHash });
    // Bounded however many names clients ask for (a stream name need not exist to be asked for).
    if (perStream.size >= MAX_STREAMS_KEPT) perStream.clear();
    perStream.set(stream, masking);
  }
  return masking;
}
