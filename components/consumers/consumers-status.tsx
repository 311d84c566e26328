// What a consumers answer says besides its rows: the sources that failed (shown, never hiding the
// others) and what the answer cost.
import type { ConsumerKind, ConsumerSource, ConsumersUsage } from "@/lib/consumers/types";
import { formatAge } from "@/lib/format/format";
import { useNow } from "@/components/ui/use-now";

const SOURCE_LABEL: Record<ConsumerKind, string> = { kcl: "KCL lease tables", lambda: "Lambda", firehose: "Firehose", efo: "Enhanced fan-out" };

export function SourceProblems({ sources }: { sources: readonly ConsumerSource[] }) {
  const failed = sources.filter((s) => !s.ok);
  if (failed.length === 0) return null;
  return (
    <div className="warn-panel" role="status" data-testid="consumer-sources-failed">
      <strong>Some consumers may be missing:</strong>
      <ul>
        {failed.map((s) => (
          <li key={s.kind} data-testid="consumer-source-failed" data-kind={s.kind}>
            {SOURCE_LABEL[s.kind]}: {s.message ?? "could not be read"}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ConsumersUsageLine({ usage, fetchedAt }: { usage: ConsumersUsage; fetchedAt: string }) {
  const now = useNow();
  const cost =
    usage.kinesisCalls + usage.otherCalls === 0
      ? "this answer came from the server's cache and cost no AWS call"
      : `measuring cost ${usage.kinesisCalls} Kinesis call${usage.kinesisCalls === 1 ? "" : "s"} (GetShardIterator + GetRecords, from each shard's read budget) and ${usage.otherCalls} other AWS call${usage.otherCalls === 1 ? "" : "s"}`;
  return (
    <p className="muted small" data-testid="consumers-usage">
      Data from {formatAge(now - Date.parse(fetchedAt))} ago; lag is measured every {usage.refreshSeconds} s and shared by every viewer; {cost}.
    </p>
  );
}
