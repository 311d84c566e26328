import { describe, expect, it } from "vitest";
import { assessHealth, DEFAULT_THRESHOLDS, withWorstConsumer, worstFirst, type HealthState } from "./health";

const t = DEFAULT_THRESHOLDS;
const quiet = { alarms: [], maxIteratorAgeMs: 0, throttles: 0, hasData: true };

describe("assessHealth", () => {
  it("is ok when nothing crosses a threshold", () => {
    expect(assessHealth(quiet, t)).toEqual({ state: "ok", reasons: [] });
  });

  it("is critical when an alarm fires, whatever the metrics say", () => {
    expect(
      assessHealth(
        {
          ...quiet,
          alarms: [
            { name: "lag", state: "ALARM" },
            { name: "ok", state: "OK" },
          ],
        },
        t,
      ),
    ).toEqual({
      state: "critical",
      reasons: ["alarm lag is in ALARM"],
    });
  });

  it("warns, then pages, on iterator age and throttling", () => {
    expect(assessHealth({ ...quiet, maxIteratorAgeMs: 90_000 }, t)).toEqual({ state: "warning", reasons: ["iterator age 1.5 min ≥ 1 min"] });
    expect(assessHealth({ ...quiet, maxIteratorAgeMs: 600_000 }, t).state).toBe("critical");
    expect(assessHealth({ ...quiet, throttles: 1 }, t)).toEqual({ state: "warning", reasons: ["1 throttled request ≥ 1"] });
    expect(assessHealth({ ...quiet, throttles: 75 }, t)).toEqual({ state: "critical", reasons: ["75 throttled requests ≥ 50"] });
  });

  it("keeps every reason and the worst state", () => {
    const h = assessHealth({ ...quiet, maxIteratorAgeMs: 61_000, throttles: 80 }, t);
    expect(h.state).toBe("critical");
    expect(h.reasons).toHaveLength(2);
  });

  it("honours configured thresholds", () => {
    const strict = { ...t, iteratorAgeWarnMs: 1_000, iteratorAgeCritMs: 5_000 };
    expect(assessHealth({ ...quiet, maxIteratorAgeMs: 2_000 }, strict).state).toBe("warning");
  });

  it("is unknown without data or an OK alarm", () => {
    expect(assessHealth({ alarms: [], maxIteratorAgeMs: null, throttles: null, hasData: false }, t)).toEqual({
      state: "unknown",
      reasons: ["no CloudWatch data in the window"],
    });
    expect(assessHealth({ alarms: [{ name: "a", state: "OK" }], maxIteratorAgeMs: null, throttles: null, hasData: false }, t).state).toBe("ok");
  });
});

describe("worstFirst", () => {
  const tile = (stream: string, state: HealthState, age: number | null = null, throttles: number | null = null) => ({
    stream,
    health: { state },
    maxIteratorAgeMs: age,
    readThrottles: throttles,
    writeThrottles: null,
  });

  it("orders critical, error, warning, unknown, ok", () => {
    const tiles = [tile("a", "ok"), tile("b", "unknown"), tile("c", "warning"), tile("d", "error"), tile("e", "critical")];
    expect(worstFirst(tiles).map((x) => x.stream)).toEqual(["e", "d", "c", "b", "a"]);
  });

  it("within a state, puts the larger iterator age, then more throttling, then the name first", () => {
    const tiles = [tile("a", "warning", 70_000), tile("b", "warning", 90_000), tile("c", "ok", 0, 3), tile("d", "ok", 0, 0), tile("e", "ok", 0, 0)];
    expect(worstFirst(tiles).map((x) => x.stream)).toEqual(["b", "a", "c", "d", "e"]);
  });
});

describe("withWorstConsumer", () => {
  const ok = { state: "ok" as const, reasons: [] };
  const consumer = (health: string, reasons: string[] = []) => ({ name: "orders-enricher", health, reasons });

  it("makes the tile critical when its worst consumer is, saying which and why", () => {
    expect(withWorstConsumer(ok, consumer("critical", ["stalled: checkpoint unchanged for 5 min"]))).toEqual({
      state: "critical",
      reasons: ["consumer orders-enricher is critical: stalled: checkpoint unchanged for 5 min"],
    });
  });
  it("raises an ok or no-data tile to a warning, and never lowers a critical one", () => {
    expect(withWorstConsumer(ok, consumer("warning", ["lag 2 min"])).state).toBe("warning");
    expect(withWorstConsumer({ state: "unknown", reasons: ["no CloudWatch data in the window"] }, consumer("warning")).state).toBe("warning");
    const critical = { state: "critical" as const, reasons: ["alarm a is in ALARM"] };
    expect(withWorstConsumer(critical, consumer("warning"))).toEqual({
      state: "critical",
      reasons: ["alarm a is in ALARM", "consumer orders-enricher is warning"],
    });
  });
  it("changes nothing for an ok or unknown consumer, or none", () => {
    expect(withWorstConsumer(ok, consumer("ok"))).toBe(ok);
    expect(withWorstConsumer(ok, consumer("unknown", ["lag unknown"]))).toBe(ok);
    expect(withWorstConsumer(ok, undefined)).toBe(ok);
  });
});
