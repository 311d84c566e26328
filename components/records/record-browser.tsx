"use client";
// The record browser: pick a shard and a start position, read a page, page forward. The position,
// the JSON fields shown as columns (`cols`) and the open record (`seq`) live in the URL, so a link
// reproduces the view; a URL with only `shard` and `seq` reads from that record and opens it. The
// decoder choice is remembered per stream.
import { useEffect, useMemo, useState } from "react";
import { needsAt, START_POSITIONS, type StartPosition } from "@/lib/records/types";
import { DECODER_NAMES, type DecoderName, type RecordView } from "@/lib/records/types";
import { columnsParam, fieldPaths, parseColumns } from "@/lib/records/json-fields";
import { useRecord, useRecords, useShards, type RecordsPosition } from "@/lib/queries/streams";
import { useUrlState } from "@/lib/queries/use-url-state";
import { DecoderPicker } from "@/components/ui/decoder-picker";
import { ErrorPanel } from "@/components/ui/error-panel";
import { formatDuration } from "@/lib/format/format";
import { FieldColumnsPicker } from "./field-columns-picker";
import { RecordDetail } from "./record-detail";
import { StartPositionFields } from "./start-position-fields";
import { fitHeight, RecordTable } from "./record-table";

const DECODER_LABELS: Record<DecoderName, string> = {
  auto: "Auto-detect",
  kpl: "KPL aggregate",
  gzip: "gzip",
  zlib: "zlib",
  cwlogs: "CloudWatch Logs",
  gsr: "Glue Schema Registry",
  confluent: "Confluent framing",
  avro: "Avro (stream's schema)",
  protobuf: "Protobuf (stream's schema)",
  msgpack: "MessagePack",
  cbor: "CBOR",
  json: "JSON",
  text: "Text (UTF-8)",
  hex: "Hex dump",
};
const decoderKey = (stream: string) => `shardscope.decoder.${stream}`;

function isStartPosition(v: string | null): v is StartPosition {
  return !!v && (START_POSITIONS as readonly string[]).includes(v);
}
function isDecoder(v: string | null): v is DecoderName {
  return !!v && (DECODER_NAMES as readonly string[]).includes(v);
}

/** `canExport`: the viewer's role may download records (a record's whole payload). */
export function RecordBrowser({ name, canExport = true }: { name: string; canExport?: boolean }) {
  const shards = useShards(name);
  const [params, setParams] = useUrlState();

  // What the URL asks for: the page being shown.
  const urlShard = params.get("shard");
  // The open record, by its sequence number in the shard being read.
  const openSeq = urlShard ? (params.get("seq") ?? undefined) : undefined;
  const urlFrom = params.get("from");
  const position: RecordsPosition | undefined = urlShard
    ? {
        shardId: urlShard,
        from: isStartPosition(urlFrom) ? urlFrom : openSeq ? "AT_SEQUENCE_NUMBER" : "TRIM_HORIZON",
        at: params.get("at") ?? (!isStartPosition(urlFrom) ? openSeq : undefined),
        decoder: isDecoder(params.get("decoder")) ? (params.get("decoder") as DecoderName) : "auto",
        limit: Math.min(1000, Math.max(1, Number(params.get("limit")) || 100)),
      }
    : undefined;

  // The form's draft, applied with "Read".
  const [shardDraft, setShard] = useState(position?.shardId ?? "");
  // Until one is picked, the first shard.
  const shard = shardDraft || (shards.data?.shards[0]?.shardId ?? "");
  const [from, setFrom] = useState<StartPosition>(position?.from ?? "TRIM_HORIZON");
  const [at, setAt] = useState(position?.at ?? "");
  const [decoder, setDecoder] = useState<DecoderName>(position?.decoder ?? "auto");
  const [limit, setLimit] = useState(position?.limit ?? 100);

  useEffect(() => {
    if (params.get("decoder")) return;
    const saved = window.localStorage.getItem(decoderKey(name));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage is read after hydration: the server render cannot know it
    if (isDecoder(saved)) setDecoder(saved);
  }, [name, params]);

  const records = useRecords(name, position);
  const rows: RecordView[] = useMemo(() => records.data?.pages.flatMap((p) => p.records) ?? [], [records.data]);
  const lastPage = records.data?.pages.at(-1);
  // The columns live here and are mirrored to the URL: its updates land asynchronously, and a
  // checkbox must show its new state at once (quick clicks would otherwise read a stale URL).
  const [cols, setCols] = useState(() => parseColumns(params.get("cols")));
  const chooseColumns = (c: string[]) => {
    setCols(c);
    setParams({ cols: columnsParam(c) });
  };
  const available = useMemo(() => fieldPaths(rows), [rows]);
  const decoderInUse = position?.decoder ?? "auto";

  // The open record: from the rows when it is among them, else read on its own.
  const inRows = openSeq ? rows.find((r) => r.sequenceNumber === openSeq) : undefined;
  const single = useRecord(
    name,
    openSeq && urlShard && !inRows && !records.isPending ? { shardId: urlShard, sequenceNumber: openSeq, decoder: decoderInUse, full: false } : undefined,
  );
  const selected = inRows ?? single.data;
  const select = (r: RecordView) => setParams({ seq: r.sequenceNumber });
  const close = () => setParams({ seq: undefined });

  const read = () => {
    window.localStorage.setItem(decoderKey(name), decoder);
    setParams(
      {
        shard,
        from,
        at: needsAt(from) ? at.trim() : undefined,
        decoder: decoder === "auto" ? undefined : decoder,
        limit: limit === 100 ? undefined : String(limit),
        seq: undefined,
      },
      "push",
    );
    // Reading the same position again should read again, not show the cached page.
    if (position && position.shardId === shard && position.from === from && (position.at ?? "") === (needsAt(from) ? at.trim() : "")) {
      void records.refetch();
    }
  };

  return (
    <div>
      <form
        className="panel row align-end"
        aria-label="Where to read"
        onSubmit={(e) => {
          e.preventDefault();
          read();
        }}
      >
        <label className="field">
          Shard
          <select value={shard} onChange={(e) => setShard(e.target.value)} aria-label="Shard" data-testid="shard-select">
            {shards.data?.shards.map((s) => (
              <option key={s.shardId} value={s.shardId}>
                {s.shardId}
                {s.open ? "" : " (closed)"}
              </option>
            ))}
          </select>
        </label>
        <StartPositionFields positions={START_POSITIONS} from={from} at={at} onFrom={setFrom} onAt={setAt} />
        <DecoderPicker value={decoder} onChange={setDecoder} optionLabel={(d) => DECODER_LABELS[d]} />
        <label className="field">
          Page size
          <input type="number" min={1} max={1000} value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Page size" className="w-90" />
        </label>
        <button type="submit" className="primary" disabled={!shard}>
          Read records
        </button>
      </form>

      {shards.error ? <ErrorPanel error={shards.error} action="list shards" /> : null}
      {records.error ? <ErrorPanel error={records.error} action="read records" /> : null}
      {single.error ? <ErrorPanel error={single.error} action={`open record ${openSeq ?? ""}`} /> : null}
      {position && records.isPending ? <p className="skeleton">Reading {position.shardId}…</p> : null}

      {position && records.data ? (
        <section>
          <div className="row small my-6" data-testid="records-status">
            <span>
              <b data-testid="record-count">{rows.length}</b> records from {position.shardId} at {position.from}
              {position.at ? ` ${position.at}` : ""}
            </span>
            <span className="muted">behind latest: {formatDuration(lastPage?.millisBehindLatest)}</span>
            <span className="spacer" />
            <FieldColumnsPicker available={available} chosen={cols} onChange={chooseColumns} />
            {lastPage?.cursor === null ? (
              <span className="badge" data-testid="end-of-shard">
                end of closed shard
              </span>
            ) : (
              <button onClick={() => void records.fetchNextPage()} disabled={records.isFetchingNextPage} data-testid="load-more">
                {records.isFetchingNextPage ? "Reading…" : "Load more"}
              </button>
            )}
          </div>
          {rows.length === 0 ? (
            <div className="panel empty" data-testid="no-records">
              No records at this position yet.
              {lastPage?.cursor ? " Load more to look again; new records appear as they arrive." : ""}
            </div>
          ) : (
            <RecordTable
              rows={rows}
              onSelect={select}
              rowTestId="record-row"
              label={`Records of ${position.shardId}`}
              height={fitHeight(rows.length, "65vh")}
              showShard={false}
              fields={cols}
              highlight={openSeq}
            />
          )}
        </section>
      ) : null}
      {!position ? <p className="muted">Pick a shard and a start position, then read.</p> : null}
      {selected ? (
        <RecordDetail
          key={`${selected.shardId}/${selected.sequenceNumber}`}
          record={selected}
          stream={name}
          decoder={decoderInUse}
          onClose={close}
          canExport={canExport}
        />
      ) : null}
    </div>
  );
}
