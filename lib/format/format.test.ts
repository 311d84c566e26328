import { describe, expect, it } from "vitest";
import { formatBytes, formatBytesPerSecond, formatDuration, formatSeconds } from "./format";

describe("the two roundings", () => {
  it("prints sizes and durations for tables with a fixed decimal", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(1024 * 1024)).toBe("1.0 MiB");
    expect(formatBytes(200 * 1024)).toBe("200 KiB");
    expect(formatBytes(NaN)).toBe("–");
    expect(formatDuration(450)).toBe("450 ms");
    expect(formatDuration(45_000)).toBe("45.0 s");
    expect(formatDuration(90_000)).toBe("1.5 min");
    expect(formatDuration(7_200_000)).toBe("2.0 h");
    expect(formatDuration(null)).toBe("–");
  });

  it("prints the same numbers for charts and tiles without trailing zeros", () => {
    expect(formatBytesPerSecond(1024 * 1024)).toBe("1 MiB/s");
    expect(formatSeconds(45_000)).toBe("45 s");
    expect(formatSeconds(7_200_000)).toBe("2 h");
  });
});
