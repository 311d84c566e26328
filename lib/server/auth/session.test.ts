import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cookieValue, openSession, openSignIn, revokeSession, sealSession, sealSignIn, setCookieHeader } from "./session";

const key = new Uint8Array(randomBytes(32));
const user = { name: "Ada", email: "ada@example.test", groups: ["ops"] };

describe("the session cookie", () => {
  it("opens what it sealed, and nothing under another key", async () => {
    const { token, data } = await sealSession(user, key, 60_000);
    expect(await openSession(token, key)).toEqual(data);
    expect(await openSession(token, new Uint8Array(randomBytes(32)))).toBeUndefined();
    // Encrypted: the user's name and groups are not readable in it.
    expect(Buffer.from(token.replace(/\./g, ""), "base64url").toString("latin1")).not.toContain("Ada");
  });

  it("expires", async () => {
    const { token } = await sealSession(user, key, 1_000, Date.now() - 120_000);
    expect(await openSession(token, key)).toBeUndefined();
  });

  it("is refused once revoked (signed out), even though the cookie itself is still valid", async () => {
    const { token, data } = await sealSession(user, key, 60_000);
    revokeSession(data);
    expect(await openSession(token, key)).toBeUndefined();
  });

  it("keeps the sign-in flow's state the same way, for ten minutes", async () => {
    const s = { state: "s", nonce: "n", verifier: "v", returnTo: "/x", redirectUri: "http://127.0.0.1/auth/callback" };
    expect(await openSignIn(await sealSignIn(s, key), key)).toEqual(s);
    expect(await openSignIn(await sealSignIn(s, key, Date.now() - 601_000), key)).toBeUndefined();
  });

  it("reads and writes cookie headers", () => {
    expect(cookieValue("a=1; shardscope_session=abc.def; b=2", "shardscope_session")).toBe("abc.def");
    expect(cookieValue(null, "x")).toBeUndefined();
    expect(setCookieHeader("n", "v", 60, true)).toBe("n=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
  });
});
