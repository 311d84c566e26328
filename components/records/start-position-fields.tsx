// Where to start reading a shard: the position, and the timestamp or sequence number it needs.
// Shared by the record browser and the live tail.
import type { StartPosition } from "@/lib/records/types";

export const needsAt = (from: StartPosition) => from !== "TRIM_HORIZON" && from !== "LATEST";

export function StartPositionFields<P extends StartPosition>({
  positions,
  from,
  at,
  onFrom,
  onAt,
  label = "Start position",
}: {
  positions: readonly P[];
  from: P;
  at: string;
  onFrom: (from: P) => void;
  onAt: (at: string) => void;
  label?: string;
}) {
  const timestamp = from === "AT_TIMESTAMP";
  return (
    <>
      <label className="field">
        {label}
        <select value={from} onChange={(e) => onFrom(e.target.value as P)} aria-label="Start position">
          {positions.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {needsAt(from) ? (
        <label className="field">
          {timestamp ? "Timestamp (ISO 8601, UTC)" : "Sequence number"}
          <input
            type="text"
            className="mono"
            value={at}
            onChange={(e) => onAt(e.target.value)}
            aria-label={timestamp ? "Timestamp" : "Sequence number"}
            placeholder={timestamp ? "2026-11-26T12:00:00Z" : "49680…"}
            style={{ width: timestamp ? 220 : 420 }}
          />
        </label>
      ) : null}
    </>
  );
}
