import { Suspense } from "react";
import { RecordBrowser } from "@/components/records/record-browser";

export default async function RecordsPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <RecordBrowser name={name} />
    </Suspense>
  );
}
