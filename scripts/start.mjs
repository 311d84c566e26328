// `npm start`: serves the built dashboard on SHARDSCOPE_HOST (default 127.0.0.1, never every
// interface by accident) and PORT (default 3000).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
const host = process.env.SHARDSCOPE_HOST || "127.0.0.1";
const port = process.env.PORT || "3000";

// PORT in the environment too: the host allow-list (proxy.ts) answers loopback names on it only.
const child = spawn(process.execPath, [nextBin, "start", "-H", host, "-p", port], { stdio: "inherit", env: { ...process.env, PORT: port } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
