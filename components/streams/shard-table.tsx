"use client";
import Link from "next/link";
import type { ShardView } from "@/lib/streams/types";
import { shorten } from "@/lib/format/format";
import { useScopedHref } from "@/lib/queries/scope";

export function ShardTable({ stream, shards, selected, onSelect }: { stream: string; shards: ShardView[]; selected?: string; onSelect: (id: string) => void }) {
  const href = useScopedHref();
  const open = shards.filter((s) => s.open).length;
  return (
    <>
      <p className="muted small" data-testid="shard-counts">
        {shards.length} shards: {open} open, {shards.length - open} closed
      </p>
      <div className="scroll-x">
        <table className="data" data-testid="shard-table">
          <thead>
            <tr>
              <th>Shard</th>
              <th>State</th>
              <th>Parent</th>
              <th>Adjacent parent</th>
              <th>Hash key range</th>
              <th>Starting sequence number</th>
              <th>Ending sequence number</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shards.map((s) => (
              <tr
                key={s.shardId}
                data-testid="shard-row"
                data-shard={s.shardId}
                className="clickable"
                onClick={() => onSelect(s.shardId)}
                style={selected === s.shardId ? { outline: "2px solid #ea580c", outlineOffset: -2 } : undefined}
              >
                <td className="mono">{s.shardId}</td>
                <td>{s.open ? <span className="badge ok">open</span> : <span className="badge">closed</span>}</td>
                <td className="mono">{s.parentShardId ?? "–"}</td>
                <td className="mono">{s.adjacentParentShardId ?? "–"}</td>
                <td className="mono" title={`${s.hashKeyRange.start} … ${s.hashKeyRange.end}`}>
                  {shorten(s.hashKeyRange.start, 6)} … {shorten(s.hashKeyRange.end, 6)}
                </td>
                <td className="mono" title={s.sequenceNumberRange.start}>
                  {shorten(s.sequenceNumberRange.start)}
                </td>
                <td className="mono" title={s.sequenceNumberRange.end}>
                  {s.sequenceNumberRange.end ? shorten(s.sequenceNumberRange.end) : "–"}
                </td>
                <td>
                  <Link
                    href={href(`/streams/${encodeURIComponent(stream)}/records?shard=${encodeURIComponent(s.shardId)}&from=TRIM_HORIZON`)}
                    onClick={(e) => e.stopPropagation()}
                  >
                    Browse
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
