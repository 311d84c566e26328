// The audit log's entries and the query of the Audit page: one JSON line per write, refused write
// and sign-in. Never the data of a record: counts, names and outcomes only.
import { z } from "zod";
import type { AuthMode, Role } from "./types";

export const AUDIT_ACTIONS = ["put_records", "register_consumer", "deregister_consumer", "sign_in", "sign_out"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** ok: done; refused: not allowed (read-only, role, origin, sign-in refused); failed: invalid or AWS said no. */
export type AuditOutcome = "ok" | "refused" | "failed";

export interface AuditEntry {
  /** ISO 8601. */
  time: string;
  user: string;
  email?: string;
  role?: Role;
  auth: AuthMode;
  /** The client's address as the server saw it. */
  source?: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** The error code when not ok, and its message. */
  code?: string;
  message?: string;
  target?: string;
  region?: string;
  account?: string;
  endpoint?: string;
  stream?: string;
  consumer?: string;
  /** Records the request carried. */
  records?: number;
  /** PutRecords: written and failed counts, and written records per shard. */
  results?: { written: number; failed: number; shards: Record<string, number> };
}

export interface AuditResponse {
  entries: AuditEntry[];
  /** Entries matching the filter in the log (entries holds the newest `limit` of them). */
  matched: number;
  /** Where the entries come from: the file, or (SHARDSCOPE_AUDIT_LOG unset) this process's memory since its start. */
  source: { kind: "file"; path: string } | { kind: "memory" };
}

const filterText = z.string().trim().max(256, "must be at most 256 characters").optional();

export const auditQuerySchema = z.object({
  user: filterText,
  stream: filterText,
  action: z.enum(AUDIT_ACTIONS, { message: `must be one of ${AUDIT_ACTIONS.join(", ")}` }).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, "must be a whole number from 1 to 1000")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1000, "must be a whole number from 1 to 1000")
    .optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Whether an entry matches the filter: user (name or email) and stream as case-insensitive substrings, action exactly. */
export function auditMatches(e: AuditEntry, q: AuditQuery): boolean {
  const has = (value: string | undefined, needle: string | undefined) => !needle || (value ?? "").toLowerCase().includes(needle.toLowerCase());
  return (has(e.user, q.user) || has(e.email, q.user)) && has(e.stream, q.stream) && (!q.action || e.action === q.action);
}
