import { auditQuerySchema, type AuditResponse } from "@/lib/auth/audit";
import { json, otherMethods, parseOrThrow, route, searchParamsObject } from "@/lib/server/http";
import { readAudit } from "@/lib/server/auth/audit-log";
import { requireRole } from "@/lib/server/auth/identity";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The audit log, newest first, filtered by user, stream and action: admins only. */
export const GET = route(async (req) => {
  await requireRole(req, "admin", "reading the audit log");
  const q = parseOrThrow(auditQuerySchema, searchParamsObject(req.url));
  return json<AuditResponse>(await readAudit(q));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
