"use client";
// The time range of the Metrics tab: presets from 15 minutes to 7 days, or a custom UTC window.
import { useState } from "react";
import { RANGE_KEYS, RANGE_LABELS } from "@/lib/metrics/period";

export interface RangeValue {
  range: string;
  start?: string;
  end?: string;
}

/** `datetime-local` shows no zone; the dashboard speaks UTC everywhere. */
const toInput = (iso: string | undefined) => (iso ? iso.slice(0, 16) : "");
const fromInput = (v: string) => (v ? `${v}:00.000Z` : undefined);

export function RangePicker({ value, onChange }: { value: RangeValue; onChange: (v: RangeValue) => void }) {
  const [custom, setCustom] = useState(value.range === "custom");
  const [start, setStart] = useState(() => toInput(value.start) || toInput(new Date(Date.now() - 3 * 3600_000).toISOString()));
  const [end, setEnd] = useState(() => toInput(value.end) || toInput(new Date().toISOString()));
  return (
    <div className="row gap-8">
      <div className="segmented" role="group" aria-label="Time range">
        {RANGE_KEYS.map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={!custom && value.range === k}
            onClick={() => {
              setCustom(false);
              onChange({ range: k });
            }}
          >
            {RANGE_LABELS[k]}
          </button>
        ))}
        <button type="button" aria-pressed={custom} onClick={() => setCustom(true)}>
          Custom
        </button>
      </div>
      {custom ? (
        <form
          className="row gap-6"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ range: "custom", start: fromInput(start), end: fromInput(end) });
          }}
        >
          <label className="field">
            From (UTC)
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} aria-label="From (UTC)" />
          </label>
          <label className="field">
            To (UTC)
            <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} aria-label="To (UTC)" />
          </label>
          <button type="submit" className="primary" disabled={!start || !end}>
            Apply
          </button>
        </form>
      ) : null}
    </div>
  );
}
