// One row per consumer application: kind, name, state, health with its reasons, the worst lag and
// on which shard, its trend over the last hour, and how fresh the row is. A row opens (a
// disclosure button) to show its shards and workers. Shared by a stream's tab and /consumers.
import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { KIND_LABEL, KIND_SHORT, lagText } from "@/lib/consumers/pipeline";
import type { ConsumerRow } from "@/lib/consumers/types";
import { formatAge } from "@/lib/format/format";
import { consumerKey as keyOf } from "@/lib/queries/consumers";
import { useScopedHref } from "@/lib/queries/scope";
import { useNow } from "@/components/ui/use-now";
import { ConsumerDetail } from "./consumer-detail";
import { HealthBadge } from "./health-badge";
import { LagTrendView } from "./lag-trend-view";
import { rowAnchor } from "./pipeline-picture";

type Row = ConsumerRow & { stream?: string };

export function ConsumersTable({
  rows,
  expanded,
  onToggle,
  showStream = false,
  stream,
  caption,
}: {
  rows: readonly Row[];
  expanded: ReadonlySet<string>;
  onToggle: (key: string) => void;
  /** /consumers: each row names its stream, linking to that stream's Consumers tab. */
  showStream?: boolean;
  /** A stream's tab: the stream every row reads. */
  stream?: string;
  caption: ReactNode;
}) {
  const href = useScopedHref();
  const now = useNow();
  const columns = showStream ? 8 : 7;
  return (
    <div className="scroll-x">
      <table className="data consumers-table" data-testid="consumers-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Consumer</th>
            {showStream ? <th scope="col">Stream</th> : null}
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Health</th>
            <th scope="col">Worst lag</th>
            <th scope="col">Trend</th>
            <th scope="col">Data from</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const key = keyOf(r);
            const open = expanded.has(key);
            const detailId = `${rowAnchor(key)}-detail`;
            return (
              <Fragment key={key}>
                <tr data-testid="consumer-row" data-consumer={r.id} data-kind={r.kind} data-health={r.health} data-stream={r.stream}>
                  <td>
                    <button
                      type="button"
                      id={rowAnchor(key)}
                      className="disclosure"
                      aria-expanded={open}
                      aria-controls={open ? detailId : undefined}
                      onClick={() => onToggle(key)}
                      data-testid="consumer-toggle"
                    >
                      <span aria-hidden="true">{open ? "▾" : "▸"}</span> {r.name}
                    </button>
                  </td>
                  {showStream ? (
                    <td>
                      {r.stream ? (
                        <Link href={href(`/streams/${encodeURIComponent(r.stream)}/consumers`)} data-testid="consumer-stream">
                          {r.stream}
                        </Link>
                      ) : (
                        "–"
                      )}
                    </td>
                  ) : null}
                  <td>
                    <abbr title={KIND_LABEL[r.kind]}>{KIND_SHORT[r.kind]}</abbr>
                  </td>
                  <td data-testid="consumer-state">{r.state}</td>
                  <td>
                    <HealthBadge health={r.health} />{" "}
                    <span className={r.health === "critical" ? "error-text small" : "small"} data-testid="consumer-reasons">
                      {r.reasons.join("; ")}
                    </span>
                  </td>
                  <td data-testid="consumer-lag">{lagText(r.lag)}</td>
                  <td>
                    <LagTrendView history={r.lagHistory} name={r.name} />
                  </td>
                  <td className="small" data-testid="consumer-fetched" title={r.fetchedAt}>
                    {formatAge(now - Date.parse(r.fetchedAt))} ago
                  </td>
                </tr>
                {open ? (
                  <tr className="consumer-detail-row">
                    <td colSpan={columns} id={detailId}>
                      <ConsumerDetail stream={r.stream ?? stream ?? ""} row={r} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
