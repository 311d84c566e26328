import type { Metadata } from "next";
import { Suspense } from "react";
import { AllConsumers } from "@/components/consumers/all-consumers";

export const metadata: Metadata = { title: "Consumers" };

export default function AllConsumersPage() {
  return (
    <Suspense fallback={<p className="skeleton">Loading…</p>}>
      <AllConsumers />
    </Suspense>
  );
}
