// The server's lag history: one sample per measurement, kept per scope, stream and consumer,
// bounded by count and age, and never for a row whose history CloudWatch already gave.
import { describe, expect, it } from "vitest";
import { MAX_SAMPLE_AGE_MS, MAX_SAMPLES } from "@/lib/consumers/lag-trend";
import type { ConsumerRow } from "@/lib/consumers/types";
import type { Scope } from "@/lib/server/targets/scope";
import { withLagHistory } from "./lag-history";

function fakeScope(): Scope {
  const state = new Map<string, unknown>();
  return {
    state: <T>(name: string, make: () => T): T => {
      if (!state.has(name)) state.set(name, make());
      return state.get(name) as T;
    },
  } as unknown as Scope;
}

const T0 = Date.parse("2026-12-01T09:00:00.000Z");
const row = (id: string, at: number, lagMillis: number | null, extra: Partial<ConsumerRow> = {}): ConsumerRow => ({
  id,
  kind: "kcl",
  name: id,
  state: "running",
  health: "ok",
  reasons: [],
  lag: lagMillis === null ? null : { maxMillis: lagMillis },
  details: {},
  fetchedAt: new Date(at).toISOString(),
  ...extra,
});
const onStream = (s: string) => () => s;

describe("withLagHistory", () => {
  it("adds one sample per measurement, the same measurement seen twice counted once", () => {
    const scope = fakeScope();
    withLagHistory(scope, onStream("orders"), [row("kcl:a", T0, 5_000)], T0);
    withLagHistory(scope, onStream("orders"), [row("kcl:a", T0, 5_000)], T0);
    const [a] = withLagHistory(scope, onStream("orders"), [row("kcl:a", T0 + 30_000, 4_000)], T0 + 30_000);
    expect(a!.lagHistory).toEqual({
      source: "shardscope",
      points: [
        { at: "2026-12-01T09:00:00.000Z", lagMillis: 5_000 },
        { at: "2026-12-01T09:00:30.000Z", lagMillis: 4_000 },
      ],
    });
  });

  it("keeps consumers of different streams and scopes apart", () => {
    const scope = fakeScope();
    withLagHistory(scope, onStream("orders"), [row("kcl:a", T0, 1)], T0);
    const [other] = withLagHistory(scope, onStream("payments"), [row("kcl:a", T0 + 1_000, 2)], T0 + 1_000);
    expect(other!.lagHistory!.points).toEqual([{ at: new Date(T0 + 1_000).toISOString(), lagMillis: 2 }]);
    const [elsewhere] = withLagHistory(fakeScope(), onStream("orders"), [row("kcl:a", T0 + 2_000, 3)], T0 + 2_000);
    expect(elsewhere!.lagHistory!.points).toHaveLength(1);
  });

  it("leaves a row with CloudWatch's history as it is, and samples nothing for it", () => {
    const scope = fakeScope();
    const cw = row("lambda:x", T0, 9_000, {
      kind: "lambda",
      lagHistory: { source: "cloudwatch", points: [{ at: new Date(T0 - 60_000).toISOString(), lagMillis: 9_000 }] },
    });
    const [out] = withLagHistory(scope, onStream("orders"), [cw], T0);
    expect(out).toBe(cw);
    const [later] = withLagHistory(scope, onStream("orders"), [row("lambda:x", T0 + 1_000, null, { kind: "lambda" })], T0 + 1_000);
    expect(later!.lagHistory).toBeUndefined();
  });

  it("keeps a row without a lag now with the history it had, and adds no sample", () => {
    const scope = fakeScope();
    withLagHistory(scope, onStream("orders"), [row("kcl:a", T0, 7)], T0);
    const [now] = withLagHistory(scope, onStream("orders"), [row("kcl:a", T0 + 5_000, null)], T0 + 5_000);
    expect(now!.lagHistory!.points).toEqual([{ at: new Date(T0).toISOString(), lagMillis: 7 }]);
  });

  it("is bounded: at most MAX_SAMPLES a consumer, and a consumer not measured for an hour is forgotten", () => {
    const scope = fakeScope();
    let last: ConsumerRow | undefined;
    for (let i = 0; i < MAX_SAMPLES + 10; i++) [last] = withLagHistory(scope, onStream("orders"), [row("kcl:a", T0 + i * 1_000, i)], T0 + i * 1_000);
    expect(last!.lagHistory!.points).toHaveLength(MAX_SAMPLES);
    expect(last!.lagHistory!.points[0]!.lagMillis).toBe(10);
    const later = T0 + (MAX_SAMPLES + 10) * 1_000 + MAX_SAMPLE_AGE_MS;
    const [gone] = withLagHistory(scope, onStream("orders"), [row("kcl:a", later, null)], later);
    expect(gone!.lagHistory).toBeUndefined();
  });
});
