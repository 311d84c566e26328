// How far a search got: which shards it reads and why, each shard's progress (time reached,
// records and bytes, share of the window, state, rate and budget), matches so far and the time
// left; once over, what it covered in words.
import type { SearchDoneEvent, SearchPlanEvent, SearchProgressEvent, SearchShardProgress } from "@/lib/search/types";
import type { SearchPhase } from "@/lib/queries/use-search";
import { formatBytes, formatCount, formatDuration, formatTime, shorten } from "@/lib/format/format";

const short = (id: string) => id.replace(/^shardId-0*(?=\d)/, "shard ");

export function planText(plan: SearchPlanEvent): string {
  const n = plan.shards.length;
  const reading = `Reading ${n} of ${plan.totalShards} shard${plan.totalShards === 1 ? "" : "s"}`;
  if (plan.keyed) {
    const into = plan.keyed.openShardId ? ` hashes to ${plan.keyed.openShardId}` : " hashes to no open shard";
    const ancestors = n > 1 ? ` (with its ancestors over the window)` : "";
    return `${reading}: ${plan.keyed.key}${into}${ancestors}.`;
  }
  return `${reading}.`;
}

/** What each shard covered, in words: "shard 0 from 09:00:00 to 09:07:12 of 09:15:00". */
export function coverageText(plan: SearchPlanEvent | undefined, shards: SearchShardProgress[], cancelled: boolean): string {
  const end = plan ? formatTime(plan.window.end) : "the end";
  const start = plan?.window.start ? formatTime(plan.window.start) : "the oldest record";
  const parts = shards.map((s) => {
    if (s.state === "done") return `${short(s.shardId)} whole`;
    if (!s.reachedAt) return `${short(s.shardId)} not at all`;
    return `${short(s.shardId)} from ${start} to ${formatTime(s.reachedAt)} of ${end}`;
  });
  return `Read ${parts.join("; ")}${cancelled ? " before you cancelled" : ""}.`;
}

export function SearchProgress({
  phase,
  plan,
  progress,
  done,
}: {
  phase: SearchPhase;
  plan?: SearchPlanEvent;
  progress?: SearchProgressEvent;
  done?: SearchDoneEvent;
}) {
  const shards = done?.shards ?? progress?.shards ?? [];
  const overall = shards.length ? shards.reduce((n, s) => n + s.coveredPercent, 0) / shards.length : phase === "done" ? 100 : 0;
  const matched = done?.matched ?? progress?.matched ?? 0;
  const scanned = done?.scanned ?? progress?.scanned ?? 0;
  const bytes = done?.bytes ?? progress?.bytes ?? 0;
  return (
    <section className="panel" aria-label="Search progress" data-testid="search-progress" data-phase={phase}>
      {plan ? (
        <p className="small" data-testid="search-plan">
          {planText(plan)}
        </p>
      ) : null}
      <div className="progress" role="progressbar" aria-label="Window covered" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(overall)}>
        <div className="ok" style={{ width: `${overall}%` }} />
      </div>
      <div className="row small mt-4">
        <span>
          <b data-testid="search-matched">{formatCount(matched)}</b> matches
        </span>
        <span>
          <b data-testid="search-scanned">{formatCount(scanned)}</b> records read ({formatBytes(bytes)})
        </span>
        <span data-testid="search-covered">{Math.round(overall)}% of the window</span>
        {phase === "running" && progress?.etaMs !== undefined ? <span data-testid="search-eta">about {formatDuration(progress.etaMs)} left</span> : null}
        {progress || done ? <span className="muted">{formatDuration((done ?? progress)!.elapsedMs)} elapsed</span> : null}
      </div>
      {done ? (
        <p className={`small mt-4 ${done.reason === "limit" ? "warn-text" : ""}`} role="status" data-testid="search-done" data-reason={done.reason}>
          {done.message} {coverageText(plan, done.shards, false)}
        </p>
      ) : phase === "cancelled" ? (
        <p className="small mt-4" role="status" data-testid="search-done" data-reason="cancelled">
          Cancelled: {matched} match{matched === 1 ? "" : "es"} in {scanned} records read. {coverageText(plan, shards, true)}
        </p>
      ) : null}
      {shards.length ? (
        <div className="scroll-x mt-6">
          <table aria-label="Progress per shard" data-testid="search-shards">
            <thead>
              <tr>
                <th scope="col">Shard</th>
                <th scope="col">State</th>
                <th scope="col">Reached</th>
                <th scope="col">Covered</th>
                <th scope="col">Records</th>
                <th scope="col">Bytes</th>
                <th scope="col">Rate</th>
                <th scope="col">Budget</th>
              </tr>
            </thead>
            <tbody>
              {shards.map((s) => (
                <tr key={s.shardId} data-testid="search-shard" data-shard={s.shardId} data-state={s.state}>
                  <td className="mono" title={s.shardId}>
                    {shorten(s.shardId, 12)}
                  </td>
                  <td>
                    <span
                      className={`badge ${s.state === "failed" ? "bad" : s.state === "throttled" || s.state === "stopped" ? "warn" : s.state === "done" ? "ok" : "info"}`}
                      title={s.message}
                    >
                      {s.state}
                    </span>
                  </td>
                  <td className="mono">{s.reachedAt ? formatTime(s.reachedAt) : "—"}</td>
                  <td>{Math.round(s.coveredPercent)}%</td>
                  <td>{formatCount(s.records)}</td>
                  <td>{formatBytes(s.bytes)}</td>
                  <td>{formatCount(s.recordsPerSecond)}/s</td>
                  <td title="GetRecords calls per second this search may spend on the shard, inside the shard's 5 for every reader">
                    {s.budgetPerSecond} calls/s
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
