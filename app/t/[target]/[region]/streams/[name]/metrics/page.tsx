import { Suspense } from "react";
import { MetricsView } from "@/components/metrics/metrics-view";

export default async function MetricsPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <MetricsView name={name} />
    </Suspense>
  );
}
