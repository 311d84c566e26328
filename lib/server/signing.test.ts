import { describe, expect, it } from "vitest";
import { sign, verify } from "./signing";

describe("sign / verify", () => {
  it("gives back the payload of a token it signed, for the same purpose only", () => {
    const t = sign("cursor", "abc-123_XYZ");
    expect(verify("cursor", t)).toBe("abc-123_XYZ");
    expect(verify("tail-id", t)).toBeUndefined();
  });

  it("refuses an altered payload, an altered mac, and tokens without one", () => {
    const t = sign("cursor", "payload");
    expect(verify("cursor", t.replace("payload", "paYload"))).toBeUndefined();
    expect(verify("cursor", `${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`)).toBeUndefined();
    expect(verify("cursor", "payload")).toBeUndefined();
    expect(verify("cursor", ".")).toBeUndefined();
    expect(verify("cursor", "")).toBeUndefined();
  });
});
