import "server-only";
// The configured targets and the scopes made of them: one Scope per target and region, made on
// first use and kept for the server's life (on globalThis, so that every bundle Next builds shares
// one copy). The only way to a scope is by a configured target's name and one of its regions:
// the browser can name nothing else.
import type { ScopeRef } from "@/lib/targets/scope";
import type { TargetsResponse } from "@/lib/targets/types";
import { AppError } from "@/lib/server/errors";
import { credentialsFor } from "./credentials";
import { loadTargets } from "./load-targets";
import { regionsOf } from "./regions";
import { Scope } from "./scope";
import { readSharedConfig, type SharedConfigFiles } from "./shared-config";
import { toTargetInfo, type TargetConfig, type TargetsSetup } from "./target-config";

const scopesKey = Symbol.for("shardscope.scopes");

/** The scopes made so far; `stopAll()` stops every one (tests reset app state with it). */
class Scopes {
  readonly byKey = new Map<string, Scope>();
  /** Read once: only to tell SSO profiles from others in credential messages. */
  sharedConfig?: Promise<SharedConfigFiles | undefined>;
  stopAll(): void {
    for (const s of this.byKey.values()) s.stopAll();
    this.byKey.clear();
  }
}

function scopes(): Scopes {
  const g = globalThis as typeof globalThis & { [scopesKey]?: Scopes };
  g[scopesKey] ??= new Scopes();
  return g[scopesKey];
}

/** Every scope made so far (for the metrics taken at scrape time: readers per scope). */
export function openScopes(): Scope[] {
  return [...scopes().byKey.values()];
}

export const targetsSetup = (): Promise<TargetsSetup> => loadTargets();

function findTarget(setup: TargetsSetup, name: string): TargetConfig {
  const t = setup.targets.find((x) => x.name === name);
  if (!t) {
    const names = setup.targets.map((x) => x.name).join(", ");
    throw new AppError("not_found", `There is no target named "${name.slice(0, 64)}" on this server. Its targets: ${names}.`);
  }
  return t;
}

async function scopeOf(t: TargetConfig, region: string): Promise<Scope> {
  const registry = scopes();
  registry.sharedConfig ??= readSharedConfig().catch(() => undefined);
  const sharedConfig = await registry.sharedConfig;
  const key = `${t.name}/${region}`;
  let scope = registry.byKey.get(key);
  if (!scope) {
    scope = new Scope(t, region, credentialsFor(t, region), sharedConfig);
    registry.byKey.set(key, scope);
  }
  return scope;
}

/** The scope of a configured target in one of its regions; a 404 naming what exists otherwise. */
export async function resolveScope(target: string, region: string): Promise<Scope> {
  const t = findTarget(await targetsSetup(), target);
  const regions = regionsOf(t);
  if (!regions.includes(region)) {
    const shown = regions.length > 8 ? `${regions.slice(0, 8).join(", ")}, …` : regions.join(", ");
    throw new AppError("not_found", `Target "${t.name}" is not configured for region "${region.slice(0, 32)}". Its regions: ${shown}.`);
  }
  return scopeOf(t, region);
}

/** The scope of a target in its default region, or of the default target when none is named. */
export async function defaultScope(target?: string): Promise<Scope> {
  const setup = await targetsSetup();
  const t = findTarget(setup, target ?? setup.defaultTarget);
  return scopeOf(t, t.defaultRegion);
}

/** What today's short URLs mean. */
export async function defaultScopeRef(): Promise<ScopeRef> {
  const s = await defaultScope();
  return { target: s.target, region: s.region };
}

export async function listTargets(): Promise<TargetsResponse> {
  const setup = await targetsSetup();
  const t = findTarget(setup, setup.defaultTarget);
  return { targets: setup.targets.map((x) => toTargetInfo(x, regionsOf(x))), current: { target: t.name, region: t.defaultRegion } };
}
