import { describe, expect, it } from "vitest";
import { REGION_PATTERN } from "./scope";
import { partitionOf, partitionRegions, regionLabel, regionName } from "./regions";

describe("regions", () => {
  it("names regions as the switcher shows them", () => {
    expect(regionLabel("eu-west-1")).toBe("eu-west-1 — Europe (Ireland)");
    expect(regionName("us-gov-west-1")).toMatch(/GovCloud/);
    expect(regionName("cn-north-1")).toMatch(/Beijing/);
    expect(regionLabel("xx-nowhere-9")).toBe("xx-nowhere-9");
  });

  it("tells each partition's regions apart", () => {
    expect(partitionOf("us-east-1")).toBe("aws");
    expect(partitionOf("us-gov-east-1")).toBe("aws-us-gov");
    expect(partitionOf("cn-northwest-1")).toBe("aws-cn");
    const commercial = partitionRegions("eu-west-1");
    expect(commercial).toContain("us-east-1");
    expect(commercial).toContain("ap-southeast-2");
    expect(commercial.some((r) => r.startsWith("cn-") || r.startsWith("us-gov-"))).toBe(false);
    expect(partitionRegions("cn-north-1")).toEqual(["cn-north-1", "cn-northwest-1"]);
    expect(partitionRegions("us-gov-west-1")).toEqual(["us-gov-east-1", "us-gov-west-1"]);
  });

  it("lists only names the URL accepts", () => {
    for (const r of [...partitionRegions("us-east-1"), ...partitionRegions("cn-north-1"), ...partitionRegions("us-gov-west-1")]) {
      expect(r).toMatch(REGION_PATTERN);
    }
  });
});
