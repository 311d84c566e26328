// Next's start hook: runs once when the server starts, before it serves a request. A bad setting
// or a bad targets file stops the server here, with one message listing every problem, instead of
// failing request after request. Then the optional metrics listener (SHARDSCOPE_METRICS_PORT)
// starts. `scripts/start.mjs` (npm start, and the standalone build's server.js) waits for this.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfigurationAtStart } = await import("@/lib/server/targets/load-targets");
  await checkConfigurationAtStart();
  const { startMetricsListener } = await import("@/lib/server/ops/metrics-listener");
  await startMetricsListener();
}
