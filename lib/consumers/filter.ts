// The /consumers page's filter: a name (or stream) fragment, a kind and a health. Pure.
import { HEALTH_ORDER } from "./health";
import type { ConsumerHealth, ConsumerKind, ConsumerRow } from "./types";

export const KINDS: readonly ConsumerKind[] = ["kcl", "lambda", "firehose", "efo"];

export interface ConsumerFilter {
  text?: string;
  kind?: ConsumerKind;
  health?: ConsumerHealth;
}

export const isKind = (v: string | null | undefined): v is ConsumerKind => KINDS.includes(v as ConsumerKind);
export const isHealth = (v: string | null | undefined): v is ConsumerHealth => HEALTH_ORDER.includes(v as ConsumerHealth);

/** Rows matching every part given; the text matches the consumer's name or its stream, ignoring case. */
export function filterConsumers<R extends ConsumerRow & { stream?: string }>(rows: readonly R[], f: ConsumerFilter): R[] {
  const text = f.text?.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!f.kind || r.kind === f.kind) &&
      (!f.health || r.health === f.health) &&
      (!text || r.name.toLowerCase().includes(text) || (r.stream ?? "").toLowerCase().includes(text)),
  );
}
