import { describe, expect, it } from "vitest";
import { wallGrid } from "./wall-grid";

describe("wallGrid", () => {
  it("gives one tile the whole screen", () => {
    expect(wallGrid(1, 1920, 1000)).toEqual({ columns: 1, rows: 1 });
    expect(wallGrid(0, 1920, 1000)).toEqual({ columns: 1, rows: 1 });
  });

  it("fills a landscape screen with square-ish grids for square counts", () => {
    expect(wallGrid(4, 1920, 1000, { gap: 12 })).toEqual({ columns: 2, rows: 2 });
    expect(wallGrid(9, 1920, 1000, { gap: 12 })).toEqual({ columns: 3, rows: 3 });
    expect(wallGrid(9, 3840, 2060, { gap: 24 })).toEqual({ columns: 3, rows: 3 });
  });

  it("uses the width on a wide screen and the height on a tall one", () => {
    expect(wallGrid(3, 1920, 500)).toEqual({ columns: 3, rows: 1 });
    expect(wallGrid(3, 600, 1600)).toEqual({ columns: 1, rows: 3 });
  });

  it("puts 50 tiles on one 1920×1080 screen with every cell about the preferred shape", () => {
    const g = wallGrid(50, 1920, 1000, { gap: 8 });
    expect(g.columns * g.rows).toBeGreaterThanOrEqual(50);
    // No spare row or column: one fewer of either would not hold them.
    expect((g.columns - 1) * g.rows).toBeLessThan(50);
    expect(g.columns * (g.rows - 1)).toBeLessThan(50);
    expect(g).toEqual({ columns: 8, rows: 7 });
  });

  it("always has room for every tile", () => {
    for (let n = 1; n <= 120; n++) {
      for (const [w, h] of [
        [1920, 1000],
        [3840, 2100],
        [1000, 1900],
      ] as const) {
        const g = wallGrid(n, w, h, { gap: 10 });
        expect(g.columns * g.rows).toBeGreaterThanOrEqual(n);
        expect(g.columns * (g.rows - 1)).toBeLessThan(n);
      }
    }
  });
});
