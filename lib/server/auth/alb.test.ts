import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAlb, type FakeAlb } from "@/scripts/testing/alb-token";
import { AlbTokenError, verifyAlbToken } from "./alb";

let alb: FakeAlb;
const claims = { sub: "u-1", name: "Ada", email: "ada@example.test", "cognito:groups": ["ops", "dev"], exp: Math.floor(Date.now() / 1000) + 120 };
const settings = () => ({ arn: alb.arn, keysUrl: alb.keysUrl, groupsClaim: "cognito:groups" });

beforeAll(async () => {
  alb = await startFakeAlb();
});
afterAll(() => alb.stop());

const refused = (token: string, why: RegExp) => expect(verifyAlbToken(token, settings())).rejects.toThrow(why);

describe("x-amzn-oidc-data verification", () => {
  it("takes the user from a token the configured ALB signed, in its padded format", async () => {
    const token = alb.token(claims);
    expect(token).toContain("=."); // the ALB's padding, which plain JWT parsers refuse
    await expect(verifyAlbToken(token, settings())).resolves.toEqual({ name: "Ada", email: "ada@example.test", groups: ["ops", "dev"] });
    expect(alb.keyRequests()).toBe(1);
  });

  it("fetches a key id's key once", async () => {
    const before = alb.keyRequests();
    await verifyAlbToken(alb.token(claims), settings());
    await verifyAlbToken(alb.token({ ...claims, name: "Bob" }), settings());
    expect(alb.keyRequests() - before).toBe(0);
  });

  it("refuses a forged token: signed by another key under the ALB's key id", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    await refused(alb.token(claims, { key: privateKey }), /signature does not verify/);
  });

  it("refuses a token whose claims were changed after signing", async () => {
    const [h, , s] = alb.token(claims).split(".");
    const p = Buffer.from(JSON.stringify({ ...claims, "cognito:groups": ["admins"] })).toString("base64url");
    await refused(`${h}.${p}.${s}`, /signature does not verify/);
  });

  it("refuses an expired token", async () => {
    await refused(alb.token(claims, { expiresIn: -120 }), /expired/);
  });

  it("refuses a token another load balancer signed", async () => {
    await refused(alb.token(claims, { signer: alb.arn.replace("shardscope-test", "other-lb") }), /not signed by the configured load balancer/);
  });

  it("refuses unsigned tokens and other algorithms", async () => {
    const [h, p] = alb.token(claims).split(".");
    await refused(`${h}.${p}.`, /not a signed JWT/);
    await refused(`${h}.${p}`, /not a signed JWT/);
    const none = Buffer.from(JSON.stringify({ alg: "none", kid: alb.kid, signer: alb.arn, exp: claims.exp })).toString("base64url");
    await refused(`${none}.${p}.AAAA`, /signed with none, not ES256/);
    await refused(alb.token(claims, { alg: "HS256" }), /not ES256/);
  });

  it("never makes a URL of a key id that is not an ALB's (a UUID)", async () => {
    const before = alb.keyRequests();
    await refused(alb.token(claims, { kid: "../../evil" }), /no ALB key id/);
    expect(alb.keyRequests()).toBe(before);
  });

  it("refuses garbage", async () => {
    await expect(verifyAlbToken("not a token", settings())).rejects.toBeInstanceOf(AlbTokenError);
    await expect(verifyAlbToken("a".repeat(20_000), settings())).rejects.toThrow(/too long/);
  });
});
