import "server-only";
// The targets this server offers, loaded once per process: from SHARDSCOPE_TARGETS_FILE when it
// is set, else discovered (the default chain plus one target per profile). Kept on globalThis so
// every bundle Next builds shares one copy, and so the tests' forgetAppState() resets it.
import { ConfigError, getConfig, parseConfig } from "@/lib/server/config";
import { discoverTargets } from "./discover";
import { loadTargetsFile } from "./targets-file";
import type { TargetsSetup } from "./target-config";
import { log } from "@/lib/server/ops/log";

const KEY = Symbol.for("shardscope.targets");

type Env = Record<string, string | undefined>;

interface Holder {
  [KEY]?: Promise<TargetsSetup>;
}

/** The file when SHARDSCOPE_TARGETS_FILE is set, else discovery; once per process. */
export function loadTargets(env: Env = process.env): Promise<TargetsSetup> {
  const g = globalThis as Holder;
  const existing = g[KEY];
  if (existing) return existing;
  const loading = (async () => {
    const file = parseConfig(env).targetsFile;
    return file ? loadTargetsFile(file, env) : discoverTargets(env);
  })();
  // A failed load is not kept: the next call tries again (after the file is fixed, for instance).
  loading.catch(() => {
    if (g[KEY] === loading) delete g[KEY];
  });
  g[KEY] = loading;
  return loading;
}

/**
 * Loads the targets at start and logs where they came from; throws the ConfigError that lists
 * every problem of a bad targets file (instrumentation.ts stops the server with it).
 */
export async function validateTargetsAtStart(env: Env = process.env): Promise<TargetsSetup> {
  const setup = await loadTargets(env);
  const names = setup.targets.map((t) => (t.name === setup.defaultTarget ? `${t.name} (default)` : t.name)).join(", ");
  log().info({ source: setup.source, targets: setup.targets.map((t) => t.name), default: setup.defaultTarget }, `targets from ${setup.source}: ${names}`);
  return setup;
}

/**
 * The start check (instrumentation.ts): Shardscope's settings, then its targets. On a ConfigError,
 * prints its message (every problem) and stops the process with exit code 1.
 */
export async function checkConfigurationAtStart(): Promise<void> {
  try {
    getConfig();
    await validateTargetsAtStart();
    // Sign-in and roles live in the same file (lib/server/auth/config.ts); the environment decides the mode.
    const { validateAuthAtStart } = await import("@/lib/server/auth/settings");
    await validateAuthAtStart();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // Plain text on stderr, not a JSON line: a person starting the server reads it, one problem a line.
    console.error(`[shardscope] ${e.message}`);
    process.exit(1);
  }
}
