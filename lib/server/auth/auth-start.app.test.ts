// The production server refuses to start open to the network: without sign-in it listens on
// loopback only, and a sign-in mode without its configuration stops it with every problem listed.
// (None of these servers ever listens: each is stopped by the start check before it binds.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { spawnNode } from "@/scripts/lib/child-process";
import { freePort } from "@/scripts/lib/free-port";
import { localAwsEnv, START_SCRIPT } from "@/scripts/lib/next-server";

const dir = mkdtempSync(path.join(tmpdir(), "shardscope-auth-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runUntilExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; listened: boolean }> {
  const lines: string[] = [];
  const child = spawnNode({ name: "shardscope server", args: [START_SCRIPT], env: { ...env, PORT: String(await freePort()) }, onLine: (l) => lines.push(l) });
  const timer = setTimeout(() => void child.stop(1_000), 60_000);
  const { code } = await child.exited;
  clearTimeout(timer);
  const output = lines.join("\n");
  return { code, output, listened: /Shardscope listening on/.test(output) };
}

const env = () => localAwsEnv(inject("kinesisEndpoint"));

describe("the start check of sign-in", () => {
  it("refuses to listen on a non-loopback address without sign-in, and says what to do", async () => {
    const { code, output, listened } = await runUntilExit({ ...env(), SHARDSCOPE_HOST: "0.0.0.0" });
    expect(code).toBe(1);
    expect(listened).toBe(false);
    expect(output).toContain("SHARDSCOPE_HOST is 0.0.0.0, not a loopback address, and nobody signs in (SHARDSCOPE_AUTH is not set)");
    expect(output).toContain("SHARDSCOPE_AUTH=none and SHARDSCOPE_ALLOW_UNAUTHENTICATED=1");
  });

  it("stops a sign-in mode without its configuration, listing every problem of the file at once", async () => {
    const file = path.join(dir, "shardscope.json");
    writeFileSync(file, JSON.stringify({ targets: [{ name: "local", region: "us-east-1", regon: "x" }], auth: { oidc: { issuer: "http://idp.example" } } }));
    const { code, output, listened } = await runUntilExit({ ...env(), SHARDSCOPE_HOST: "127.0.0.1", SHARDSCOPE_AUTH: "oidc", SHARDSCOPE_TARGETS_FILE: file });
    expect(code).toBe(1);
    expect(listened).toBe(false);
    expect(output).toContain(`Invalid targets file ${file} (SHARDSCOPE_TARGETS_FILE), 4 problems:`);
    expect(output).toContain('targets[0] (target "local"): unknown key "regon"');
    expect(output).toContain("auth.oidc.issuer: must be an https:// URL");
    expect(output).toContain("auth.oidc.clientId: must be a string");
    expect(output).toContain("roles: SHARDSCOPE_AUTH=oidc needs `roles`");
  });

  it("stops SHARDSCOPE_AUTH=oidc without a configuration file", async () => {
    const { code, output } = await runUntilExit({ ...env(), SHARDSCOPE_HOST: "127.0.0.1", SHARDSCOPE_AUTH: "oidc" });
    expect(code).toBe(1);
    expect(output).toContain("SHARDSCOPE_AUTH=oidc needs a configuration file: set SHARDSCOPE_TARGETS_FILE");
  });
});
