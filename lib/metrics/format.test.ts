import { describe, expect, it } from "vitest";
import { formatBytesPerSecond, formatPercent, formatSeconds } from "@/lib/format/format";
import { formatMetric } from "./format";

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

describe("ages", () => {
  it("reads like a person would say it", async () => {
    const { formatAge } = await import("@/lib/format/format");
    expect(formatAge(400)).toBe("0 s");
    expect(formatAge(12_300)).toBe("12 s");
    expect(formatAge(150_000)).toBe("3 min");
    expect(formatAge(3 * 3600_000)).toBe("3 h");
  });

  it("adds the server-side age of a cached answer to the time since it arrived, each on its own clock", async () => {
    const { dataAge } = await import("./format");
    const answer = { fetchedAt: "2026-11-26T12:00:00.000Z", generatedAt: "2026-11-26T12:00:20.000Z" };
    // The browser's clock is an hour off; only differences on each clock count.
    const receivedAt = Date.parse("2026-11-26T13:00:05.000Z");
    expect(dataAge(answer, receivedAt, receivedAt + 7_000)).toBe(27_000);
  });
});
