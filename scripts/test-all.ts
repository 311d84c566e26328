// `npm test`: every check the project has, in the order that fails fastest — lint (ESLint, with the
// layout's import boundaries), the format check (Prettier), types, unit and integration tests
// (vitest, against a real kinesis-local), the production build, the tests of the built server
// (vitest's `app` project, against `next start`), the API fuzzer (schemathesis against the built
// app), then the browser tests (Playwright in Debian's chromium). Ends with one "N passed, N failed"
// line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const out = path.join(root, ".test-output");
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const env = { ...process.env, TZ: "UTC", NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function step(title: string, cmd: string, args: string[]): number {
  console.log(`\n=== ${title}: ${[path.basename(cmd), ...args].join(" ")}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  console.log(`=== ${title}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const problems: string[] = [];

// The package.json scripts, so that `npm run lint` and `npm test` check the same thing.
if (step("lint (ESLint)", "npm", ["run", "--silent", "lint"]) !== 0) problems.push("lint");
if (step("format check (Prettier)", "npm", ["run", "--silent", "format:check"]) !== 0) problems.push("format check");
if (step("typecheck", bin("tsc"), ["--noEmit", "-p", "."]) !== 0) problems.push("typecheck");

type VitestReport = { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number };

function vitest(title: string, projects: string[], jsonName: string): void {
  const file = path.join(out, jsonName);
  const status = step(title, bin("vitest"), [
    "run",
    ...projects.flatMap((p) => ["--project", p]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${file}`,
  ]);
  const v = readJson(file) as VitestReport | undefined;
  if (v) {
    passed += v.numPassedTests ?? 0;
    failed += v.numFailedTests ?? 0;
    skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  }
  if (status !== 0 || !v) problems.push(title);
}

vitest("unit + dom + integration", ["unit", "dom", "integration"], "vitest.json");

const only = process.argv.includes("--no-e2e");
if (!only) {
  // `npm run build`: next build, then the standalone server completed (scripts/standalone.mjs).
  if (step("build", bin("next"), ["build"]) !== 0 || step("standalone build", process.execPath, ["scripts/standalone.mjs"]) !== 0) {
    problems.push("build");
  } else {
    vitest("built server", ["app"], "vitest-app.json");

    // schemathesis against the built app: every JSON route of /api/openapi.json (scripts/fuzz-api.ts).
    // Counted from its own summary, so a run that tested no operation cannot pass.
    const fuzzStatus = step("fuzz (schemathesis)", bin("tsx"), ["scripts/fuzz-api.ts"]);
    const f = readJson(path.join(out, "fuzz", "summary.json")) as { passed?: number; failed?: number; skipped?: number; operations?: number } | undefined;
    if (f) {
      passed += f.passed ?? 0;
      failed += f.failed ?? 0;
      skipped += f.skipped ?? 0;
    }
    if (fuzzStatus !== 0 || !f || !f.operations) problems.push("fuzz");

    const e2eStatus = step("browser (Playwright)", bin("playwright"), ["test"]);
    const p = readJson(path.join(out, "e2e.json")) as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } } | undefined;
    if (p?.stats) {
      passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
      failed += p.stats.unexpected ?? 0;
      skipped += p.stats.skipped ?? 0;
    }
    if (e2eStatus !== 0 || !p?.stats) problems.push("e2e");
  }
}

console.log("");
if (problems.length > 0) console.log(`Failed steps: ${problems.join(", ")}`);
// A skipped test is not a pass: count it, and fail the run if any test was skipped.
if (skipped > 0) problems.push(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(problems.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
