// Builds the records the form sends: N copies of one template, or one record per line of an
// uploaded file, each with its partition key (fixed, with placeholders, or random per record).
import type { DataEncoding } from "./limits";
import { expandPlaceholders, randomUuid, type PlaceholderContext } from "./placeholders";
import type { PutRecordInput } from "./prepare-record";

export type KeyMode = { kind: "fixed"; template: string } | { kind: "random" };

export interface RecordTemplate {
  key: KeyMode;
  /** Empty for none. */
  explicitHashKey: string;
  data: string;
  encoding: DataEncoding;
}

export interface ComposeDeps {
  now: () => Date;
  uuid: () => string;
}

export const defaultComposeDeps: ComposeDeps = { now: () => new Date(), uuid: randomUuid };

export function keyFor(mode: KeyMode, ctx: PlaceholderContext): string {
  return mode.kind === "random" ? ctx.uuid() : expandPlaceholders(mode.template, ctx);
}

/** Copy `seq` (1-based) of the template, placeholders expanded. */
export function composeRecord(t: RecordTemplate, seq: number, deps: ComposeDeps = defaultComposeDeps): PutRecordInput {
  const ctx: PlaceholderContext = { seq, now: deps.now, uuid: deps.uuid };
  const hk = t.explicitHashKey.trim();
  return {
    partitionKey: keyFor(t.key, ctx),
    ...(hk ? { explicitHashKey: hk } : {}),
    data: expandPlaceholders(t.data, ctx),
    encoding: t.encoding,
  };
}

export function composeCopies(t: RecordTemplate, count: number, deps: ComposeDeps = defaultComposeDeps): PutRecordInput[] {
  return Array.from({ length: count }, (_, i) => composeRecord(t, i + 1, deps));
}
