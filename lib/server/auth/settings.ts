import "server-only";
// The sign-in settings of this process: the configuration file's `auth` and `roles` (loaded with
// the targets, so one file is checked once) and the environment. Kept on globalThis so every
// bundle Next builds shares one copy (and the tests' forgetAppState() resets it).
import { ConfigError } from "@/lib/server/config";
import { loadTargets } from "@/lib/server/targets/load-targets";
import { authProblems, buildAuthSettings, type AuthSettings } from "./config";

type Env = Record<string, string | undefined>;
const KEY = Symbol.for("shardscope.authSettings");

export function authSettings(env: Env = process.env): Promise<AuthSettings> {
  const g = globalThis as typeof globalThis & { [KEY]?: Promise<AuthSettings> };
  const existing = g[KEY];
  if (existing) return existing;
  const loading = (async () => {
    const setup = await loadTargets(env);
    // A targets file was checked with its auth sections; without one, the environment alone.
    if (setup.source === "discovered") {
      const problems = authProblems(undefined, env);
      if (problems.length > 0) {
        throw new ConfigError(`Invalid Shardscope configuration:\n${problems.map((p) => `  ${p.message}`).join("\n")}`);
      }
    }
    return buildAuthSettings({ auth: setup.auth, roles: setup.roles }, env);
  })();
  loading.catch(() => {
    if (g[KEY] === loading) delete g[KEY];
  });
  g[KEY] = loading;
  return loading;
}

/** For the start check: the settings, with one log line saying how people sign in. */
export async function validateAuthAtStart(env: Env = process.env): Promise<AuthSettings> {
  const s = await authSettings(env);
  if (s.mode === "none") {
    if (s.openOnNetwork) {
      console.warn(
        `[shardscope] WARNING: no sign-in (SHARDSCOPE_AUTH=none) on ${s.listenHost}, allowed by SHARDSCOPE_ALLOW_UNAUTHENTICATED: anyone who reaches the port can read and write.`,
      );
    }
  } else {
    const how = s.mode === "oidc" ? `OpenID Connect at ${s.oidc?.issuer}` : `the load balancer ${s.alb?.arn}`;
    console.log(`[shardscope] sign-in through ${how}; roles from the "${s.groupsClaim}" claim`);
    if (s.mode === "oidc" && s.sessionKeyEphemeral) {
      console.warn("[shardscope] SHARDSCOPE_SESSION_SECRET is not set: sessions are encrypted with a key made at start, so a restart signs everyone out.");
    }
  }
  console.log(`[shardscope] audit log: ${s.auditLog ?? "stdout only (SHARDSCOPE_AUDIT_LOG is not set)"}`);
  return s;
}
