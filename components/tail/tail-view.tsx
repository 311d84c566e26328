"use client";
// The Tail tab: records arriving live over server-sent events, filtered on the server, shown in a
// virtualized list whose DOM stays small however many arrive. The whole view lives in the URL.
import { useMemo, useState } from "react";
import { TAIL_START_POSITIONS } from "@/lib/tail/types";
import type { RecordView } from "@/lib/records/types";
import { useShards, useStreamDetails } from "@/lib/queries/streams";
import { useTail } from "@/lib/queries/use-tail";
import { toNdjson } from "@/lib/tail/export-ndjson";
import { RecordDetail } from "@/components/records/record-detail";
import { RecordTable } from "@/components/records/record-table";
import { StartPositionFields } from "@/components/records/start-position-fields";
import { DecoderPicker } from "@/components/ui/decoder-picker";
import { TailCounters } from "./tail-counters";
import { TailStatsTable } from "./tail-stats-table";
import { useTailForm } from "./use-tail-form";

const CONNECTION_LABEL = { idle: "stopped", connecting: "connecting…", open: "live", reconnecting: "reconnecting…", failed: "failed" } as const;

/**
 * `canRegister`: the viewer may have Shardscope register its own enhanced fan-out consumer (a write); else only a named one.
 * `canExport`: the viewer's role may download records (the Export button); the server decides (pageAccess).
 */
export function TailView({ name, canRegister = true, canExport = true }: { name: string; canRegister?: boolean; canExport?: boolean }) {
  const shards = useShards(name);
  const details = useStreamDetails(name);
  const { form, set, toggleShard, filterCheck, apply, url, running, setRunning, newestFirst, setNewestFirst } = useTailForm(name);
  const { state, status, pause, resume, clear } = useTail(url);
  const [selected, setSelected] = useState<RecordView | undefined>();

  const rows = useMemo(() => (newestFirst ? [...state.rows].reverse() : state.rows), [state.rows, newestFirst]);

  const exportNdjson = () => {
    const blob = new Blob([toNdjson(state.rows)], { type: "application/x-ndjson" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${name}-tail-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <div>
      <form
        className="panel"
        aria-label="Tail settings"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <div className="row align-end">
          <StartPositionFields
            positions={TAIL_START_POSITIONS}
            from={form.from}
            at={form.at}
            onFrom={(v) => set("from", v)}
            onAt={(v) => set("at", v)}
            label="Start"
          />
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
          <DecoderPicker value={form.decoder} onChange={(d) => set("decoder", d)} />
          <label className="field">
            Reading
            <span className="row gap-4">
              <label
                className="small check"
                title="SubscribeToShard through a registered consumer: a dedicated 2 MB/s per shard that does not use the shard's shared 5 GetRecords calls/s. Consumers are billed per shard-hour."
              >
                <input type="checkbox" checked={form.efo} onChange={(e) => set("efo", e.target.checked)} aria-label="Enhanced fan-out" /> enhanced fan-out
              </label>
              {form.efo ? (
                <>
                  <input
                    type="text"
                    list="efo-consumers"
                    value={form.consumer}
                    onChange={(e) => set("consumer", e.target.value)}
                    aria-label="Consumer name"
                    placeholder={canRegister ? "Shardscope's own" : "a registered consumer"}
                    required={!canRegister}
                    className="w-150"
                  />
                  <datalist id="efo-consumers">
                    {details.data?.consumers.map((c) => (
                      <option key={c.arn} value={c.name} />
                    ))}
                  </datalist>
                </>
              ) : null}
            </span>
          </label>
          <button type="submit" className="primary" disabled={!filterCheck.ok || (!canRegister && form.efo && !form.consumer.trim())}>
            Apply
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
        {!filterCheck.ok ? (
          <p className="badge bad" role="alert" data-testid="filter-error">
            {filterCheck.error}
          </p>
        ) : null}
      </form>

      <div className="row small mt-6 mb-10" data-testid="tail-status">
        <span className={`badge ${status.connection === "open" ? "ok" : status.connection === "failed" ? "bad" : "warn"}`} data-testid="tail-connection">
          {state.paused && status.connection === "open" ? "paused" : CONNECTION_LABEL[status.connection]}
        </span>
        <TailCounters state={state} />
        {state.paused ? <span data-testid="tail-parked">{state.parked.length} waiting</span> : null}
        {state.skipped > 0 ? (
          <span className="badge warn" data-testid="tail-skipped">
            {state.skipped} skipped while paused
          </span>
        ) : null}
        {state.droppedByServer > 0 ? (
          <span className="badge bad" data-testid="tail-dropped">
            {state.droppedByServer} dropped: this view fell behind
          </span>
        ) : null}
        <span className="spacer" />
        {running ? state.paused ? <button onClick={resume}>Resume</button> : <button onClick={pause}>Pause</button> : null}
        <button onClick={() => setRunning(!running)}>{running ? "Stop" : "Start"}</button>
        <button onClick={clear}>Clear</button>
        <button onClick={() => setNewestFirst(!newestFirst)} aria-label="Order">
          {newestFirst ? "Newest first" : "Oldest first"}
        </button>
        {canExport ? (
          <button onClick={exportNdjson} disabled={state.rows.length === 0}>
            Export NDJSON
          </button>
        ) : null}
      </div>

      {status.error ? (
        <div className="error-panel" role="alert" data-testid="error-panel" data-code={status.error.code}>
          <strong>{status.connection === "failed" ? "The tail could not start" : "A shard reader reported a problem"}</strong>
          <span>{status.error.message}</span>
        </div>
      ) : null}

      <TailStatsTable stats={status.stats} shards={status.shards} />

      <RecordTable
        rows={rows}
        onSelect={setSelected}
        rowTestId="tail-row"
        label="Tail records"
        testId="tail-list"
        height="60vh"
        empty={running ? "Waiting for records…" : "The tail is stopped."}
      />
      {selected ? <RecordDetail record={selected} stream={name} decoder={form.decoder} onClose={() => setSelected(undefined)} canExport={canExport} /> : null}
    </div>
  );
}
