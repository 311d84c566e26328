// A stream's health on the on-call screen, from its alarms and from thresholds on iterator age
// and throttling, and the order tiles are shown in: worst first.
import { formatSeconds } from "@/lib/format/format";

export interface HealthThresholds {
  /** GetRecords.IteratorAgeMilliseconds (maximum) at or above which a stream is a warning / critical. */
  iteratorAgeWarnMs: number;
  iteratorAgeCritMs: number;
  /** Read + write throttled requests in the health window at or above which … */
  throttleWarn: number;
  throttleCrit: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  iteratorAgeWarnMs: 60_000,
  iteratorAgeCritMs: 300_000,
  throttleWarn: 1,
  throttleCrit: 50,
};

/** `error`: the stream itself could not be read. `unknown`: CloudWatch has no data for it. */
export const HEALTH_STATES = ["critical", "error", "warning", "unknown", "ok"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface HealthInput {
  alarms: readonly { name: string; state: string }[];
  maxIteratorAgeMs: number | null;
  throttles: number | null;
  /** Whether CloudWatch returned any data point for the stream in the window. */
  hasData: boolean;
}

export interface Health {
  state: HealthState;
  reasons: string[];
}

const worse = (a: HealthState, b: HealthState) => (HEALTH_STATES.indexOf(a) <= HEALTH_STATES.indexOf(b) ? a : b);

export function assessHealth(input: HealthInput, t: HealthThresholds): Health {
  let state: HealthState = "ok";
  const reasons: string[] = [];
  const raise = (to: HealthState, reason: string) => {
    state = worse(state, to);
    reasons.push(reason);
  };

  for (const a of input.alarms) if (a.state === "ALARM") raise("critical", `alarm ${a.name} is in ALARM`);

  const age = input.maxIteratorAgeMs;
  if (age !== null) {
    if (age >= t.iteratorAgeCritMs) raise("critical", `iterator age ${formatSeconds(age)} ≥ ${formatSeconds(t.iteratorAgeCritMs)}`);
    else if (age >= t.iteratorAgeWarnMs) raise("warning", `iterator age ${formatSeconds(age)} ≥ ${formatSeconds(t.iteratorAgeWarnMs)}`);
  }
  const throttles = input.throttles;
  if (throttles !== null) {
    if (throttles >= t.throttleCrit) raise("critical", `${throttles} throttled requests ≥ ${t.throttleCrit}`);
    else if (throttles >= t.throttleWarn) raise("warning", `${throttles} throttled request${throttles === 1 ? "" : "s"} ≥ ${t.throttleWarn}`);
  }

  if (state === "ok" && !input.hasData && !input.alarms.some((a) => a.state === "OK")) {
    return { state: "unknown", reasons: ["no CloudWatch data in the window"] };
  }
  return { state, reasons };
}

/**
 * The tile's health with its stream's worst consumer taken in: a critical consumer makes the tile
 * critical, a warning one at least a warning, each with the reason in words; an ok or unknown
 * consumer changes nothing (its lag is still shown).
 */
export function withWorstConsumer(health: Health, consumer: { name: string; health: string; reasons: readonly string[] } | undefined): Health {
  if (!consumer || (consumer.health !== "critical" && consumer.health !== "warning")) return health;
  const why = consumer.reasons.length > 0 ? `: ${consumer.reasons.join("; ")}` : "";
  return { state: worse(health.state, consumer.health), reasons: [...health.reasons, `consumer ${consumer.name} is ${consumer.health}${why}`] };
}

export interface Rankable {
  stream: string;
  health: { state: HealthState };
  maxIteratorAgeMs: number | null;
  readThrottles: number | null;
  writeThrottles: number | null;
}

/** Worst state first; within a state the larger iterator age, then more throttling, then by name. */
export function worstFirst<T extends Rankable>(tiles: readonly T[]): T[] {
  const n = (v: number | null) => v ?? -1;
  return [...tiles].sort(
    (a, b) =>
      HEALTH_STATES.indexOf(a.health.state) - HEALTH_STATES.indexOf(b.health.state) ||
      n(b.maxIteratorAgeMs) - n(a.maxIteratorAgeMs) ||
      n(b.readThrottles) + n(b.writeThrottles) - (n(a.readThrottles) + n(a.writeThrottles)) ||
      a.stream.localeCompare(b.stream),
  );
}
