import { describe, expect, it } from "vitest";
import { scopeOfPath, scopeProblem } from "./scope-not-found";

const targets = [
  { name: "local", kind: "default" as const, defaultRegion: "us-east-1", regions: ["us-east-1"] },
  { name: "prod", kind: "profile" as const, defaultRegion: "eu-west-1" },
];

describe("scopeProblem", () => {
  it("names an unknown target and the targets that exist", () => {
    expect(scopeProblem("nope", "us-east-1", targets)).toBe("There is no target named “nope” on this server. Its targets: local, prod.");
  });
  it("names a region the target does not offer and the regions it does", () => {
    expect(scopeProblem("local", "eu-west-1", targets)).toBe("Target “local” is not configured for region “eu-west-1”. Its regions: us-east-1.");
    expect(scopeProblem("prod", "us-east-1", targets)).toBe("Target “prod” is not configured for region “us-east-1”. Its regions: eu-west-1.");
  });
  it("is nothing while the targets are unknown, or when the scope exists", () => {
    expect(scopeProblem("nope", "us-east-1", undefined)).toBeUndefined();
    expect(scopeProblem("local", "us-east-1", targets)).toBeUndefined();
  });
});

describe("scopeOfPath", () => {
  it("reads the target and region of a scoped address, decoded", () => {
    expect(scopeOfPath("/t/local-eu/eu-west-1/streams/orders")).toEqual({ target: "local-eu", region: "eu-west-1" });
    expect(scopeOfPath("/t/a%20b/us-east-1")).toEqual({ target: "a b", region: "us-east-1" });
  });
  it("is nothing for other addresses or broken encoding", () => {
    expect(scopeOfPath("/no/such/page")).toBeUndefined();
    expect(scopeOfPath("/t/only-target")).toBeUndefined();
    expect(scopeOfPath("/t/%E0%A4%A/us-east-1")).toBeUndefined();
  });
});
