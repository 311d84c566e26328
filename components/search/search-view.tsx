"use client";
// The Search tab: a window of the stream (every shard, or those chosen, or only where an exact key
// can be) read on the server with the tail's filters; progress per shard and in all; matches in
// the tail's virtualized table as they arrive, sorted by arrival time across shards; cancel;
// download of every match as NDJSON from the server; replay of picked rows or all matches. The
// whole search lives in the URL, and opening a search link runs it.
import { useCallback, useMemo, useState } from "react";
import type { RecordView } from "@/lib/records/types";
import { SEARCH_START_POSITIONS } from "@/lib/search/types";
import { useShards } from "@/lib/queries/streams";
import { useSearch } from "@/lib/queries/use-search";
import { RecordDetail } from "@/components/records/record-detail";
import { RecordTable, recordKey } from "@/components/records/record-table";
import { StartPositionFields } from "@/components/records/start-position-fields";
import { DecoderPicker } from "@/components/ui/decoder-picker";
import { ReplayPanel } from "./replay-panel";
import { SearchProgress } from "./search-progress";
import { useSearchForm } from "./use-search-form";

/** `readOnly`: no replay (the viewer may not write); `canExport`: the viewer's role may download the matches. */
export function SearchView({ name, readOnly, canExport = true }: { name: string; readOnly: boolean; canExport?: boolean }) {
  const shards = useShards(name);
  const { form, set, toggleShard, problem, search, url, max, downloadUrl } = useSearchForm(name);
  const { rows, status, cancel } = useSearch(url, max);
  const [selected, setSelected] = useState<RecordView | undefined>();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const onPick = useCallback(
    (r: RecordView, on: boolean) =>
      setPicked((p) => {
        const next = new Set(p);
        if (on) next.add(recordKey(r));
        else next.delete(recordKey(r));
        return next;
      }),
    [],
  );
  const pickedRows = useMemo(() => rows.filter((r) => picked.has(recordKey(r))), [rows, picked]);
  const running = status.phase === "running";

  return (
    <div>
      <form
        className="panel"
        aria-label="Search settings"
        onSubmit={(e) => {
          e.preventDefault();
          setPicked(new Set());
          search();
        }}
      >
        <div className="row align-end">
          <StartPositionFields
            positions={SEARCH_START_POSITIONS}
            from={form.from}
            at={form.at}
            onFrom={(v) => set("from", v)}
            onAt={(v) => set("at", v)}
            label="Window start"
          />
          <span className="field">
            <span className="row gap-4">
              {(
                [
                  ["Last 10 min", 10 * 60_000],
                  ["Last hour", 3_600_000],
                ] as const
              ).map(([label, ms]) => (
                <button
                  key={label}
                  type="button"
                  className="small"
                  onClick={() => {
                    set("from", "AT_TIMESTAMP");
                    set("at", new Date(Date.now() - ms).toISOString());
                    set("until", "");
                  }}
                >
                  {label}
                </button>
              ))}
            </span>
          </span>
          <label className="field">
            Window end
            <input
              type="text"
              className="mono w-180"
              value={form.until}
              onChange={(e) => set("until", e.target.value)}
              aria-label="Window end"
              placeholder="now (or an ISO 8601 time)"
            />
          </label>
          <label className="field">
            Partition key
            <span className="row gap-4">
              <select value={form.keyMode} onChange={(e) => set("keyMode", e.target.value === "prefix" ? "prefix" : "exact")} aria-label="Key match">
                <option value="exact">is</option>
                <option value="prefix">starts with</option>
              </select>
              <input type="text" value={form.key} onChange={(e) => set("key", e.target.value)} aria-label="Partition key filter" className="w-160" />
            </span>
          </label>
          <label className="field">
            Payload contains
            <span className="row gap-4">
              <input type="text" value={form.text} onChange={(e) => set("text", e.target.value)} aria-label="Payload filter" className="w-180" />
              <label className="small check">
                <input type="checkbox" checked={form.regex} onChange={(e) => set("regex", e.target.checked)} aria-label="Regular expression" /> regex
              </label>
            </span>
          </label>
          <label className="field">
            JSON expression
            <input
              type="text"
              className="mono w-260"
              value={form.expr}
              onChange={(e) => set("expr", e.target.value)}
              aria-label="Expression filter"
              placeholder='total > 100 and currency == "EUR"'
            />
          </label>
          <label className="field">
            At most
            <input
              type="text"
              inputMode="numeric"
              className="w-80"
              value={form.max}
              onChange={(e) => set("max", e.target.value)}
              aria-label="Maximum matches"
            />
          </label>
          <DecoderPicker value={form.decoder} onChange={(d) => set("decoder", d)} />
          <button type="submit" className="primary" disabled={!!problem} data-testid="search-run">
            Search
          </button>
        </div>
        {shards.data ? (
          <fieldset className="row small mt-10" aria-label="Shards">
            <span className="muted">Shards:</span>
            <label>
              <input type="checkbox" checked={form.shards.length === 0} onChange={() => set("shards", [])} /> all
            </label>
            {shards.data.shards.map((s) => (
              <label key={s.shardId} className="mono">
                <input
                  type="checkbox"
                  checked={form.shards.includes(s.shardId)}
                  onChange={(e) => toggleShard(s.shardId, e.target.checked)}
                  aria-label={s.shardId}
                />{" "}
                {s.shardId.replace(/^shardId-0*(?=\d)/, "#")}
                {s.open ? "" : " (closed)"}
              </label>
            ))}
          </fieldset>
        ) : null}
        {problem ? (
          <p className="badge bad" role="alert" data-testid="search-problem">
            {problem}
          </p>
        ) : null}
      </form>

      {status.phase !== "idle" ? (
        <>
          <div className="row small mt-6 mb-10" data-testid="search-status">
            <span
              className={`badge ${running ? "info" : status.phase === "failed" ? "bad" : status.phase === "cancelled" ? "warn" : "ok"}`}
              data-testid="search-phase"
            >
              {running ? "searching…" : status.phase}
            </span>
            <span className="spacer" />
            {running ? (
              <button type="button" onClick={cancel} data-testid="search-cancel">
                Cancel
              </button>
            ) : null}
            {canExport ? (
              <a className="button" href={downloadUrl(status.plan?.window.end)} download data-testid="search-download">
                Download all matches (NDJSON)
              </a>
            ) : null}
          </div>
          {status.error ? (
            <div className="error-panel" role="alert" data-testid="error-panel" data-code={status.error.code}>
              <strong>{status.phase === "failed" ? "The search could not run" : "A shard reported a problem"}</strong>
              <span>{status.error.message}</span>
            </div>
          ) : null}
          <SearchProgress phase={status.phase} plan={status.plan} progress={status.progress} done={status.done} />
        </>
      ) : null}

      <RecordTable
        rows={rows}
        onSelect={setSelected}
        rowTestId="search-row"
        label="Search results"
        testId="search-list"
        height="60vh"
        picked={readOnly ? undefined : picked}
        onPick={readOnly ? undefined : onPick}
        empty={status.phase === "idle" ? "Choose a window and filters, then Search." : running ? "Searching…" : "No matches."}
      />
      {!readOnly && status.phase !== "idle" ? <ReplayPanel stream={name} all={rows} picked={pickedRows} /> : null}
      {selected ? (
        <RecordDetail record={selected} stream={name} decoder={form.decoder} onClose={() => setSelected(undefined)} openInBrowser canExport={canExport} />
      ) : null}
    </div>
  );
}
