import { describe, expect, it } from "vitest";
import { regionsOf } from "./regions";
import type { TargetConfig } from "./target-config";

const base: TargetConfig = { name: "t", kind: "default", defaultRegion: "eu-west-1", endpoints: {}, local: false };

describe("regionsOf", () => {
  it("offers the configured regions when there are some", () => {
    expect(regionsOf({ ...base, regions: ["eu-west-1", "eu-central-1"] })).toEqual(["eu-west-1", "eu-central-1"]);
  });

  it("offers only the default region of an emulator", () => {
    expect(regionsOf({ ...base, local: true })).toEqual(["eu-west-1"]);
  });

  it("offers the default region's partition otherwise", () => {
    const aws = regionsOf(base);
    expect(aws).toContain("us-east-1");
    expect(aws).not.toContain("cn-north-1");
    expect(regionsOf({ ...base, defaultRegion: "cn-north-1" })).toEqual(["cn-north-1", "cn-northwest-1"]);
    expect(regionsOf({ ...base, defaultRegion: "us-gov-west-1" })).toEqual(["us-gov-east-1", "us-gov-west-1"]);
  });

  it("keeps a default region newer than the list", () => {
    const r = regionsOf({ ...base, defaultRegion: "eu-north-9" });
    expect(r[0]).toBe("eu-north-9");
    expect(r).toContain("eu-west-1");
  });
});
