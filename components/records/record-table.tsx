"use client";
// A virtualized table of records, shared by the record browser and the live tail: only the rows
// on screen are in the DOM, however many records the list holds. Rows are keyed by shard and
// sequence number and memoized: when records arrive (or a late one is inserted) only new rows and
// rows that moved render again.
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useRef, type ReactNode } from "react";
import type { RecordView } from "@/lib/records/types";
import { previewOf } from "@/lib/records/preview";
import { formatBytes, formatTime, shorten } from "@/lib/format/format";

const ROW_HEIGHT = 34;
const GRID = "170px 200px 170px 200px 80px minmax(200px, 1fr)";
const HEADERS = ["Shard", "Sequence number", "Partition key", "Arrival (UTC)", "Size", "Payload"];

export interface RecordTableProps {
  rows: RecordView[];
  onSelect: (record: RecordView) => void;
  /** Test id of each row, e.g. "record-row" or "tail-row". */
  rowTestId: string;
  label: string;
  /** CSS height of the scroll area. */
  height: string;
  /** Shown in place of rows when there are none. */
  empty?: ReactNode;
  testId?: string;
}

/** Height for a table that grows with its rows up to a cap. */
export const fitHeight = (rows: number, cap: string) => `min(${cap}, ${(rows + 1) * ROW_HEIGHT + 4}px)`;

export function RecordTable({ rows, onSelect, rowTestId, label, height, empty, testId }: RecordTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  return (
    <div ref={scrollRef} className="virtual-scroll" style={{ height }} role="table" aria-label={label} data-testid={testId}>
      <div className="vrow header" style={{ gridTemplateColumns: GRID, height: ROW_HEIGHT }} role="row">
        {HEADERS.map((h) => (
          <div key={h} role="columnheader">
            {h}
          </div>
        ))}
      </div>
      {rows.length === 0 && empty ? (
        <div className="empty">{empty}</div>
      ) : (
        <div className="vbody" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index];
            if (!r) return null;
            return <RecordRow key={`${r.shardId}/${r.sequenceNumber}`} r={r} start={item.start} onSelect={onSelect} rowTestId={rowTestId} />;
          })}
        </div>
      )}
    </div>
  );
}

interface RecordRowProps {
  r: RecordView;
  start: number;
  onSelect: (record: RecordView) => void;
  rowTestId: string;
}

const RecordRow = memo(function RecordRow({ r, start, onSelect, rowTestId }: RecordRowProps) {
  return (
    <div
      className="vrow placed"
      role="row"
      tabIndex={0}
      data-testid={rowTestId}
      data-format={r.decoded.format}
      data-key={r.partitionKey}
      onClick={() => onSelect(r)}
      onKeyDown={(e) => {
        if (e.key !== "Enter") return;
        // Otherwise the same Enter goes on to press the button the opened drawer has just focused (Close).
        e.preventDefault();
        onSelect(r);
      }}
      style={{ gridTemplateColumns: GRID, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      <div className="mono" role="cell">
        {r.shardId}
      </div>
      <div className="mono" role="cell" title={r.sequenceNumber}>
        {shorten(r.sequenceNumber, 9)}
      </div>
      <div className="mono" role="cell" title={r.partitionKey}>
        {r.partitionKey}
      </div>
      <div className="mono" role="cell">
        {formatTime(r.arrivalTime)}
      </div>
      <div role="cell">{formatBytes(r.size)}</div>
      <div role="cell" className="mono" title={r.decoded.chain.join(" → ")}>
        <span className="badge info mr-6">{r.decoded.format}</span>
        {previewOf(r.decoded)}
      </div>
    </div>
  );
});
