// Health of a consumer from the facts its source read: a Lambda event source mapping's state and
// last processing result, a delivery stream's or a fan-out consumer's status, and a lag against
// the configured thresholds. Pure, so every rule is tested without AWS; the reasons are words a
// person reads on the consumers tab.
import { formatSeconds } from "@/lib/format/format";
import type { ConsumerHealth, ConsumerRow } from "./types";

export const HEALTH_ORDER: readonly ConsumerHealth[] = ["critical", "warning", "unknown", "ok"];

/** The worse of two healths. */
export const worseHealth = (a: ConsumerHealth, b: ConsumerHealth): ConsumerHealth => (HEALTH_ORDER.indexOf(a) <= HEALTH_ORDER.indexOf(b) ? a : b);

export interface Verdict {
  health: ConsumerHealth;
  reasons: string[];
}

export const OK: Verdict = { health: "ok", reasons: [] };

/** Combines verdicts: the worst health, every reason. */
export function combine(...verdicts: Verdict[]): Verdict {
  return verdicts.reduce((acc, v) => ({ health: worseHealth(acc.health, v.health), reasons: [...acc.reasons, ...v.reasons] }), OK);
}

export interface LagThresholds {
  lagWarnMs: number;
  lagCritMs: number;
}

/** A lag against the thresholds; `what` names the measure ("IteratorAge", "read lag"). */
export function lagVerdict(lagMs: number | null, t: LagThresholds, what: string): Verdict {
  if (lagMs === null) return OK;
  if (lagMs >= t.lagCritMs) return { health: "critical", reasons: [`${what} ${formatSeconds(lagMs)} is past the critical ${formatSeconds(t.lagCritMs)}`] };
  if (lagMs >= t.lagWarnMs) return { health: "warning", reasons: [`${what} ${formatSeconds(lagMs)} is past the warning ${formatSeconds(t.lagWarnMs)}`] };
  return OK;
}

/** When CloudWatch could not be read, the lag is unknown: said, and never hidden behind "ok". */
export function lagUnknown(message: string): Verdict {
  return { health: "unknown", reasons: [`lag unknown: ${message}`] };
}

/**
 * A Lambda event source mapping: Creating, Enabling, Enabled, Disabling, Disabled, Updating or
 * Deleting (EventSourceMappingConfiguration in the Lambda API reference). Disabled means nobody
 * processes the stream's records; a transition is worth a look.
 */
export function lambdaStateVerdict(state: string, stateTransitionReason?: string): Verdict {
  if (state === "Enabled") return OK;
  const why = stateTransitionReason ? ` (${stateTransitionReason})` : "";
  if (state === "Disabled" || state === "Disabling") {
    return { health: "critical", reasons: [`the mapping is ${state}${why}: the function receives no records`] };
  }
  return { health: "warning", reasons: [`the mapping is ${state}${why}`] };
}

/** Results of a healthy mapping; anything else ("PROBLEM: Function call failed", …) is quoted as critical. */
const HEALTHY_RESULTS = new Set(["OK", "No records processed"]);

/** Whether a mapping's last processing result is a failure (anything but a healthy result). */
export const isFailedProcessingResult = (result: string | null | undefined): result is string =>
  typeof result === "string" && result !== "" && !HEALTHY_RESULTS.has(result);

export function lastProcessingVerdict(result: string | undefined): Verdict {
  if (result === undefined || result === "" || HEALTHY_RESULTS.has(result)) return OK;
  return { health: "critical", reasons: [`last processing result: "${result}"`] };
}

/**
 * A status that must be ACTIVE (a Firehose delivery stream, an enhanced fan-out consumer).
 * A failed creation or deletion is critical; any other status (CREATING, DELETING…) a warning.
 */
export function activeVerdict(status: string, what: string, failure?: string): Verdict {
  if (status === "ACTIVE") return OK;
  const detail = failure ? `: ${failure}` : "";
  if (status.endsWith("_FAILED")) return { health: "critical", reasons: [`${what} is ${status}${detail}`] };
  return { health: "warning", reasons: [`${what} is ${status}, not ACTIVE${detail}`] };
}

/** Worst first: critical, warning, unknown, ok; then the greatest lag (none last); then by name. */
export function consumersWorstFirst<T extends Pick<ConsumerRow, "health" | "lag" | "name">>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health) || (b.lag?.maxMillis ?? -1) - (a.lag?.maxMillis ?? -1) || a.name.localeCompare(b.name),
  );
}
