// `tsx scripts/fuzz-api.ts`: schemathesis (pip install schemathesis) fuzzes every JSON route of the
// OpenAPI document the app serves at /api/openapi.json, against the built app on the demo's services
// (kinesis-local with the demo streams, moto as CloudWatch). Any 5xx, any status the document does
// not list and any response body that breaks the document fails the run.
//
// Two runs, each bounded in examples per operation and in time:
//  1. every JSON operation against a read-only server (SHARDSCOPE_READ_ONLY=1), so the write route
//     is fuzzed too but can write nothing; the SSE tail and search are left out (they have their own
//     tests), and the NDJSON search download is fuzzed with a search time limit of a few seconds,
//     so that a search over a whole demo stream cannot outlast the run's time bound;
//  2. only the write route, against a writable server, with the stream fixed to a scratch stream
//     created for the run: valid bodies really write there, invalid ones must be refused.
// Then a few hostile requests that only the running server can answer (scripts/lib/hostile-http.ts).
// Reports go to .test-output/fuzz/ (JUnit XML per run) and a summary to .test-output/fuzz/summary.json,
// which `npm test` counts. Everything started here is stopped on success, failure and signals.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CreateStreamCommand, DescribeStreamSummaryCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { startAppStack, type AppStack } from "./lib/app-stack";
import { waitUntilActive } from "./lib/demo-streams";
import { runHostileHttpChecks, type HttpCheckResult } from "./lib/hostile-http";
import { motoPython } from "./lib/moto-server";

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, ".test-output", "fuzz");
export const FUZZ_SUMMARY_FILE = path.join(outDir, "summary.json");

const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 25);
/** Hard limit on each schemathesis run; past it the run is killed and counts as failed. */
const RUN_TIMEOUT_MS = Number(process.env.FUZZ_RUN_TIMEOUT_SECONDS ?? 240) * 1000;
const CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance"];
/**
 * The coverage phase also sends methods the document does not list, expecting 405. TRACE is left
 * out: Next.js itself answers it with a plain-text 500 before any of Shardscope's code runs
 * ("'TRACE' HTTP method is unsupported" while building the Request); it is reported, and the
 * hostile requests (scripts/lib/hostile-http.ts) hold a check for it.
 */
const BASE_CONFIG = `[phases.coverage]\nunexpected-methods = ["get", "put", "post", "delete", "options", "patch", "query"]\n`;
const SCRATCH_STREAM = `fuzz-scratch-${process.pid}`;

export interface FuzzRunSummary {
  name: string;
  exitCode: number | null;
  timedOut: boolean;
  /** JUnit test cases: one per operation schemathesis tested. */
  operations: number;
  failures: number;
  errors: number;
  skipped: number;
}

const RUN_PY = "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'schemathesis'; sys.exit(schemathesis())";

async function runSchemathesis(name: string, appUrl: string, extra: string[], configFile?: string): Promise<FuzzRunSummary> {
  const junit = path.join(outDir, `${name}.junit.xml`);
  const args = [
    "-c",
    RUN_PY,
    ...(configFile ? ["--config-file", configFile] : []),
    "run",
    `${appUrl}/api/openapi.json`,
    "--url",
    appUrl,
    "--checks",
    CHECKS.join(","),
    "--max-examples",
    String(MAX_EXAMPLES),
    "--phases",
    "examples,coverage,fuzzing",
    // One worker: the machine is small, and two workers have tripped over each other inside schemathesis.
    "--workers",
    "1",
    "--request-timeout",
    "20",
    "--seed",
    process.env.FUZZ_SEED ?? "8",
    "--no-color",
    "--generation-database",
    "none",
    "--suppress-health-check",
    "all",
    "--report",
    "junit",
    "--report-junit-path",
    junit,
    ...extra,
  ];
  console.log(`\n--- schemathesis (${name}) against ${appUrl}`);
  // Run inside the report folder: schemathesis keeps a cache of its own in the working directory.
  const child = spawn(motoPython(), args, {
    cwd: outDir,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`schemathesis (${name}) ran past ${RUN_TIMEOUT_MS / 1000} s: stopping it`);
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  }, RUN_TIMEOUT_MS);
  running.add(child.pid ?? -1);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (e) => {
      console.error(`cannot run schemathesis under ${motoPython()}: ${e.message}`);
      resolve(null);
    });
  });
  running.delete(child.pid ?? -1);
  clearTimeout(timer);
  return { name, exitCode, timedOut, ...countJunit(junit) };
}

/** Counts a JUnit report's test cases and their outcomes; a missing report counts nothing. */
export function countJunit(file: string): Pick<FuzzRunSummary, "operations" | "failures" | "errors" | "skipped"> {
  let xml = "";
  try {
    xml = fs.readFileSync(file, "utf8");
  } catch {
    return { operations: 0, failures: 0, errors: 0, skipped: 0 };
  }
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  const count = (tag: string) => cases.filter((c) => new RegExp(`<${tag}\\b`).test(c)).length;
  return { operations: cases.length, failures: count("failure"), errors: count("error"), skipped: count("skipped") };
}

const running = new Set<number>();
let stack: AppStack | undefined;

async function createScratchStream(client: KinesisClient): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: SCRATCH_STREAM, ShardCount: 1, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  await waitUntilActive(client, SCRATCH_STREAM);
}

async function main(): Promise<number> {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  stack = await startAppStack({ log: (line) => console.log(`[stack] ${line}`) });
  const runs: FuzzRunSummary[] = [];

  const readOnly = await stack.startApp({ SHARDSCOPE_READ_ONLY: "1", SHARDSCOPE_SEARCH_MAX_SECONDS: "3" });
  const base = path.join(outDir, "schemathesis.toml");
  fs.writeFileSync(base, BASE_CONFIG);
  runs.push(await runSchemathesis("read-only", readOnly.url, ["--exclude-path-regex", "/(tail|search)$"], base));

  await createScratchStream(stack.client);
  const writable = await stack.startApp({});
  const config = path.join(outDir, "scratch.toml");
  fs.writeFileSync(config, `${BASE_CONFIG}\n[[operations]]\ninclude-operation-id = "putRecords"\nparameters = { "path.name" = "${SCRATCH_STREAM}" }\n`);
  runs.push(await runSchemathesis("writes-to-scratch", writable.url, ["--include-operation-id", "putRecords"], config));
  // What the writable run wrote stays on its scratch stream (it is fixed by the config above).
  const scratch = await stack.client.send(new DescribeStreamSummaryCommand({ StreamName: SCRATCH_STREAM }));
  console.log(`scratch stream ${SCRATCH_STREAM}: ${scratch.StreamDescriptionSummary?.OpenShardCount} shard(s) after the write run`);

  // Hostile requests only the router sees (unknown paths, methods, Host): see scripts/lib/hostile-http.ts.
  console.log(`\n--- hostile requests to the server (${readOnly.url})`);
  const http: HttpCheckResult[] = await runHostileHttpChecks(readOnly.url);
  for (const r of http) {
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.check.what}${r.ok ? "" : `: ${r.problem}`}`);
  }

  const operations = runs.reduce((n, r) => n + r.operations, 0);
  const httpFailed = http.filter((r) => !r.ok).length;
  const failed = httpFailed + runs.reduce((n, r) => n + r.failures + r.errors + (r.timedOut || r.exitCode === null ? 1 : 0), 0);
  const passed = http.length - httpFailed + runs.reduce((n, r) => n + r.operations - r.failures - r.errors - r.skipped, 0);
  const skipped = runs.reduce((n, r) => n + r.skipped, 0);
  const ok = failed === 0 && skipped === 0 && runs.every((r) => r.exitCode === 0 && r.operations > 0);
  fs.writeFileSync(
    FUZZ_SUMMARY_FILE,
    JSON.stringify(
      {
        ok,
        passed,
        failed,
        skipped,
        operations,
        runs,
        http: http.map((r) => ({ what: r.check.what, ok: r.ok, status: r.status, problem: r.problem })),
        seconds: (Date.now() - started) / 1000,
      },
      null,
      2,
    ),
  );
  for (const r of runs) {
    console.log(
      `schemathesis ${r.name}: ${r.operations} operations, ${r.failures} failed, ${r.errors} errors, ${r.skipped} skipped, exit ${r.exitCode}${r.timedOut ? " (timed out)" : ""}`,
    );
  }
  if (operations === 0) console.log("schemathesis tested no operation: that is a failure, not a pass.");
  return ok ? 0 : 1;
}

let stopping: Promise<void> | undefined;
function cleanup(): Promise<void> {
  stopping ??= (async () => {
    for (const pid of running) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await stack?.stop();
  })();
  return stopping;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup().then(() => process.exit(130)));
}

if (require.main === module) {
  main()
    .catch((e: Error) => {
      console.error(`fuzz: ${e.message}`);
      return 1;
    })
    .then(async (code) => {
      await cleanup();
      process.exit(code);
    });
}
