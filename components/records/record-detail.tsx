"use client";
// The detail drawer for one record: its identity, the decoded payload (nested JSON open two levels
// deep), the raw bytes (hex folded when a decoder made sense of them), copy buttons, and the
// actions that start from this record: tail from here, put a copy. A large record arrives as a
// preview; its whole payload is loaded on demand and shown a chunk at a time.
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { hexDump } from "@/lib/records/hex-dump";
import { payloadText, recordJson } from "@/lib/records/record-copy";
import { putCopyHref, putPrefillOf, recordHref, tailFromHref } from "@/lib/records/record-links";
import { useScopedHref } from "@/lib/queries/scope";
import { decodedText } from "@/lib/records/record-preview";
import type { DecodedPayload, DecoderName, RecordView } from "@/lib/records/types";
import { useRecord } from "@/lib/queries/streams";
import { Drawer } from "@/components/ui/drawer";
import { ErrorPanel } from "@/components/ui/error-panel";
import { formatBytes, formatTime } from "@/lib/format/format";
import { DecodeChain, DecodedView } from "./decoded-view";

/** Decoded text past this size is shown a chunk at a time rather than as a tree. */
const TREE_MAX_CHARS = 256 * 1024;
const CHUNK_CHARS = 64 * 1024;

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Copies with the Clipboard API and says so (or why not) in a live region. */
function useCopy() {
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async (what: string, text: string) => {
    clearTimeout(timer.current);
    try {
      if (!navigator.clipboard) throw new Error("the clipboard is not available on this page");
      await navigator.clipboard.writeText(text);
      setNotice({ ok: true, text: `Copied ${what}.` });
    } catch (e) {
      // A DOMException (NotAllowedError) is not always an Error of this realm: read its message.
      const message = typeof (e as { message?: unknown })?.message === "string" ? (e as { message: string }).message : String(e);
      setNotice({ ok: false, text: `Could not copy ${what}: ${message}` });
    }
    timer.current = setTimeout(() => setNotice(undefined), 4000);
  };
  return { copy, notice };
}

/** The raw bytes as a hex dump, computed only once it is opened. */
function HexSection({ data, open: initiallyOpen }: { data: string; open: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const hex = useMemo(() => (open ? hexDump(base64ToBytes(data)) : ""), [open, data]);
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="raw-hex-section">
      <summary>Raw bytes: hex</summary>
      {open ? (
        <pre className="payload" data-testid="raw-hex" tabIndex={0} aria-label="Raw bytes in hex">
          {hex}
        </pre>
      ) : null}
    </details>
  );
}

/** A long text a chunk at a time, so the page never lays out megabytes at once. */
function ChunkedText({ text }: { text: string }) {
  const [shown, setShown] = useState(1);
  const chunks = Math.ceil(text.length / CHUNK_CHARS);
  return (
    <div data-testid="payload-chunks">
      <pre className="payload wrap" data-testid="payload-chunk-text" tabIndex={0} aria-label="Payload">
        {text.slice(0, shown * CHUNK_CHARS)}
      </pre>
      <div className="row small">
        <span className="muted" data-testid="payload-chunk-status">
          Showing {formatBytes(Math.min(text.length, shown * CHUNK_CHARS))} of {formatBytes(text.length)} of text
        </span>
        {shown < chunks ? (
          <button type="button" onClick={() => setShown((n) => n + 1)}>
            Show the next {formatBytes(CHUNK_CHARS)}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function downloadBytes(r: RecordView) {
  const url = URL.createObjectURL(new Blob([base64ToBytes(r.data)], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `${r.shardId}-${r.sequenceNumber}.bin`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** What the server's masking rules hid in this record, path by path. */
function MaskedNotice({ paths }: { paths: string[] }) {
  const whole = paths.length === 1 && paths[0] === "$";
  return (
    <div className="panel small mb-8" role="note" data-testid="masked-notice">
      <span className="badge warn mr-6">masked</span>
      {whole ? (
        <span>The server&apos;s masking rules hid parts of this payload (or all of it, when it cannot be looked into).</span>
      ) : (
        <span>
          The server&apos;s masking rules masked, removed or hashed {paths.length === 1 ? "this field" : `these ${paths.length} fields`}:{" "}
          {paths.map((p, i) => (
            <span key={p}>
              {i > 0 ? ", " : ""}
              <code data-testid="masked-path">{p}</code>
            </span>
          ))}
        </span>
      )}
    </div>
  );
}

function Payload({ record }: { record: RecordView }) {
  const text = useMemo(() => (record.truncated ? "" : decodedText(record.decoded)), [record]);
  if (record.truncated) {
    return (
      <pre className="payload wrap" data-testid="payload-preview" tabIndex={0} aria-label="Payload preview">
        {record.decoded.text}
      </pre>
    );
  }
  if (text.length > TREE_MAX_CHARS) return <ChunkedText text={text} />;
  return <DecodedView decoded={record.decoded} />;
}

export function RecordDetail({
  record,
  stream,
  decoder,
  onClose,
  openInBrowser = false,
  canExport = true,
}: {
  record: RecordView;
  stream: string;
  decoder: DecoderName;
  onClose: () => void;
  /** Offer a link to the record browser at this record (views other than the browser itself). */
  openInBrowser?: boolean;
  /** The viewer's role may download records (a whole payload's Download); the server decides (pageAccess). */
  canExport?: boolean;
}) {
  const [wantFull, setWantFull] = useState(false);
  const href = useScopedHref();
  const full = useRecord(
    stream,
    record.truncated && wantFull ? { shardId: record.shardId, sequenceNumber: record.sequenceNumber, decoder, full: true } : undefined,
  );
  // A record decoded by a schema: the detail route adds the schema's text, which pages leave out.
  const withSchema = useRecord(
    stream,
    !record.truncated && lacksSchemaText(record.decoded) ? { shardId: record.shardId, sequenceNumber: record.sequenceNumber, decoder, full: false } : undefined,
  );
  // The record as far as it is known: whole once loaded, with its schema's text once fetched.
  const shown = full.data ?? withSchema.data ?? record;
  const { copy, notice } = useCopy();
  const masked = shown.decoded.masked;
  const prefill = putPrefillOf(shown);
  const copyPath = prefill ? putCopyHref(stream, prefill) : undefined;
  const putHref = copyPath ? href(copyPath) : undefined;
  const putWhyNot = masked
    ? "A record with masked fields cannot be copied: its raw bytes are not sent."
    : !prefill
      ? "Load the full payload first."
      : !putHref
        ? "Too large to carry in a link: download the payload and upload it instead."
        : "";

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
            <span data-testid="detail-size">{formatBytes(record.size)}</span>
          </div>
        </div>
      }
    >
      <div className="row mb-8" role="group" aria-label="Record actions">
        {openInBrowser ? (
          <Link className="button" href={href(recordHref(stream, record.shardId, record.sequenceNumber))} data-testid="open-in-browser">
            Open in the record browser
          </Link>
        ) : null}
        <Link className="button" href={href(tailFromHref(stream, record.shardId, record.sequenceNumber))} data-testid="tail-from-here">
          Tail from here
        </Link>
        {putHref ? (
          <Link className="button" href={putHref} data-testid="put-a-copy">
            Put a copy
          </Link>
        ) : (
          <button type="button" disabled title={putWhyNot} data-testid="put-a-copy">
            Put a copy
          </button>
        )}
        <span className="spacer" />
        <button type="button" onClick={() => void copy("the payload", payloadText(shown))} disabled={!!shown.truncated} data-testid="copy-payload">
          Copy payload
        </button>
        <button type="button" onClick={() => void copy("the record as JSON", recordJson(shown))} data-testid="copy-json">
          Copy as JSON
        </button>
        <button type="button" onClick={() => void copy("the sequence number", record.sequenceNumber)}>
          Copy sequence number
        </button>
      </div>
      <p role="status" className={notice ? (notice.ok ? "badge ok" : "badge bad") : "sr-only"} data-testid="copy-status">
        {notice?.text ?? ""}
      </p>
      {putWhyNot && prefill ? <p className="muted small">Put a copy: {putWhyNot}</p> : null}

      <div className="row mb-8">
        <h3 className="m-0">Decoded</h3>
        <DecodeChain chain={shown.decoded.chain} />
      </div>
      {masked ? <MaskedNotice paths={masked} /> : null}
      {shown.truncated ? (
        <div className="panel row small" data-testid="truncated-notice">
          <span>
            A large record: this is a preview of its first {formatBytes(shown.decoded.text?.length ?? 0)} of text; the record holds {formatBytes(record.size)}.
          </span>
          <span className="spacer" />
          <button type="button" className="primary" onClick={() => setWantFull(true)} disabled={full.isFetching} data-testid="load-full">
            {full.isFetching ? "Loading…" : "Load full payload"}
          </button>
        </div>
      ) : null}
      {full.error ? <ErrorPanel error={full.error} action="load the full payload" /> : null}
      {full.data ? (
        <div className="row small mb-8" data-testid="full-loaded">
          <span className="badge ok">Full payload loaded: {formatBytes(full.data.size)}</span>
          {masked || !canExport ? null : (
            <button type="button" onClick={() => downloadBytes(full.data)} data-testid="download-payload">
              Download payload
            </button>
          )}
        </div>
      ) : null}
      <Payload record={shown} />
      {masked ? (
        <p className="muted small mt-14" data-testid="raw-withheld">
          Raw bytes: not sent, because this record has masked fields.
        </p>
      ) : (
        <>
          <details className="mt-14">
            <summary>Raw bytes: base64{shown.truncated ? " (the start)" : ""}</summary>
            <pre className="payload wrap" data-testid="raw-base64" tabIndex={0} aria-label="Raw bytes in base64">
              {shown.data}
            </pre>
          </details>
          <HexSection key={shown.truncated ? "preview" : "full"} data={shown.data} open={shown.decoded.format === "binary"} />
        </>
      )}
    </Drawer>
  );
}

/** Whether the payload (or a sub-record) was decoded by a schema whose text is not here yet. */
function lacksSchemaText(d: DecodedPayload): boolean {
  if (d.schema && d.schema.source !== "confluent" && d.schema.definition === undefined) return true;
  return (d.subRecords ?? []).some((s) => lacksSchemaText(s.decoded));
}
