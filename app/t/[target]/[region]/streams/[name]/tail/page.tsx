import { Suspense } from "react";
import { TailView } from "@/components/tail/tail-view";

export default async function TailPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <TailView name={name} />
    </Suspense>
  );
}
