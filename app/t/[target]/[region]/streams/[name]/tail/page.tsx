import { Suspense } from "react";
import { connection } from "next/server";
import { TailView } from "@/components/tail/tail-view";
import { pageAccess } from "@/lib/server/auth/page-access";

export default async function TailPage({ params }: { params: Promise<{ name: string }> }) {
  await connection(); // who may register a consumer is the running server's and the viewer's, never the build's
  const name = decodeURIComponent((await params).name);
  const { canWrite, canExport } = await pageAccess();
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <TailView name={name} canRegister={canWrite} canExport={canExport} />
    </Suspense>
  );
}
