"use client";
// A virtualized table of records, shared by the record browser and the live tail: only the rows
// on screen are in the DOM, however many records the list holds. Rows are keyed by shard and
// sequence number and memoized: when records arrive (or a late one is inserted) only new rows and
// rows that moved render again. On a narrow screen the time, the key and the payload come first
// (the rest follows, reachable by scrolling sideways): the same cells, reordered by CSS.
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useMemo, useRef, type ReactNode } from "react";
import type { RecordView } from "@/lib/records/types";
import { fieldText, fieldValue, jsonObjectOf } from "@/lib/records/json-fields";
import { previewOf } from "@/lib/records/preview";
import { formatBytes, formatTime, shorten } from "@/lib/format/format";

const ROW_HEIGHT = 34;
/** Fixed columns are sized to their content, so the payload gets the rest of the width. */
const SHARD_COL = "170px";
const FIELD_COL = "minmax(80px, 160px)";
const PAYLOAD_COL = "minmax(240px, 1fr)";
/** Columns in the order a narrow screen shows them (CSS `order` of the `c-*` classes, globals.css). */
const NARROW_ORDER = ["pick", "time", "key", "payload", "shard", "seq", "size", "field"] as const;
type Col = (typeof NARROW_ORDER)[number];
const WIDTH: Record<Col, string> = {
  pick: "32px",
  shard: SHARD_COL,
  seq: "165px",
  key: "minmax(90px, 170px)",
  time: "185px",
  size: "74px",
  field: FIELD_COL,
  payload: PAYLOAD_COL,
};

/** The grid's columns, wide and narrow order, as CSS variables the rows and the header share. */
function gridVars(showShard: boolean, fields: readonly string[], pickable: boolean): Record<string, string> {
  const cols: Col[] = [
    ...(pickable ? (["pick"] as const) : []),
    ...(showShard ? (["shard"] as const) : []),
    "seq",
    "key",
    "time",
    "size",
    ...fields.map(() => "field" as const),
    "payload",
  ];
  const narrow = [...cols].sort((a, b) => NARROW_ORDER.indexOf(a) - NARROW_ORDER.indexOf(b));
  return { "--cols": cols.map((c) => WIDTH[c]).join(" "), "--narrow-cols": narrow.map((c) => WIDTH[c]).join(" ") };
}

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
  /** Off where every row is of one shard, already named above the table (the record browser). */
  showShard?: boolean;
  /** Dotted paths of JSON fields shown as columns before the payload. */
  fields?: readonly string[];
  /** The sequence number of a row to highlight and scroll to. */
  highlight?: string;
  /** Rows can be picked (a checkbox each) when given: `picked` holds `shardId/sequenceNumber` keys. */
  picked?: ReadonlySet<string>;
  onPick?: (record: RecordView, on: boolean) => void;
}

/** The key a picked row is known by. */
export const recordKey = (r: { shardId: string; sequenceNumber: string }) => `${r.shardId}/${r.sequenceNumber}`;

const NO_FIELDS: readonly string[] = [];

/** Height for a table that grows with its rows up to a cap. */
export const fitHeight = (rows: number, cap: string) => `min(${cap}, ${(rows + 1) * ROW_HEIGHT + 4}px)`;

export function RecordTable({
  rows,
  onSelect,
  rowTestId,
  label,
  height,
  empty,
  testId,
  showShard = true,
  fields = NO_FIELDS,
  highlight,
  picked,
  onPick,
}: RecordTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const pickable = onPick !== undefined;
  const grid = useMemo(() => gridVars(showShard, fields, pickable), [showShard, fields, pickable]);
  const headers: [Col, string][] = [
    ...(pickable ? [["pick", "Pick"] as [Col, string]] : []),
    ...(showShard ? [["shard", "Shard"] as [Col, string]] : []),
    ["seq", "Sequence number"],
    ["key", "Partition key"],
    ["time", "Arrival (UTC)"],
    ["size", "Size"],
    ...fields.map((f): [Col, string] => ["field", f]),
    ["payload", "Payload"],
  ];
  const highlightIndex = highlight ? rows.findIndex((r) => r.sequenceNumber === highlight) : -1;
  useEffect(() => {
    if (highlightIndex >= 0) virtualizer.scrollToIndex(highlightIndex, { align: "auto" });
  }, [highlightIndex, virtualizer]);
  return (
    <div ref={scrollRef} className="virtual-scroll record-grid" style={{ height, ...grid }} role="table" aria-label={label} data-testid={testId}>
      <div className="vrow header" style={{ height: ROW_HEIGHT }} role="row">
        {headers.map(([col, h], i) => (
          <div key={`${i}-${h}`} role="columnheader" title={h} className={`c-${col}`} data-testid={col === "field" ? "field-header" : undefined}>
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
            return (
              <RecordRow
                key={`${r.shardId}/${r.sequenceNumber}`}
                r={r}
                start={item.start}
                onSelect={onSelect}
                rowTestId={rowTestId}
                showShard={showShard}
                fields={fields}
                highlighted={item.index === highlightIndex}
                picked={picked?.has(recordKey(r)) ?? false}
                onPick={onPick}
              />
            );
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
  showShard: boolean;
  fields: readonly string[];
  highlighted: boolean;
  picked: boolean;
  onPick?: (record: RecordView, on: boolean) => void;
}

const RecordRow = memo(function RecordRow({ r, start, onSelect, rowTestId, showShard, fields, highlighted, picked, onPick }: RecordRowProps) {
  const obj = fields.length ? jsonObjectOf(r) : undefined;
  return (
    <div
      className={highlighted ? "vrow placed highlighted" : "vrow placed"}
      role="row"
      aria-current={highlighted || undefined}
      data-highlighted={highlighted || undefined}
      data-seq={r.sequenceNumber}
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
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      {onPick ? (
        <div className="c-pick" role="cell" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <input type="checkbox" checked={picked} onChange={(e) => onPick(r, e.target.checked)} aria-label={`Pick ${r.shardId} ${r.sequenceNumber}`} />
        </div>
      ) : null}
      {showShard ? (
        <div className="mono c-shard" role="cell">
          {r.shardId}
        </div>
      ) : null}
      <div className="mono c-seq" role="cell" title={r.sequenceNumber}>
        {shorten(r.sequenceNumber, 9)}
      </div>
      <div className="mono c-key" role="cell" title={r.partitionKey}>
        {r.partitionKey}
      </div>
      <div className="mono c-time" role="cell">
        {formatTime(r.arrivalTime)}
      </div>
      <div className="c-size" role="cell">
        {formatBytes(r.size)}
      </div>
      {fields.map((f) => {
        const text = fieldText(fieldValue(obj, f));
        return (
          <div key={f} role="cell" className="mono c-field" title={text} data-testid="field-cell" data-field={f}>
            {text}
          </div>
        );
      })}
      <div role="cell" className="mono c-payload" title={r.decoded.chain.join(" → ")} data-testid="payload-cell">
        <span className="badge info mr-6">{r.decoded.format}</span>
        {r.truncated ? <span className="badge warn mr-6">preview</span> : null}
        {r.decoded.masked?.length ? (
          <span className="badge warn mr-6" title={`Masked by the server's rules: ${r.decoded.masked.join(", ")}`} data-testid="masked-badge">
            masked
          </span>
        ) : null}
        {previewOf(r.decoded)}
      </div>
    </div>
  );
});
