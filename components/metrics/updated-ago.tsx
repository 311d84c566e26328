"use client";
// "updated N s ago" that keeps counting: the only thing that re-renders every second, so charts do not.
import { formatAge } from "@/lib/format/format";
import { dataAge } from "@/lib/metrics/format";
import { useNow } from "@/components/ui/use-now";

export function UpdatedAgo({ answer, receivedAt, testId }: { answer: { fetchedAt: string; generatedAt: string }; receivedAt: number; testId?: string }) {
  const now = useNow();
  return <span data-testid={testId}>{formatAge(dataAge(answer, receivedAt, now))}</span>;
}
