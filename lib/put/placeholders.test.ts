import { describe, expect, it } from "vitest";
import { expandPlaceholders, hasPlaceholders, randomUuid, unknownPlaceholders } from "./placeholders";

const ctx = { seq: 7, now: () => new Date("2026-01-02T03:04:05.678Z"), uuid: () => "u-u-i-d" };

describe("expandPlaceholders", () => {
  it("replaces {{uuid}}, {{seq}} and {{now}}, spaces inside braces allowed", () => {
    expect(expandPlaceholders('{"id":"{{uuid}}","n":{{ seq }},"at":"{{now}}"}', ctx)).toBe('{"id":"u-u-i-d","n":7,"at":"2026-01-02T03:04:05.678Z"}');
  });

  it("draws a fresh uuid for each occurrence", () => {
    let n = 0;
    expect(expandPlaceholders("{{uuid}}/{{uuid}}", { ...ctx, uuid: () => `u${++n}` })).toBe("u1/u2");
  });

  it("leaves unknown names and text without braces alone", () => {
    expect(expandPlaceholders("{{uiid}} {seq} plain", ctx)).toBe("{{uiid}} {seq} plain");
    expect(unknownPlaceholders("{{uiid}} {{seq}} {{uiid}} {{date}}")).toEqual(["uiid", "date"]);
    expect(hasPlaceholders("k-{{seq}}")).toBe(true);
    expect(hasPlaceholders("k-{{seqq}}")).toBe(false);
  });
});

describe("randomUuid", () => {
  it("is a v4 UUID", () => {
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
