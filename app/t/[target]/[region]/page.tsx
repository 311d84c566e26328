import { Suspense } from "react";
import { StreamsTable } from "@/components/streams/streams-table";

export default function StreamsPage() {
  return (
    <Suspense fallback={<p className="skeleton">Loading streams…</p>}>
      <StreamsTable />
    </Suspense>
  );
}
