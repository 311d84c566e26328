"use client";
// Where each record went: its shard and sequence number (linked to the record browser at that
// record, opened and highlighted), or the error Kinesis gave it; with the shard predicted before sending beside it.
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import type { RecordOutcome } from "@/lib/put/batch-upload";
import { recordHref } from "@/lib/records/record-links";
import { shorten } from "@/lib/format/format";
import { useScopedHref } from "@/lib/queries/scope";

export interface PutResultRow {
  /** 1-based record number. */
  n: number;
  /** File line, for uploads. */
  line?: number;
  partitionKey: string;
  predicted?: string;
  outcome: RecordOutcome;
}

const ROW_HEIGHT = 32;

export function PutResults({ stream, rows, showLines }: { stream: string; rows: PutResultRow[]; showLines: boolean }) {
  const href = useScopedHref();
  const [failedOnly, setFailedOnly] = useState(false);
  const counts = useMemo(() => {
    let ok = 0;
    let failed = 0;
    let notSent = 0;
    let predicted = 0;
    let matched = 0;
    for (const r of rows) {
      if (r.outcome.status === "ok") {
        ok++;
        if (r.predicted) {
          predicted++;
          if (r.predicted === r.outcome.shardId) matched++;
        }
      } else if (r.outcome.status === "failed") failed++;
      else notSent++;
    }
    return { ok, failed, notSent, predicted, matched };
  }, [rows]);
  const shown = useMemo(() => (failedOnly ? rows.filter((r) => r.outcome.status !== "ok") : rows), [rows, failedOnly]);

  const grid = `${showLines ? "60px 60px" : "60px"} minmax(140px, 1fr) 190px 190px minmax(260px, 2fr)`;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  return (
    <section className="panel" aria-label="Results" data-testid="put-results">
      <div className="row mb-8">
        <h2 className="m-0">Results</h2>
        <span className="badge ok" data-testid="results-ok">
          {counts.ok.toLocaleString("en-US")} written
        </span>
        {counts.failed > 0 ? (
          <span className="badge bad" data-testid="results-failed">
            {counts.failed.toLocaleString("en-US")} failed
          </span>
        ) : null}
        {counts.notSent > 0 ? (
          <span className="badge warn" data-testid="results-not-sent">
            {counts.notSent.toLocaleString("en-US")} not sent
          </span>
        ) : null}
        {counts.predicted > 0 ? (
          <span
            className={counts.matched === counts.predicted ? "badge info" : "badge bad"}
            data-testid="prediction-check"
            title="Shard predicted before sending, compared with the shard Kinesis chose"
          >
            predicted shard matched for {counts.matched.toLocaleString("en-US")} of {counts.predicted.toLocaleString("en-US")}
          </span>
        ) : null}
        <span className="spacer" />
        {counts.failed + counts.notSent > 0 ? (
          <label className="small">
            <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} /> failed and not sent only
          </label>
        ) : null}
      </div>
      <div
        ref={scrollRef}
        className="virtual-scroll"
        style={{ height: `min(55vh, ${(shown.length + 1) * ROW_HEIGHT + 4}px)` }}
        role="table"
        aria-label="Put results"
      >
        <div className="vrow header" style={{ gridTemplateColumns: grid, height: ROW_HEIGHT }} role="row">
          {["#", ...(showLines ? ["Line"] : []), "Partition key", "Predicted shard", "Shard", "Sequence number or error"].map((h) => (
            <div key={h} role="columnheader">
              {h}
            </div>
          ))}
        </div>
        <div className="vbody" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = shown[item.index];
            if (!r) return null;
            const o = r.outcome;
            return (
              <div
                key={r.n}
                className="vrow static placed"
                role="row"
                data-testid="put-result"
                data-status={o.status}
                data-predicted={r.predicted ?? ""}
                data-shard={o.status === "ok" ? o.shardId : ""}
                style={{ gridTemplateColumns: grid, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div role="cell">{r.n}</div>
                {showLines ? <div role="cell">{r.line ?? ""}</div> : null}
                <div role="cell" className="mono" title={r.partitionKey}>
                  {r.partitionKey}
                </div>
                <div role="cell" className="mono">
                  {r.predicted ?? "–"}
                </div>
                <div role="cell" className="mono" data-testid="result-shard">
                  {o.status === "ok" ? (
                    <>
                      {o.shardId}
                      {r.predicted && r.predicted !== o.shardId ? <span className="badge bad ml-4">≠ predicted</span> : null}
                    </>
                  ) : (
                    "–"
                  )}
                </div>
                <div role="cell" className="mono">
                  {o.status === "ok" ? (
                    <Link
                      href={href(recordHref(stream, o.shardId, o.sequenceNumber))}
                      title={`Open ${o.sequenceNumber} in the record browser`}
                      data-testid="result-sequence-number"
                    >
                      {shorten(o.sequenceNumber, 12)}
                    </Link>
                  ) : o.status === "failed" ? (
                    <span className="error-text" data-testid="result-error" title={o.errorMessage}>
                      {o.errorCode}: {o.errorMessage}
                    </span>
                  ) : (
                    <span className="muted" data-testid="result-not-sent" title={o.reason}>
                      {o.reason}
                    </span>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
