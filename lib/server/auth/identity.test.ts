import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAlb, type FakeAlb } from "@/scripts/testing/alb-token";
import { forgetAppState } from "@/scripts/testing/app-state";
import { parseScrape, sampleValue } from "@/scripts/testing/prometheus";
import { metricsText } from "@/lib/server/ops/metrics";
import { readAudit } from "./audit-log";
import { buildAuthSettings } from "./config";
import { identityFromHeaders } from "./identity";

let alb: FakeAlb;
beforeAll(async () => {
  forgetAppState();
  alb = await startFakeAlb();
});
afterAll(async () => {
  await alb.stop();
  forgetAppState();
});

const albSignIns = async (outcome: string) => sampleValue(parseScrape((await metricsText()).body), "shardscope_sign_ins_total", { auth: "alb", outcome }) ?? 0;

describe("identities behind a load balancer", () => {
  it("maps the token's groups to a role, and audits a user's first request as their sign-in, once", async () => {
    const settings = buildAuthSettings(
      { auth: { alb: { arn: alb.arn } }, roles: { viewer: { groups: ["*"] }, writer: { groups: ["dev"] } } },
      { SHARDSCOPE_AUTH: "alb", SHARDSCOPE_ALB_KEYS_URL_FOR_TESTS: alb.keysUrl },
    );
    const headers = new Headers({ "x-amzn-oidc-data": alb.token({ sub: "1", name: "Dev Dana", groups: ["dev"] }), "x-forwarded-for": "10.1.2.3" });
    const id = await identityFromHeaders(headers, settings);
    expect(id).toEqual({ user: { name: "Dev Dana", groups: ["dev"] }, role: "writer", auth: "alb" });
    await identityFromHeaders(headers, settings);
    const { entries } = await readAudit({ action: "sign_in", user: "dana" });
    expect(entries).toEqual([
      { time: expect.any(String), user: "Dev Dana", role: "writer", auth: "alb", source: "10.1.2.3", action: "sign_in", outcome: "ok" },
    ]);
    // Counted as the audit log has it: one sign-in, not one per request.
    expect(await albSignIns("ok")).toBe(1);
    expect(await albSignIns("refused")).toBe(0);
    expect(await identityFromHeaders(new Headers(), settings)).toBeUndefined();
  });

  it("counts a user whose groups hold no role as a refused sign-in", async () => {
    const settings = buildAuthSettings(
      { auth: { alb: { arn: alb.arn } }, roles: { writer: { groups: ["dev"] } } },
      { SHARDSCOPE_AUTH: "alb", SHARDSCOPE_ALB_KEYS_URL_FOR_TESTS: alb.keysUrl },
    );
    const before = await albSignIns("refused");
    const id = await identityFromHeaders(new Headers({ "x-amzn-oidc-data": alb.token({ sub: "2", name: "Max Marketing", groups: ["marketing"] }) }), settings);
    expect(id?.role).toBeUndefined();
    expect(await albSignIns("refused")).toBe(before + 1);
  });
});
