import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/server/config";
import { parseTargetsFile } from "@/lib/server/targets/targets-file";
import { buildAuthSettings } from "./config";
import { exportRefused, principalFor, recordRights } from "./record-access";

const noShared = { configFile: {}, credentialsFile: {} } as unknown as Parameters<typeof parseTargetsFile>[3];
const target = { name: "local", region: "us-east-1" };
const oidc = { oidc: { issuer: "https://idp.example", clientId: "c" } };
const env = { SHARDSCOPE_AUTH: "oidc" };

/** The settings a targets file with these `roles` gives, through the file's own check. */
function settingsOf(roles: unknown) {
  const setup = parseTargetsFile(JSON.stringify({ targets: [target], auth: oidc, roles }), "/f.json", env, noShared);
  return buildAuthSettings(setup, env);
}

function problemsOf(roles: unknown): string {
  try {
    parseTargetsFile(JSON.stringify({ targets: [target], auth: oidc, roles }), "/etc/shardscope.json", env, noShared);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return "";
}

const id = (role: "viewer" | "writer" | "admin" | undefined) => ({ user: { name: "u", groups: [] }, role, auth: "oidc" as const });

describe("a role's rights over record data", () => {
  const settings = settingsOf({
    viewer: { groups: ["*"], export: false },
    writer: { groups: ["dev"] },
    admin: { groups: ["ops"], unmask: true },
  });

  it("reads unmask (false by default) and export (true by default) from the role's own entry", () => {
    expect(recordRights(settings, "viewer")).toEqual({ unmask: false, export: false });
    expect(recordRights(settings, "writer")).toEqual({ unmask: false, export: true });
    expect(recordRights(settings, "admin")).toEqual({ unmask: true, export: true });
  });

  it("does not pass a lower role's rights up: a writer does not unmask because a viewer may", () => {
    const s = settingsOf({ viewer: { groups: ["*"], unmask: true }, writer: { groups: ["dev"] } });
    expect(recordRights(s, "viewer").unmask).toBe(true);
    expect(recordRights(s, "writer").unmask).toBe(false);
    // A role the file does not name gives nothing beyond the defaults.
    expect(recordRights(s, "admin")).toEqual({ unmask: false, export: true });
  });

  it("gives nothing to a signed-in user without a role", () => {
    expect(recordRights(settings, undefined)).toEqual({ unmask: false, export: false });
  });

  it("without sign-in (SHARDSCOPE_AUTH=none): nobody unmasks, everyone may export", () => {
    const none = buildAuthSettings({ roles: { admin: { groups: ["ops"], unmask: true } } }, {});
    expect(recordRights(none, "admin")).toEqual({ unmask: false, export: true });
  });
});

describe("the masking principal of a request's identity", () => {
  const settings = settingsOf({ viewer: { groups: ["*"] }, admin: { groups: ["ops"], unmask: true } });

  it("unmasks for a role allowed to, and for nobody else", () => {
    expect(principalFor(settings, id("admin"))).toEqual({ unmask: true });
    expect(principalFor(settings, id("viewer"))).toEqual({ unmask: false });
    expect(principalFor(settings, id(undefined))).toEqual({ unmask: false });
    expect(principalFor(settings, undefined)).toEqual({ unmask: false });
  });

  it("is no principal at all without sign-in, so the rules apply (the local user's admin rank does not unmask)", () => {
    const none = buildAuthSettings({ roles: { admin: { groups: ["*"], unmask: true } } }, {});
    expect(principalFor(none, { user: { name: "local", groups: [] }, role: "admin", auth: "none" })).toBeUndefined();
  });
});

describe("unmask and export in the configuration file", () => {
  it("are checked with the rest of the file: booleans only, on a role's entry", () => {
    const message = problemsOf({ viewer: { groups: ["*"], unmask: "yes", export: 0 }, admin: { groups: ["ops"], redact: false } });
    expect(message).toContain("roles.viewer.unmask: must be a boolean");
    expect(message).toContain("roles.viewer.export: must be a boolean");
    expect(message).toContain('roles.admin: unknown key "redact"; the keys allowed here are groups, unmask, export');
  });
});

describe("refusing a download", () => {
  it("says which role, which setting, and what is still possible", () => {
    const e = exportRefused("viewer");
    expect(e.code).toBe("forbidden");
    expect(e.message).toBe(
      "Your role is viewer, and downloading records is turned off for it (`roles.viewer.export` is false in the configuration file): the records can still be read in the browser; ask an administrator if you need the file.",
    );
  });
});
