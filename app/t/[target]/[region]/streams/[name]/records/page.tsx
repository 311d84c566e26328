import { Suspense } from "react";
import { connection } from "next/server";
import { RecordBrowser } from "@/components/records/record-browser";
import { pageAccess } from "@/lib/server/auth/page-access";

export default async function RecordsPage({ params }: { params: Promise<{ name: string }> }) {
  await connection(); // who may download is the running server's and the viewer's, never the build's
  const name = decodeURIComponent((await params).name);
  const { canExport } = await pageAccess();
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <RecordBrowser name={name} canExport={canExport} />
    </Suspense>
  );
}
