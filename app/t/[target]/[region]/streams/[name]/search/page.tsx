import { Suspense } from "react";
import { SearchView } from "@/components/search/search-view";
import { getConfig } from "@/lib/server/config";

export default async function SearchPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <SearchView name={name} readOnly={getConfig().readOnly} />
    </Suspense>
  );
}
