// Vitest globalSetup of the `app` project (tests against `next start`): builds the app first when
// the build is missing or older than the sources, so that a test never runs yesterday's code.
// `npm test` builds before it runs this project, so there it finds the build fresh. The standalone
// server (.next/standalone) is completed here too, as `npm run build` does.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsStale, NEXT_BIN } from "../lib/next-server";

export default function setup(): void {
  const root = path.resolve(__dirname, "..", "..");
  if (buildIsStale(root)) {
    console.log("[app tests] the build is missing or older than the sources: running next build");
    const r = spawnSync(process.execPath, [path.join(root, NEXT_BIN), "build"], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "inherit",
    });
    if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal}); the app tests need a build`);
  }
  // Always (it only copies): the standalone server then carries today's scripts/start.mjs.
  const s = spawnSync(process.execPath, [path.join(root, "scripts", "standalone.mjs")], { cwd: root, stdio: "inherit" });
  if (s.status !== 0) throw new Error(`scripts/standalone.mjs failed (exit ${s.status ?? s.signal}); the app tests need the standalone build`);
}
