import { describe, expect, it } from "vitest";
import { heatColor, heatOf, maxTraffic } from "./shard-heat";

describe("shard heat", () => {
  it("scales each shard against the busiest one", () => {
    const traffic = new Map([
      ["a", { bytesPerSecond: 100 }],
      ["b", { bytesPerSecond: 400 }],
      ["c", { bytesPerSecond: 0 }],
    ]);
    const max = maxTraffic(traffic);
    expect(max).toBe(400);
    expect(heatOf(traffic.get("a"), max)).toBe(0.25);
    expect(heatOf(traffic.get("b"), max)).toBe(1);
    expect(heatOf(traffic.get("c"), max)).toBe(0);
    expect(heatOf(undefined, max)).toBe(0);
    expect(heatOf({ bytesPerSecond: 5 }, 0)).toBe(0);
  });

  it("goes from pale blue to deep orange, staying light enough for dark text", () => {
    expect(heatColor(0)).toBe("hsl(210 60% 88%)");
    expect(heatColor(1)).toBe("hsl(30 90% 62%)");
    expect(heatColor(7)).toBe(heatColor(1));
    const light = (c: string) => Number(/(\d+)%\)$/.exec(c)![1]);
    for (let h = 0; h <= 1; h += 0.1) expect(light(heatColor(h))).toBeGreaterThanOrEqual(62);
  });
});
