import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/server/config";
import { forgetAppState } from "@/scripts/testing/app-state";
import { loadTargets } from "./load-targets";

const dir = mkdtempSync(path.join(tmpdir(), "shardscope-load-"));
const none = path.join(dir, "none");
const env = (over: Record<string, string>) => ({
  AWS_CONFIG_FILE: none,
  AWS_SHARED_CREDENTIALS_FILE: none,
  AWS_REGION: "eu-west-1",
  AWS_EC2_METADATA_DISABLED: "true",
  ...over,
});

afterEach(() => forgetAppState());

describe("loadTargets", () => {
  it("reads the targets file when SHARDSCOPE_TARGETS_FILE is set, once per process", async () => {
    const file = path.join(dir, "targets.json");
    writeFileSync(file, JSON.stringify({ targets: [{ name: "one", region: "us-east-1" }] }));
    const first = await loadTargets(env({ SHARDSCOPE_TARGETS_FILE: file }));
    expect(first).toMatchObject({ source: file, defaultTarget: "one" });
    // Changing the file changes nothing until the app state is forgotten (a restart).
    writeFileSync(file, JSON.stringify({ targets: [{ name: "two", region: "us-east-1" }] }));
    expect(await loadTargets(env({ SHARDSCOPE_TARGETS_FILE: file }))).toBe(first);
    forgetAppState();
    expect((await loadTargets(env({ SHARDSCOPE_TARGETS_FILE: file }))).defaultTarget).toBe("two");
  });

  it("discovers the targets without a file", async () => {
    const setup = await loadTargets(env({}));
    expect(setup.source).toBe("discovered");
    expect(setup.targets.map((t) => [t.name, t.defaultRegion])).toEqual([["default", "eu-west-1"]]);
  });

  it("does not keep a failed load: the next call reads the fixed file", async () => {
    const file = path.join(dir, "fixed-later.json");
    writeFileSync(file, "{");
    await expect(loadTargets(env({ SHARDSCOPE_TARGETS_FILE: file }))).rejects.toBeInstanceOf(ConfigError);
    writeFileSync(file, JSON.stringify({ targets: [{ name: "ok", region: "us-east-1" }] }));
    expect((await loadTargets(env({ SHARDSCOPE_TARGETS_FILE: file }))).defaultTarget).toBe("ok");
  });
});
