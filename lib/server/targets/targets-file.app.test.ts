// The production server (scripts/start.mjs) checks its settings and its targets file at start,
// through Next's instrumentation hook: a bad file stops it before it listens, with exit code 1
// and one message listing every problem; a good one lets it start and says where its targets
// came from.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { spawnNode } from "@/scripts/lib/child-process";
import { freePort } from "@/scripts/lib/free-port";
import { localAwsEnv, START_SCRIPT, startNextServer } from "@/scripts/lib/next-server";

const dir = mkdtempSync(path.join(tmpdir(), "shardscope-targets-app-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTargets(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

/** Runs the server until it exits (or 60 s pass), and returns its exit code and everything it printed. */
async function runUntilExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; listened: boolean }> {
  const lines: string[] = [];
  const port = await freePort();
  const child = spawnNode({
    name: "shardscope server",
    args: [START_SCRIPT],
    env: { ...env, SHARDSCOPE_HOST: "127.0.0.1", PORT: String(port) },
    onLine: (line) => lines.push(line),
  });
  const timer = setTimeout(() => void child.stop(1_000), 60_000);
  const { code } = await child.exited;
  clearTimeout(timer);
  const output = lines.join("\n");
  return { code, output, listened: /Shardscope listening on/.test(output) };
}

const baseEnv = () => {
  const env = localAwsEnv(inject("kinesisEndpoint"));
  // The shared AWS files of this test only: the profile below is missing from them.
  env.AWS_CONFIG_FILE = path.join(dir, "aws-config");
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "aws-credentials");
  return env;
};

describe("the start check", () => {
  it("stops the server with every problem of a bad targets file", async () => {
    const file = writeTargets("bad.json", {
      default: "nowhere",
      targets: [
        { name: "local", region: "us-east-1", endpoints: { kinesis: "ftp://127.0.0.1:4567" } },
        { name: "local", region: "mars-1", profile: "ghost", regon: "x" },
      ],
      masking: { rules: [{ streams: ["payments"], regex: "(card" }] },
    });
    const { code, output, listened } = await runUntilExit({ ...baseEnv(), SHARDSCOPE_TARGETS_FILE: file });
    expect(code).toBe(1);
    expect(listened).toBe(false);
    expect(output).toContain(`Invalid targets file ${file} (SHARDSCOPE_TARGETS_FILE), 7 problems:`);
    for (const problem of [
      /targets\[0\]\.endpoints\.kinesis \(target "local"\): must be an http:\/\/ or https:\/\/ URL/,
      /targets\[1\] \(target "local"\): unknown key "regon"/,
      /targets\[1\]\.region \(target "local"\): is not an AWS region name/,
      /targets\[1\]\.name \(target "local"\): "local" is already the name of targets\[0\]/,
      /targets\[1\]\.profile \(target "local"\): profile "ghost" is not in/,
      /default: names no target/,
      /masking\.rules\[0\]\.regex: is not a valid regular expression \(RE2 syntax\)/,
    ]) {
      expect(output).toMatch(problem);
    }
    // One clear message, not a stack trace.
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("stops the server when the targets file cannot be read or is not JSON", async () => {
    const missing = await runUntilExit({ ...baseEnv(), SHARDSCOPE_TARGETS_FILE: path.join(dir, "absent.json") });
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/absent\.json.*\n.*the file cannot be read: it does not exist/);
    const broken = await runUntilExit({ ...baseEnv(), SHARDSCOPE_TARGETS_FILE: writeTargets("broken.json", '{ "targets": [ }') });
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/the file is not valid JSON at line 1, column 16/);
  });

  it("stops the server on a bad setting too", async () => {
    const { code, output } = await runUntilExit({ ...baseEnv(), SHARDSCOPE_DESCRIBE_RATE: "100" });
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid Shardscope configuration:\n\s+SHARDSCOPE_DESCRIBE_RATE/);
  });

  it("starts with a good targets file and says where its targets came from", async () => {
    const file = writeTargets("good.json", {
      default: "local",
      targets: [
        { name: "local", region: "us-east-1", endpoints: { kinesis: inject("kinesisEndpoint") } },
        { name: "local-eu", region: "eu-west-1", endpoints: { kinesis: inject("kinesisEndpointEu") } },
      ],
    });
    const lines: string[] = [];
    const server = await startNextServer({
      host: "127.0.0.1",
      port: await freePort(),
      env: { ...baseEnv(), SHARDSCOPE_TARGETS_FILE: file },
      onLine: (l) => lines.push(l),
    });
    try {
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(200);
      // A JSON log line (pino), with the targets as fields too.
      const said = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg?: string; targets?: string[]; source?: string });
      expect(said.find((e) => e.msg === `targets from ${file}: local (default), local-eu`)).toMatchObject({
        source: file,
        targets: ["local", "local-eu"],
      });
    } finally {
      await server.child.stop();
    }
  });
});
