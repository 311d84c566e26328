import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { AuditView } from "@/components/auth/audit-view";
import { pageAccess } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await connection();
  const access = await pageAccess();
  if (!access.canAudit) {
    return (
      <div className="panel empty" data-testid="audit-forbidden">
        <strong>The audit log is for admins.</strong> You are signed in as a {access.role ?? "user without a role"}.
      </div>
    );
  }
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <AuditView />
    </Suspense>
  );
}
