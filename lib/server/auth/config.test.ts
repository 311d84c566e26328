import { describe, expect, it } from "vitest";
import { parseTargetsFile } from "@/lib/server/targets/targets-file";
import { ConfigError } from "@/lib/server/config";
import { authProblems, buildAuthSettings, groupsFromClaim, isLoopbackHost, roleForGroups } from "./config";

const noShared = { configFile: {}, credentialsFile: {} } as unknown as Parameters<typeof parseTargetsFile>[3];
const target = { name: "local", region: "us-east-1" };

function problemsOf(file: unknown, env: Record<string, string> = {}): string {
  try {
    parseTargetsFile(JSON.stringify(file), "/etc/shardscope.json", env, noShared);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return "";
}

describe("the loopback rule", () => {
  it("lets an open server listen on loopback only", () => {
    expect(authProblems(undefined, {})).toEqual([]);
    expect(authProblems(undefined, { SHARDSCOPE_HOST: "127.0.0.1" })).toEqual([]);
    expect(authProblems(undefined, { SHARDSCOPE_HOST: "::1" })).toEqual([]);
    const [p] = authProblems(undefined, { SHARDSCOPE_HOST: "0.0.0.0" });
    expect(p?.message).toMatch(/^SHARDSCOPE_HOST is 0\.0\.0\.0, not a loopback address, and nobody signs in \(SHARDSCOPE_AUTH is not set\)/);
    expect(p?.message).toContain("SHARDSCOPE_ALLOW_UNAUTHENTICATED=1");
  });

  it("needs both an explicit SHARDSCOPE_AUTH=none and SHARDSCOPE_ALLOW_UNAUTHENTICATED=1 to open it to the network", () => {
    expect(authProblems(undefined, { SHARDSCOPE_HOST: "0.0.0.0", SHARDSCOPE_ALLOW_UNAUTHENTICATED: "1" })).toHaveLength(1);
    expect(authProblems(undefined, { SHARDSCOPE_HOST: "0.0.0.0", SHARDSCOPE_AUTH: "none" })).toHaveLength(1);
    expect(authProblems(undefined, { SHARDSCOPE_HOST: "0.0.0.0", SHARDSCOPE_AUTH: "none", SHARDSCOPE_ALLOW_UNAUTHENTICATED: "1" })).toEqual([]);
    const s = buildAuthSettings({}, { SHARDSCOPE_HOST: "10.0.0.5", SHARDSCOPE_AUTH: "none", SHARDSCOPE_ALLOW_UNAUTHENTICATED: "1" });
    expect(s.openOnNetwork).toBe(true);
    expect(buildAuthSettings({}, {}).openOnNetwork).toBe(false);
  });

  it("knows loopback names", () => {
    for (const h of ["localhost", "127.0.0.1", "127.3.2.1", "::1", "[::1]"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.1", "shardscope.example", "127.0.0.1.evil"]) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe("auth and roles in the targets file", () => {
  it("lists every problem at once, with the targets' own", () => {
    const message = problemsOf(
      {
        targets: [{ name: "bad name!", region: "us-east-1" }],
        auth: { oidc: { issuer: "http://idp.example", clientId: "" }, colour: "blue" },
        roles: { viewer: { groups: [] }, superuser: { groups: ["x"] } },
      },
      { SHARDSCOPE_AUTH: "oidc", SHARDSCOPE_SESSION_SECRET: "short" },
    );
    expect(message).toContain("targets[0].name");
    expect(message).toContain('auth: unknown key "colour"; the keys allowed here are oidc, alb, groupsClaim, sessionHours');
    expect(message).toContain("auth.oidc.issuer: must be an https:// URL (http:// only on a loopback address, for tests)");
    expect(message).toContain("auth.oidc.clientId: must name the client (application) id registered with the provider");
    expect(message).toContain('roles: unknown key "superuser"; the keys allowed here are viewer, writer, admin');
    expect(message).toContain('roles.viewer.groups: must list at least one group ("*" is everyone who signs in)');
    expect(message).toContain("environment: SHARDSCOPE_SESSION_SECRET: must be at least 32 characters");
  });

  it("needs the mode's section and roles", () => {
    expect(problemsOf({ targets: [target] }, { SHARDSCOPE_AUTH: "oidc" })).toMatch(
      /auth: SHARDSCOPE_AUTH=oidc needs `auth.oidc`[\s\S]*roles: SHARDSCOPE_AUTH=oidc needs `roles`/,
    );
    expect(problemsOf({ targets: [target], roles: { viewer: { groups: ["*"] } } }, { SHARDSCOPE_AUTH: "alb" })).toContain(
      "auth: SHARDSCOPE_AUTH=alb needs `auth.alb` with the load balancer's `arn`",
    );
    expect(problemsOf({ targets: [target] }, { SHARDSCOPE_AUTH: "saml" })).toContain('SHARDSCOPE_AUTH: "saml" is not one of none, oidc, alb');
    expect(authProblems(undefined, { SHARDSCOPE_AUTH: "oidc" })[0]?.message).toMatch(/^SHARDSCOPE_AUTH=oidc needs a configuration file/);
  });

  it("checks the ALB ARN and takes the region from it", () => {
    expect(
      problemsOf(
        { targets: [target], auth: { alb: { arn: "arn:aws:iam::123456789012:role/x" } }, roles: { viewer: { groups: ["*"] } } },
        { SHARDSCOPE_AUTH: "alb" },
      ),
    ).toContain("auth.alb.arn: must be an Application Load Balancer ARN");
    const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shardscope/50dc6c495c0c9188";
    const setup = parseTargetsFile(
      JSON.stringify({ targets: [target], auth: { alb: { arn }, groupsClaim: "cognito:groups" }, roles: { viewer: { groups: ["*"] } } }),
      "/f.json",
      { SHARDSCOPE_AUTH: "alb" },
      noShared,
    );
    const s = buildAuthSettings(setup, { SHARDSCOPE_AUTH: "alb" });
    expect(s.alb).toEqual({ arn, region: "eu-west-1", keysUrl: "https://public-keys.auth.elb.eu-west-1.amazonaws.com" });
    expect(s.groupsClaim).toBe("cognito:groups");
    expect(buildAuthSettings(setup, { SHARDSCOPE_AUTH: "alb", SHARDSCOPE_ALB_KEYS_URL_FOR_TESTS: "http://127.0.0.1:9/keys/" }).alb?.keysUrl).toBe(
      "http://127.0.0.1:9/keys",
    );
  });

  it("keeps secrets in the environment: the client secret is read from SHARDSCOPE_OIDC_CLIENT_SECRET, never the file", () => {
    expect(problemsOf({ targets: [target], auth: { oidc: { issuer: "https://idp.example", clientId: "c", clientSecret: "s" } } })).toContain(
      'auth.oidc: unknown key "clientSecret"',
    );
    const s = buildAuthSettings(
      { auth: { oidc: { issuer: "https://idp.example", clientId: "c" } } },
      { SHARDSCOPE_AUTH: "oidc", SHARDSCOPE_OIDC_CLIENT_SECRET: "shh" },
    );
    expect(s.oidc).toEqual({ issuer: "https://idp.example", clientId: "c", clientSecret: "shh", scopes: ["profile", "email", "groups"] });
    expect(s.sessionKeyEphemeral).toBe(true);
    expect(buildAuthSettings({}, { SHARDSCOPE_SESSION_SECRET: "x".repeat(32) }).sessionKeyEphemeral).toBe(false);
  });
});

describe("roles from groups", () => {
  const roles = { viewer: { groups: ["*"] }, writer: { groups: ["dev"] }, admin: { groups: ["ops"] } };
  it("gives the highest role any group holds; '*' is everyone", () => {
    expect(roleForGroups(["dev", "ops"], roles)).toBe("admin");
    expect(roleForGroups(["dev"], roles)).toBe("writer");
    expect(roleForGroups([], roles)).toBe("viewer");
    expect(roleForGroups(["dev"], { admin: { groups: ["ops"] } })).toBeUndefined();
  });
  it("reads the groups claim as a list or a separated string", () => {
    expect(groupsFromClaim(["a", 1, "", "b"])).toEqual(["a", "b"]);
    expect(groupsFromClaim("a, b c")).toEqual(["a", "b", "c"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
  });
});
