import "server-only";
// The optional second listener (SHARDSCOPE_METRICS_PORT, on SHARDSCOPE_METRICS_HOST, loopback by
// default): GET /metrics and nothing else, for a Prometheus scraper inside a cluster that cannot
// sign in or name an allowed host. It serves only the metrics, so it can be opened to the
// cluster's network while the app itself stays behind sign-in. Started once by the start hook
// (instrumentation.ts); a port it cannot take stops the server, as a bad setting does.
import http from "node:http";
import { getConfig } from "@/lib/server/config";
import { log } from "./log";
import { metricsText } from "./metrics";

const KEY = Symbol.for("shardscope.metricsListener");

function answer(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers });
  res.end(body);
}

/** The listener's request handler: GET or HEAD /metrics; 405 for other methods, 404 for other paths. */
export async function handleMetricsRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? "").split("?")[0];
  if (path !== "/metrics") return answer(res, 404, "Not found: this listener serves only /metrics.\n");
  if (req.method !== "GET" && req.method !== "HEAD") return answer(res, 405, "Only GET and HEAD are allowed on /metrics.\n", { allow: "GET, HEAD" });
  try {
    const { body, contentType } = await metricsText();
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (e) {
    log().error({ err: e }, "metrics listener: collecting the metrics failed");
    answer(res, 500, "Collecting the metrics failed; the server log has the details.\n");
  }
}

/** Starts the listener when SHARDSCOPE_METRICS_PORT is set (once per process); resolves once it listens. */
export async function startMetricsListener(): Promise<http.Server | undefined> {
  const settings = getConfig().metricsListener;
  if (!settings) return undefined;
  const g = globalThis as typeof globalThis & { [KEY]?: http.Server };
  if (g[KEY]) return g[KEY];
  const server = http.createServer((req, res) => void handleMetricsRequest(req, res));
  g[KEY] = server;
  await new Promise<void>((resolve) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      log().fatal(
        { code: e.code, host: settings.host, port: settings.port },
        `The metrics listener cannot listen on ${settings.host}:${settings.port} (${e.code ?? e.message}); change SHARDSCOPE_METRICS_PORT or SHARDSCOPE_METRICS_HOST.`,
      );
      process.exit(1);
    });
    server.listen(settings.port, settings.host, () => resolve());
  });
  const where = `${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${settings.port}`;
  log().info({ host: settings.host, port: settings.port }, `metrics listener on http://${where}/metrics`);
  return server;
}
