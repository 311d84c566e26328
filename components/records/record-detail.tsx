"use client";
// The detail drawer for one record: its identity, the decoded payload, and the raw bytes.
import { useMemo } from "react";
import { hexDump } from "@/lib/records/hex-dump";
import type { RecordView } from "@/lib/records/types";
import { Drawer } from "@/components/ui/drawer";
import { formatBytes, formatTime } from "@/lib/format/format";
import { DecodeChain, DecodedView } from "./decoded-view";

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function RecordDetail({ record, onClose }: { record: RecordView; onClose: () => void }) {
  const hex = useMemo(() => hexDump(base64ToBytes(record.data)), [record.data]);
  const copy = (text: string) => void navigator.clipboard?.writeText(text).catch(() => undefined);
  return (
    <Drawer
      onClose={onClose}
      title={
        <div>
          <div className="mono small break-all" data-testid="detail-sequence-number">
            {record.sequenceNumber}
          </div>
          <div className="row small muted">
            <span>{record.shardId}</span>
            <span>
              key <b className="mono text-strong">{record.partitionKey}</b>
            </span>
            <span>{formatTime(record.arrivalTime)} UTC</span>
            <span>{formatBytes(record.size)}</span>
          </div>
        </div>
      }
    >
      <div className="row mb-8">
        <h3 className="m-0">Decoded</h3>
        <DecodeChain chain={record.decoded.chain} />
        <span className="spacer" />
        <button onClick={() => copy(record.sequenceNumber)}>Copy sequence number</button>
      </div>
      <DecodedView decoded={record.decoded} />
      <details className="mt-14">
        <summary>Raw bytes: base64</summary>
        <pre className="payload wrap" data-testid="raw-base64">
          {record.data}
        </pre>
      </details>
      <details open={record.decoded.format !== "binary"}>
        <summary>Raw bytes: hex</summary>
        <pre className="payload" data-testid="raw-hex">
          {hex}
        </pre>
      </details>
    </Drawer>
  );
}
