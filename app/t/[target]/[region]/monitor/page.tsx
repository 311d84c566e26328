import type { Metadata } from "next";
import { Suspense } from "react";
import { MonitorBoard } from "@/components/monitor/monitor-board";

export const metadata: Metadata = { title: "Monitor" };

export default function MonitorPage() {
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <MonitorBoard />
    </Suspense>
  );
}
