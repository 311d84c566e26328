import { describe, expect, it } from "vitest";
import { formatBytesPerSecond, formatMetric, formatPercent, formatSeconds } from "./format";

describe("metric formatting", () => {
  it("prints ages, rates, counts and ratios", () => {
    expect(formatSeconds(450)).toBe("450 ms");
    expect(formatSeconds(45_000)).toBe("45 s");
    expect(formatSeconds(90_000)).toBe("1.5 min");
    expect(formatSeconds(7_200_000)).toBe("2 h");
    expect(formatBytesPerSecond(512)).toBe("512 B/s");
    expect(formatBytesPerSecond(1536)).toBe("1.5 KiB/s");
    expect(formatBytesPerSecond(1024 * 1024)).toBe("1 MiB/s");
    expect(formatMetric(12.5, "records/s")).toBe("12.5 rec/s");
    expect(formatMetric(25_000, "count")).toBe("25 k");
    expect(formatMetric(0.995, "ratio")).toBe("99.5 %");
    expect(formatMetric(null, "ms")).toBe("–");
    expect(formatPercent(4.25)).toBe("4.3 %");
    expect(formatPercent(undefined)).toBe("–");
  });
});
