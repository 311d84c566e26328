// What a consumers answer says besides its rows: Lambda mappings whose last processing failed (the
// most common Lambda pipeline failure, so said first), the sources that failed (shown, never hiding
// the others) and what the answer cost.
import { isFailedProcessingResult } from "@/lib/consumers/health";
import type { ConsumerKind, ConsumerRow, ConsumerSource, ConsumersUsage } from "@/lib/consumers/types";
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

/** Every Lambda mapping whose last processing result is a failure, above everything else. */
export function LambdaFailures({
  rows,
  onOpen,
}: {
  rows: readonly (ConsumerRow & { stream?: string })[];
  onOpen?: (row: ConsumerRow & { stream?: string }) => void;
}) {
  const failing = rows.filter((r) => r.kind === "lambda" && isFailedProcessingResult(r.details.lastProcessingResult as string | null | undefined));
  if (failing.length === 0) return null;
  return (
    <div className="error-panel" role="alert" data-testid="lambda-failures">
      <strong>
        {failing.length === 1 ? "A Lambda function is failing on its records:" : `${failing.length} Lambda functions are failing on their records:`}
      </strong>
      <ul>
        {failing.map((r) => (
          <li key={`${r.stream ?? ""}/${r.id}`} data-testid="lambda-failure" data-consumer={r.id}>
            {onOpen ? (
              <button type="button" className="link-button" onClick={() => onOpen(r)}>
                {r.name}
              </button>
            ) : (
              r.name
            )}
            {r.stream ? ` (on ${r.stream})` : ""}: last processing result &ldquo;{String(r.details.lastProcessingResult)}&rdquo;
            {typeof r.details.onFailureDestination === "string"
              ? `; failed batches go to ${r.details.onFailureDestination}`
              : "; no on-failure destination: failed batches are retried until they expire"}
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
