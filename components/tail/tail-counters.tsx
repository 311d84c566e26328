"use client";
// The tail's counters, each with its definition (as a tooltip and in a legend), so that a reader can
// check that they add up: matched = received + dropped + in flight; with no filter, scanned = matched.
import type { TailState } from "@/lib/tail/tail-reducer";

export const COUNTER_DEFINITIONS = {
  scanned: "Records the server's filter looked at for this view: every record read from the chosen shards since the tail started.",
  matched: "Scanned records that passed the filter (all of them when there is no filter). matched = received + dropped + in flight.",
  received: "Records delivered to this browser. received = on screen + waiting + skipped while paused + evicted + cleared.",
  dropped: "Matched records the server dropped for this view because it fell behind (its queue was full).",
  inFlight: "Matched records still queued on the server for this view, on their way.",
  onScreen: "Rows in the list now, in arrival order: at most 5,000, the oldest leave first (evicted).",
} as const;

function Count({ name, label, value }: { name: keyof typeof COUNTER_DEFINITIONS; label: string; value: number }) {
  return (
    <span title={COUNTER_DEFINITIONS[name]} data-testid={`tail-count-${name}`} data-value={value}>
      {label} {value.toLocaleString("en-US")}
    </span>
  );
}

export function TailCounters({ state }: { state: TailState }) {
  const { server } = state;
  return (
    <>
      <span title={COUNTER_DEFINITIONS.onScreen}>
        <b data-testid="tail-row-count">{state.rows.length}</b> on screen
      </span>
      <span data-testid="tail-scanned">
        <Count name="scanned" label="scanned" value={server.scanned} /> · <Count name="matched" label="matched" value={server.matched} /> ·{" "}
        <Count name="received" label="received" value={state.received} /> · <Count name="dropped" label="dropped" value={state.droppedByServer} /> ·{" "}
        <Count name="inFlight" label="in flight" value={server.queued} />
      </span>
      {state.evicted > 0 || state.cleared > 0 ? (
        <span className="muted" data-testid="tail-left">
          {state.evicted > 0 ? `${state.evicted.toLocaleString("en-US")} evicted` : ""}
          {state.evicted > 0 && state.cleared > 0 ? " · " : ""}
          {state.cleared > 0 ? `${state.cleared.toLocaleString("en-US")} cleared` : ""}
        </span>
      ) : null}
      <details className="small" data-testid="tail-counter-legend">
        <summary>What the counts mean</summary>
        <dl>
          {(
            [
              ["scanned", "scanned"],
              ["matched", "matched"],
              ["received", "received"],
              ["dropped", "dropped"],
              ["inFlight", "in flight"],
              ["onScreen", "on screen"],
            ] as const
          ).map(([name, label]) => (
            <div key={name}>
              <dt>{label}</dt>
              <dd>{COUNTER_DEFINITIONS[name]}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
