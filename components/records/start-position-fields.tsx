// Where to start reading a shard: the position, and the timestamp or sequence number it needs.
// Shared by the record browser and the live tail.
import { needsAt, type StartPosition } from "@/lib/records/types";
import { SelectField } from "@/components/ui/select-field";

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
      <SelectField label={label} ariaLabel="Start position" value={from} options={positions} onChange={onFrom} />
      {needsAt(from) ? (
        <label className="field">
          {timestamp ? "Timestamp (ISO 8601, UTC)" : "Sequence number"}
          <input
            type="text"
            value={at}
            onChange={(e) => onAt(e.target.value)}
            aria-label={timestamp ? "Timestamp" : "Sequence number"}
            placeholder={timestamp ? "2026-11-26T12:00:00Z" : "49680…"}
            className={`mono ${timestamp ? "w-220" : "w-420"}`}
          />
        </label>
      ) : null}
    </>
  );
}
