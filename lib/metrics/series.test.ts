import { describe, expect, it } from "vitest";
import { alignWindow } from "./period";
import { averageOf, lastOf, maxOf, seriesValues, sumOf, toSlots } from "./series";

const T = Date.UTC(2026, 10, 26, 12, 0, 0);
const MIN = 60_000;
const w = alignWindow(T, T + 5 * MIN, 60);

describe("seriesValues", () => {
  it("puts every point in its slot and leaves explicit nulls where CloudWatch had none", () => {
    const results = new Map([["q0", { timestamps: [T + 3 * MIN, T], values: [30, 10] }]]);
    expect(seriesValues({ key: "k", display: "value", statId: "q0" }, results, w)).toEqual([10, null, null, 30, null]);
  });

  it("takes a rate from CloudWatch's metric math when it is there", () => {
    const results = new Map([
      ["q0", { timestamps: [T, T + MIN], values: [600, 1200] }],
      ["q0r", { timestamps: [T, T + MIN], values: [10, 20] }],
    ]);
    expect(seriesValues({ key: "k", display: "rate", statId: "q0", rateId: "q0r" }, results, w)).toEqual([10, 20, null, null, null]);
  });

  it("divides the Sum by the period where the expression returned nothing (emulators)", () => {
    const results = new Map([
      ["q0", { timestamps: [T, T + 2 * MIN], values: [600, 1200] }],
      ["q0r", { timestamps: [], values: [] }],
    ]);
    expect(seriesValues({ key: "k", display: "rate", statId: "q0", rateId: "q0r" }, results, w)).toEqual([10, null, 20, null, null]);
  });

  it("is all gaps for a query with no result", () => {
    expect(seriesValues({ key: "k", display: "value", statId: "missing" }, new Map(), w)).toEqual([null, null, null, null, null]);
  });
});

describe("toSlots", () => {
  it("snaps unaligned timestamps into their period and drops points outside the window", () => {
    const slots = toSlots({ timestamps: [T + 90_000, T - MIN, T + 10 * MIN], values: [5, 1, 2] }, w);
    expect([...slots.entries()]).toEqual([[T + MIN, 5]]);
  });
});

describe("reducers", () => {
  it("ignore gaps", () => {
    const v = [null, 3, 1, null, 5, null];
    expect(maxOf(v)).toBe(5);
    expect(sumOf(v)).toBe(9);
    expect(lastOf(v)).toBe(5);
    expect(averageOf(v)).toBe(3);
    expect(maxOf([null])).toBeNull();
    expect(sumOf([])).toBeNull();
    expect(averageOf([null])).toBeNull();
    expect(lastOf([null, null])).toBeNull();
  });
});
