// One consumer, opened: its lag over the last hour, its facts (function, batch size, destination, lease table…), its leases
// per shard with a link to the record browser at each checkpoint, and its workers.
import Link from "next/link";
import { afterCheckpointHref } from "@/lib/records/record-links";
import type { ConsumerRow } from "@/lib/consumers/types";
import { formatSeconds, formatTime, shorten } from "@/lib/format/format";
import { useScopedHref } from "@/lib/queries/scope";
import { HealthBadge } from "./health-badge";
import { LagChart } from "./lag-chart";

const dash = (v: string | number | undefined | null) => (v === undefined || v === null || v === "" ? "–" : String(v));

export function ConsumerDetail({ stream, row }: { stream: string; row: ConsumerRow }) {
  const href = useScopedHref();
  const facts = Object.entries(row.details).filter(([, v]) => v !== null && v !== "");
  return (
    <div className="consumer-detail" data-testid="consumer-detail">
      {row.lagHistory ? <LagChart history={row.lagHistory} name={row.name} /> : null}
      {facts.length > 0 ? (
        <dl className="facts" data-testid="consumer-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className={k === "lastProcessingResult" && v !== "OK" ? "error-text" : undefined}>{String(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {row.shards && row.shards.length > 0 ? (
        <div className="scroll-x">
          <table className="data" data-testid="consumer-shards">
            <caption className="sr-only">{row.name}: leases per shard</caption>
            <thead>
              <tr>
                <th scope="col">Shard</th>
                <th scope="col">Checkpoint</th>
                <th scope="col">Owner</th>
                <th scope="col">Lease counter</th>
                <th scope="col">Lag</th>
                <th scope="col">State</th>
                <th scope="col">Health</th>
              </tr>
            </thead>
            <tbody>
              {row.shards.map((s) => {
                const link = afterCheckpointHref(stream, s.shardId, s.checkpoint);
                return (
                  <tr key={s.shardId} data-testid="consumer-shard" data-shard={s.shardId}>
                    <td className="mono">{s.shardId}</td>
                    <td className="mono" title={s.checkpoint ?? undefined}>
                      {s.checkpoint === null ? "–" : /^\d+$/.test(s.checkpoint) ? shorten(s.checkpoint) : s.checkpoint}
                      {s.subSequenceNumber ? ` / ${s.subSequenceNumber}` : ""}
                      {link ? (
                        <>
                          {" "}
                          <Link href={href(link)} data-testid="checkpoint-link" aria-label={`Open the records after ${row.name}'s checkpoint on ${s.shardId}`}>
                            next records
                          </Link>
                        </>
                      ) : null}
                    </td>
                    <td className="mono">{dash(s.owner)}</td>
                    <td>{dash(s.leaseCounter)}</td>
                    <td title={s.nextRecordAt ? `next record arrived ${formatTime(s.nextRecordAt)}` : undefined}>
                      {s.lagMillis === undefined ? "–" : formatSeconds(s.lagMillis)}
                    </td>
                    <td>{s.state}</td>
                    <td>
                      <HealthBadge health={s.health} /> <span className="small">{s.reasons.join("; ")}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {row.workers && row.workers.length > 0 ? (
        <div className="scroll-x">
          <table className="data" data-testid="consumer-workers">
            <caption className="sr-only">{row.name}: workers</caption>
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Leases</th>
                <th scope="col">Utilisation</th>
                <th scope="col">Leader</th>
                <th scope="col">Last report</th>
              </tr>
            </thead>
            <tbody>
              {row.workers.map((w) => (
                <tr key={w.id} data-testid="consumer-worker" data-worker={w.id}>
                  <td className="mono">{w.id}</td>
                  <td>{w.leases}</td>
                  <td>
                    {w.utilisation && Object.keys(w.utilisation).length > 0
                      ? Object.entries(w.utilisation)
                          .map(([k, v]) => `${k} ${Math.round(v)}%`)
                          .join(", ")
                      : "–"}
                  </td>
                  <td>{w.leader ? <span className="badge info">leader</span> : ""}</td>
                  <td>{w.lastUpdate ? formatTime(w.lastUpdate) : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
