import { describe, expect, it } from "vitest";
import { assessHealth, DEFAULT_THRESHOLDS, worstFirst, type HealthState } from "./health";

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
