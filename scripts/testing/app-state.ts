// The app keeps its process-wide state (AWS clients, caches, the tail hub) on globalThis, so that
// every bundle Next builds shares one copy. Integration files share one process: a file that needs
// the app built from its own settings forgets what an earlier file left behind.
export function forgetAppState(): void {
  const g = globalThis as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(g)) {
    if (!key.description?.startsWith("shardscope.")) continue;
    const tail = g[key] as { hub?: { stopAll?: () => void } } | undefined;
    tail?.hub?.stopAll?.();
    delete g[key];
  }
}
