import "server-only";
// Every write (put records, registering an enhanced fan-out consumer) runs inside auditedWrite:
// whatever happens, one audit line says who tried what where, and how it ended. A refusal
// (read-only, role, another site, no session) is recorded as `refused`; invalid input or an AWS
// error as `failed`. The records' data is never recorded: counts and shard ids only.
import type { AuditAction, AuditEntry } from "@/lib/auth/audit";
import type { PutRecordsResponse } from "@/lib/put/types";
import { AppError } from "@/lib/server/errors";
import { clientAddress } from "@/lib/server/http";
import { countWrite, writeFailureOutcome, writeOutcome, type WriteAction } from "@/lib/server/ops/metrics";
import { getTargetStatus } from "@/lib/server/target";
import type { Scope } from "@/lib/server/targets/scope";
import { recordAudit } from "./audit-log";
import { identityFromHeaders, LOCAL_USER } from "./identity";
import { authSettings } from "./settings";

/** What a write adds to its audit line as it goes (records carried, results). */
export type AuditNote = (fields: Partial<Pick<AuditEntry, "records" | "results" | "consumer" | "stream">>) => void;

const REFUSALS = new Set(["read_only", "forbidden", "unauthenticated"]);

/** Where a write goes, for its audit line; resolved leniently (a bad path is itself the write's failure). */
export interface WritePlace {
  scope?: Scope;
  stream?: string;
}

export async function auditedWrite<T>(req: Request, action: AuditAction, place: () => Promise<WritePlace>, run: (note: AuditNote) => Promise<T>): Promise<T> {
  const notes: Partial<AuditEntry> = {};
  const note: AuditNote = (fields) => Object.assign(notes, fields);
  let outcome: Pick<AuditEntry, "outcome" | "code" | "message">;
  let thrown: unknown;
  try {
    const result = await run(note);
    outcome = { outcome: "ok" };
    return result;
  } catch (e) {
    thrown = e;
    const code = e instanceof AppError ? e.code : "internal";
    outcome = { outcome: REFUSALS.has(code) ? "refused" : "failed", code, ...(e instanceof AppError ? { message: e.message.slice(0, 500) } : {}) };
    throw e;
  } finally {
    countWriteMetric(action, notes, outcome!, thrown);
    await recordAudit({ ...(await who(req)), action, ...(await placeFields(place)), ...notes, ...outcome! });
  }
}

/**
 * The write in Prometheus' `shardscope_writes_total` too. A consumer registration is counted where
 * Kinesis is called (lib/server/tail/efo-consumers.ts, which also sees one reused from an earlier
 * run), so here only when refused before that.
 */
function countWriteMetric(action: AuditAction, notes: Partial<AuditEntry>, outcome: Pick<AuditEntry, "outcome">, thrown: unknown): void {
  const metric: WriteAction | undefined = action === "put_records" ? "put" : action === "register_consumer" ? "register_consumer" : undefined;
  if (!metric) return;
  if (metric === "register_consumer" && outcome.outcome !== "refused") return;
  if (outcome.outcome !== "ok") countWrite(metric, writeFailureOutcome(thrown));
  else if (notes.results) countWrite(metric, writeOutcome(notes.results.failed, notes.results.written + notes.results.failed));
  else countWrite(metric, "ok");
}

/** The user, role and address of a request, as far as they can be known. */
export async function who(req: Request): Promise<Pick<AuditEntry, "user" | "email" | "role" | "auth" | "source">> {
  const settings = await authSettings().catch(() => undefined);
  const id = settings ? await identityFromHeaders(req.headers, settings).catch(() => undefined) : undefined;
  const user = id?.user ?? (settings?.mode === "none" ? LOCAL_USER : { name: "anonymous", groups: [] });
  return {
    user: user.name,
    ...(user.email ? { email: user.email } : {}),
    ...(id?.role ? { role: id.role } : {}),
    auth: settings?.mode ?? "none",
    source: clientAddress(req),
  };
}

async function placeFields(place: () => Promise<WritePlace>): Promise<Partial<AuditEntry>> {
  const p = await place().catch(() => ({}) as WritePlace);
  if (!p.scope) return p.stream ? { stream: p.stream } : {};
  const status = await getTargetStatus(p.scope).catch(() => undefined);
  return {
    target: p.scope.target,
    region: p.scope.region,
    ...(status?.account ? { account: status.account } : {}),
    endpoint: p.scope.endpointOf("kinesis"),
    ...(p.stream ? { stream: p.stream } : {}),
  };
}

/** PutRecords' answer in counts: written, failed, and written records per shard. */
export function putResultsSummary(out: PutRecordsResponse): NonNullable<AuditEntry["results"]> {
  const shards: Record<string, number> = {};
  let failed = 0;
  for (const r of out.results) {
    if ("shardId" in r) shards[r.shardId] = (shards[r.shardId] ?? 0) + 1;
    else failed++;
  }
  return { written: out.results.length - failed, failed, shards };
}

/** What Shardscope does on its own (an idle consumer it registered, deregistered): user `shardscope`. */
export async function recordSystemAudit(
  scope: Scope,
  fields: Pick<AuditEntry, "action" | "outcome"> & Partial<Pick<AuditEntry, "consumer" | "stream" | "message">>,
): Promise<void> {
  const settings = await authSettings().catch(() => undefined);
  await recordAudit({ user: "shardscope", auth: settings?.mode ?? "none", ...(await placeFields(async () => ({ scope }))), ...fields });
}
