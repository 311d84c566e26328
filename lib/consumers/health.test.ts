import { describe, expect, it } from "vitest";
import { activeVerdict, combine, consumersWorstFirst, lagUnknown, lagVerdict, lambdaStateVerdict, lastProcessingVerdict, OK } from "./health";

const t = { lagWarnMs: 60_000, lagCritMs: 300_000 };

describe("lagVerdict", () => {
  it("is ok below the warning, a warning from it, critical from the critical threshold, and ok when nothing measured it", () => {
    expect(lagVerdict(59_999, t, "IteratorAge")).toEqual(OK);
    expect(lagVerdict(null, t, "IteratorAge")).toEqual(OK);
    expect(lagVerdict(60_000, t, "IteratorAge")).toEqual({ health: "warning", reasons: ["IteratorAge 1 min is past the warning 1 min"] });
    expect(lagVerdict(600_000, t, "read lag")).toEqual({ health: "critical", reasons: ["read lag 10 min is past the critical 5 min"] });
  });
});

describe("the Lambda mapping", () => {
  it("is critical when disabled (nobody processes the records), a warning in a transition, ok when enabled", () => {
    expect(lambdaStateVerdict("Enabled")).toEqual(OK);
    expect(lambdaStateVerdict("Disabled", "User action")).toEqual({
      health: "critical",
      reasons: ["the mapping is Disabled (User action): the function receives no records"],
    });
    expect(lambdaStateVerdict("Updating").health).toBe("warning");
    expect(lambdaStateVerdict("Creating").reasons).toEqual(["the mapping is Creating"]);
  });

  it("quotes a failing last processing result as critical, and passes the healthy ones", () => {
    expect(lastProcessingVerdict("PROBLEM: Function call failed")).toEqual({
      health: "critical",
      reasons: ['last processing result: "PROBLEM: Function call failed"'],
    });
    expect(lastProcessingVerdict("OK")).toEqual(OK);
    expect(lastProcessingVerdict("No records processed")).toEqual(OK);
    expect(lastProcessingVerdict(undefined)).toEqual(OK);
  });
});

describe("activeVerdict", () => {
  it("is ok when ACTIVE, a warning in CREATING or DELETING, critical when a creation failed", () => {
    expect(activeVerdict("ACTIVE", "the delivery stream")).toEqual(OK);
    expect(activeVerdict("CREATING", "the consumer")).toEqual({ health: "warning", reasons: ["the consumer is CREATING, not ACTIVE"] });
    expect(activeVerdict("CREATING_FAILED", "the delivery stream", "role cannot read the stream")).toEqual({
      health: "critical",
      reasons: ["the delivery stream is CREATING_FAILED: role cannot read the stream"],
    });
  });
});

describe("combine and worst first", () => {
  it("keeps the worst health and every reason", () => {
    expect(combine(lambdaStateVerdict("Updating"), lastProcessingVerdict("PROBLEM: x"), lagUnknown("CloudWatch is off"))).toEqual({
      health: "critical",
      reasons: ["the mapping is Updating", 'last processing result: "PROBLEM: x"', "lag unknown: CloudWatch is off"],
    });
  });

  it("orders critical, warning, unknown, ok, then by lag (none last), then by name", () => {
    const row = (name: string, health: "ok" | "warning" | "critical" | "unknown", lag: number | null) => ({
      name,
      health,
      lag: lag === null ? null : { maxMillis: lag },
    });
    const sorted = consumersWorstFirst([
      row("a-ok", "ok", 10),
      row("b-unknown", "unknown", null),
      row("c-warn", "warning", 5),
      row("d-crit-small", "critical", 1),
      row("e-crit-big", "critical", 1000),
      row("f-ok-none", "ok", null),
      row("g-ok-big", "ok", 50),
    ]);
    expect(sorted.map((r) => r.name)).toEqual(["e-crit-big", "d-crit-small", "c-warn", "b-unknown", "g-ok-big", "a-ok", "f-ok-none"]);
  });
});
