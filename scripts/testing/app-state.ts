// The app keeps its process-wide state (targets, scopes with their clients, caches and tail hubs) on globalThis, so that
// every bundle Next builds shares one copy. Integration files share one process: a file that needs
// the app built from its own settings forgets what an earlier file left behind.
export function forgetAppState(): void {
  const g = globalThis as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(g)) {
    if (!key.description?.startsWith("shardscope.")) continue;
    // The scopes registry stops every scope's readers; anything else with a stopAll() stops too.
    (g[key] as { stopAll?: () => void } | undefined)?.stopAll?.();
    delete g[key];
  }
}
