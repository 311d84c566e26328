import { describe, expect, it } from "vitest";
import { requestIdFor } from "./request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the request id", () => {
  it("keeps an id a proxy in front set, when it looks like one", () => {
    for (const id of ["7f1c2d3e4b5a69788796a5b4c3d2e1f0", "Root=1-67891233-abcdef012345678912345678", "req_42.a:b/c+d="]) {
      expect(requestIdFor(id)).toBe(id);
    }
  });

  it("replaces a missing, empty, long or odd one with a fresh UUID", () => {
    for (const id of [null, undefined, "", "a".repeat(129), "with space", 'quote"', "new\nline", "<script>"]) {
      expect(requestIdFor(id)).toMatch(UUID);
    }
    expect(requestIdFor(null)).not.toBe(requestIdFor(null));
  });
});
