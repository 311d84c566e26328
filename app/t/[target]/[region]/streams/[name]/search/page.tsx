import { Suspense } from "react";
import { SearchView } from "@/components/search/search-view";
import { connection } from "next/server";
import { pageAccess } from "@/lib/server/auth/page-access";

export default async function SearchPage({ params }: { params: Promise<{ name: string }> }) {
  await connection(); // who may replay is the running server's and the viewer's, never the build's
  const name = decodeURIComponent((await params).name);
  const { canWrite, canExport } = await pageAccess();
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <SearchView name={name} readOnly={!canWrite} canExport={canExport} />
    </Suspense>
  );
}
