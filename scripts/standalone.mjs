// Completes the standalone build after `next build` (`npm run build` runs both). Next traces the
// server's files into .next/standalone but leaves out what a CDN would serve, so this copies
// .next/static and public/ in, as Next's documentation asks, and puts Shardscope's own production
// server there (scripts/start.mjs: the start checks, JSON method refusals, the JSON log) behind the
// `server.js` that Next's own documentation and images start with `node server.js`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, ".next", "standalone");

if (!fs.existsSync(path.join(out, ".next", "required-server-files.json"))) {
  console.error(`No standalone build in ${out}: run \`next build\` with output: "standalone" (next.config.js) first.`);
  process.exit(1);
}

function copyDir(from, to) {
  if (!fs.existsSync(from)) return false;
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  return true;
}

copyDir(path.join(root, ".next", "static"), path.join(out, ".next", "static"));
copyDir(path.join(root, "public"), path.join(out, "public"));
fs.copyFileSync(path.join(root, "scripts", "start.mjs"), path.join(out, "start.mjs"));
// CommonJS (the standalone package.json has no "type"), so it loads the ES module start.mjs.
fs.writeFileSync(
  path.join(out, "server.js"),
  `// Written by scripts/standalone.mjs: Shardscope's production server (start.mjs beside this file).
import("./start.mjs").catch((e) => {
  console.error(e);
  process.exit(1);
});
`,
);
console.log(`Standalone server ready: node ${path.relative(process.cwd(), path.join(out, "server.js")) || "server.js"}`);
