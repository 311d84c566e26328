// A stream's CloudWatch alarms: state, reason and threshold, those in ALARM first.
import type { AlarmView } from "@/lib/metrics/types";
import { alarmShard, comparisonSign } from "@/lib/metrics/alarms";
import { formatTime } from "@/lib/format/format";

const STATE_CLASS: Record<AlarmView["state"], string> = { ALARM: "badge bad", OK: "badge ok", INSUFFICIENT_DATA: "badge warn" };

function metricText(a: AlarmView): string {
  if (!a.metricName) {
    const names = [...new Set(a.metrics.map((m) => m.metricName).filter(Boolean))];
    return `metric math over ${names.join(", ") || "several metrics"}`;
  }
  const shard = alarmShard(a);
  const consumer = a.dimensions.find((d) => d.name === "ConsumerName")?.value;
  return `${a.metricName} (${a.statistic ?? "?"} over ${a.period ?? "?"} s)${shard ? ` on ${shard}` : ""}${consumer ? ` for ${consumer}` : ""}`;
}

export function AlarmTable({ alarms }: { alarms: AlarmView[] }) {
  if (alarms.length === 0) {
    return (
      <p className="muted" data-testid="no-alarms">
        No CloudWatch alarms watch this stream (namespace AWS/Kinesis, dimension StreamName).
      </p>
    );
  }
  return (
    <table className="data" data-testid="alarm-table">
      <thead>
        <tr>
          <th>State</th>
          <th>Alarm</th>
          <th>Metric</th>
          <th>Threshold</th>
          <th>Reason</th>
          <th>Since (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {alarms.map((a) => (
          <tr key={a.arn ?? a.name} data-testid="alarm-row" data-alarm={a.name} data-state={a.state}>
            <td>
              <span className={STATE_CLASS[a.state]}>{a.state}</span>
            </td>
            <td title={a.description}>{a.name}</td>
            <td className="small">{metricText(a)}</td>
            <td className="mono" data-testid="alarm-threshold">
              {a.threshold !== undefined ? `${comparisonSign(a.comparison)} ${a.threshold}` : "anomaly band"}
              {a.evaluationPeriods ? (
                <span className="muted">
                  {" "}
                  · {a.datapointsToAlarm ?? a.evaluationPeriods} of {a.evaluationPeriods}
                </span>
              ) : null}
            </td>
            <td className="small">{a.reason}</td>
            <td className="mono small">{a.stateUpdatedAt ? formatTime(a.stateUpdatedAt).slice(0, 19) : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
