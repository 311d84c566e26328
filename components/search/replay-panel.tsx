"use client";
// Replay ("redrive") search results into a stream: the picked rows or every match on screen, sent
// as a batch through the put route (PutRecords limits, retries of throttled entries, progress,
// cancel) with each record's partition key and bytes as they were. The shards they will land on
// are predicted from the target stream's open shards. Writes pass the server's write guard (read-
// only, same origin); this panel is not shown at all when the server is read-only.
import { useMemo, useState } from "react";
import type { RecordView } from "@/lib/records/types";
import type { UploadItem } from "@/lib/put/batch-upload";
import { shardPredictor } from "@/lib/put/predict-shard";
import { usePutUpload } from "@/lib/queries/put";
import { useTargetStatus } from "@/lib/queries/scope";
import { useShards, useStreamList } from "@/lib/queries/streams";
import { utf8Length } from "@/lib/util/utf8-length";
import { UploadProgress } from "@/components/put/upload-progress";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function replayItems(records: readonly RecordView[]): UploadItem[] {
  return (
    records
      // Previews and masked records (their raw bytes are not sent) cannot be replayed as they were.
      .filter((r) => !r.truncated && !r.decoded.masked)
      .map((r) => ({ input: { partitionKey: r.partitionKey, data: r.data, encoding: "base64" as const }, size: r.size + utf8Length(r.partitionKey) }))
  );
}

export function ReplayPanel({ stream, all, picked }: { stream: string; all: readonly RecordView[]; picked: readonly RecordView[] }) {
  const [target, setTarget] = useState(stream);
  const [which, setWhich] = useState<"picked" | "all">("picked");
  const [asking, setAsking] = useState(false);
  const streams = useStreamList();
  const shards = useShards(target);
  const status = useTargetStatus();
  const upload = usePutUpload(target);
  const chosen = which === "picked" ? picked : all;
  const maskedCount = useMemo(() => chosen.filter((r) => r.decoded.masked).length, [chosen]);

  const prediction = useMemo(() => {
    if (!shards.data) return undefined;
    const predict = shardPredictor(shards.data.shards);
    const counts = new Map<string, number>();
    for (const r of chosen) {
      const id = predict(r.partitionKey) ?? "no open shard";
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [shards.data, chosen]);

  const running = upload.run.phase === "running";
  const send = () => {
    setAsking(false);
    void upload.start(replayItems(chosen));
  };

  return (
    <section className="panel mt-10" aria-label="Replay results" data-testid="replay-panel">
      <div className="row align-end">
        <label className="field">
          Replay
          <select value={which} onChange={(e) => setWhich(e.target.value === "all" ? "all" : "picked")} aria-label="Records to replay">
            <option value="picked">the picked rows ({picked.length})</option>
            <option value="all">every match shown ({all.length})</option>
          </select>
        </label>
        <label className="field">
          into stream
          <input
            type="text"
            list="replay-streams"
            className="mono w-180"
            value={target}
            onChange={(e) => setTarget(e.target.value.trim())}
            aria-label="Replay into stream"
            data-testid="replay-target"
          />
          <datalist id="replay-streams">
            {(streams.data?.streams ?? []).map((s) => (
              <option key={s.name} value={s.name} />
            ))}
          </datalist>
        </label>
        <button
          type="button"
          className="primary"
          disabled={running || chosen.length === 0 || !target}
          onClick={() => (status?.local ? send() : setAsking(true))}
          data-testid="replay-send"
        >
          Replay {chosen.length.toLocaleString("en-US")} record{chosen.length === 1 ? "" : "s"}
        </button>
        {running ? (
          <button type="button" onClick={upload.stop} data-testid="replay-cancel">
            Cancel
          </button>
        ) : null}
      </div>
      {prediction && chosen.length > 0 ? (
        <p className="small muted mt-4" data-testid="replay-prediction">
          Into {target}: {prediction.map(([id, n]) => `${n} → ${id}`).join(", ")} (by each partition key&apos;s hash).
        </p>
      ) : null}
      {maskedCount > 0 ? (
        <p className="small muted mt-4" data-testid="replay-masked">
          {maskedCount.toLocaleString("en-US")} of them {maskedCount === 1 ? "has" : "have"} masked fields and will not be replayed: their raw bytes are not
          sent to the browser.
        </p>
      ) : null}
      {upload.run.phase === "running" ? <UploadProgress progress={upload.run.progress} running /> : null}
      {upload.run.phase === "finished" ? (
        <div className="mt-8">
          <UploadProgress progress={upload.run.report.progress} running={false} />
          <p className="small" data-testid="replay-state" data-state={upload.run.report.state}>
            {upload.run.report.state === "done"
              ? upload.run.report.progress.failed === 0
                ? `Done: every record was written to ${target}.`
                : "Done: some records failed."
              : upload.run.report.state === "cancelled"
                ? "Cancelled: the records left were not sent."
                : `Stopped: ${upload.run.report.error?.message ?? "the server refused a request"}`}
          </p>
        </div>
      ) : null}
      {asking ? (
        <ConfirmDialog
          title="Write to AWS?"
          confirmLabel={`Replay ${chosen.length.toLocaleString("en-US")} records`}
          onConfirm={send}
          onCancel={() => setAsking(false)}
        >
          <p>
            This writes {chosen.length.toLocaleString("en-US")} records to stream <b>{target}</b> in account {status?.account ?? "unknown"}, region{" "}
            {status?.region}.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
