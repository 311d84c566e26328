import { describe, expect, it } from "vitest";
import { createRng } from "./create-rng";

describe("createRng", () => {
  it("repeats for the same seed and stays in [0, 1)", () => {
    const a = createRng(7);
    const b = createRng(7);
    const values = Array.from({ length: 1_000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1_000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(createRng(8)()).not.toBe(values[0]);
  });
});
