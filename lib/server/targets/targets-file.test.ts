import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/server/config";
import type { SharedConfigFiles } from "./shared-config";
import { loadTargetsFile, parseTargetsFile } from "./targets-file";

const shared: SharedConfigFiles = {
  configFile: { dev: { region: "eu-west-1" }, ops: {}, "sso-session.corp": { sso_region: "us-east-1" } },
  credentialsFile: { ops: { aws_access_key_id: "x", aws_secret_access_key: "y" } },
};
const env = { AWS_CONFIG_FILE: "/etc/aws/config", AWS_SHARED_CREDENTIALS_FILE: "/etc/aws/credentials" };

const EXAMPLE = {
  default: "local",
  targets: [
    { name: "local", region: "us-east-1", endpoints: { kinesis: "http://127.0.0.1:4567", cloudwatch: "http://127.0.0.1:5000" } },
    { name: "dev", profile: "dev", region: "eu-west-1", regions: ["eu-west-1", "eu-central-1"] },
    {
      name: "prod",
      role: { arn: "arn:aws:iam::123456789012:role/ShardscopeRead", externalId: "x-1", sessionName: "shardscope", sourceProfile: "ops", durationSeconds: 3600 },
      region: "us-east-1",
    },
    { name: "aws", region: "eu-west-1", endpoints: { kinesis: "https://kinesis.eu-west-1.amazonaws.com" } },
  ],
};

function problemsOf(file: unknown): string {
  const text = typeof file === "string" ? file : JSON.stringify(file, null, 2);
  try {
    parseTargetsFile(text, "/etc/shardscope/targets.json", env, shared);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected parseTargetsFile to throw");
}

describe("parseTargetsFile", () => {
  it("reads the documented example", () => {
    const setup = parseTargetsFile(JSON.stringify(EXAMPLE), "t.json", env, shared);
    expect(setup.defaultTarget).toBe("local");
    expect(setup.source).toBe("t.json");
    expect(setup.targets).toEqual([
      {
        name: "local",
        kind: "default",
        defaultRegion: "us-east-1",
        endpoints: { kinesis: "http://127.0.0.1:4567", cloudwatch: "http://127.0.0.1:5000" },
        local: true,
      },
      { name: "dev", kind: "profile", profile: "dev", defaultRegion: "eu-west-1", regions: ["eu-west-1", "eu-central-1"], endpoints: {}, local: false },
      {
        name: "prod",
        kind: "role",
        role: {
          arn: "arn:aws:iam::123456789012:role/ShardscopeRead",
          externalId: "x-1",
          sessionName: "shardscope",
          sourceProfile: "ops",
          durationSeconds: 3600,
        },
        defaultRegion: "us-east-1",
        endpoints: {},
        local: false,
      },
      { name: "aws", kind: "default", defaultRegion: "eu-west-1", endpoints: { kinesis: "https://kinesis.eu-west-1.amazonaws.com" }, local: false },
    ]);
  });

  it("takes the first target as the default when none is named, and an explicit `local`", () => {
    const setup = parseTargetsFile(
      JSON.stringify({ targets: [{ name: "a", region: "us-west-2", endpoints: { kinesis: "http://10.0.0.1:4567" }, local: false }] }),
      "t.json",
      env,
      shared,
    );
    expect(setup.defaultTarget).toBe("a");
    expect(setup.targets[0]?.local).toBe(false);
  });

  it("reports every problem at once, each with its place in the file", () => {
    const message = problemsOf({
      default: "nope",
      extra: 1,
      targets: [
        { name: "ok", region: "us-east-1", regon: "x" },
        { name: "ok", region: "eu-west-1", regions: ["eu-central-1"], profile: "dev", role: { arn: "arn:aws:iam::123456789012:role/R" } },
        { name: "bad name!", region: "Europe", endpoints: { kinesis: "ftp://x", s3: "http://x" } },
        {
          name: "r",
          region: "us-east-1",
          role: { arn: "arn:aws:iam::1234:user/me", externalId: "x", sessionName: "has space", durationSeconds: 60, sourceProfile: "ghost", mfa: 1 },
        },
        { name: "p", region: "us-east-1", profile: "missing" },
      ],
    });
    const expected = [
      /^Invalid targets file \/etc\/shardscope\/targets\.json \(SHARDSCOPE_TARGETS_FILE\), \d+ problems:/,
      /the file: unknown key "extra"; the keys allowed here are default, targets/,
      /targets\[0\] \(target "ok"\): unknown key "regon"; the keys allowed here are name, region, regions, profile, role, endpoints, local/,
      /targets\[1\]\.name \(target "ok"\): "ok" is already the name of targets\[0\]; names must be unique/,
      /targets\[1\] \(target "ok"\): has both `profile` and `role`/,
      /targets\[1\]\.regions \(target "ok"\): must include the target's region "eu-west-1"/,
      /targets\[2\]\.name \(target "bad name!"\): must be 1 to 64 letters/,
      /targets\[2\]\.region \(target "bad name!"\): is not an AWS region name/,
      /targets\[2\]\.endpoints\.kinesis \(target "bad name!"\): must be an http:\/\/ or https:\/\/ URL/,
      /targets\[2\]\.endpoints \(target "bad name!"\): unknown key "s3"; the keys allowed here are kinesis, cloudwatch, sts, dynamodb, lambda, firehose, glue/,
      /targets\[3\]\.role\.arn \(target "r"\): must be an IAM role ARN/,
      /targets\[3\]\.role\.externalId \(target "r"\): must be 2 to 1224/,
      /targets\[3\]\.role\.sessionName \(target "r"\): must be 2 to 64/,
      /targets\[3\]\.role\.durationSeconds \(target "r"\): must be at least 900/,
      /targets\[3\]\.role \(target "r"\): unknown key "mfa"/,
      /targets\[3\]\.role\.sourceProfile \(target "r"\): profile "ghost" is not in \/etc\/aws\/config or \/etc\/aws\/credentials/,
      /targets\[4\]\.profile \(target "p"\): profile "missing" is not in \/etc\/aws\/config or \/etc\/aws\/credentials/,
      /default: names no target; the targets are "ok", "bad name!", "r", "p"/,
    ];
    for (const line of expected) expect(message).toMatch(line);
    // One line per problem after the heading, and no more.
    expect(message.split("\n")).toHaveLength(expected.length);
  });

  it("reads masking rules, with `mask` as the default action", () => {
    const masking = {
      rules: [
        { streams: ["payments"], path: "$.card.number" },
        { streams: ["orders-*"], targets: ["prod"], field: "*email*", action: "hash" },
      ],
    };
    const setup = parseTargetsFile(JSON.stringify({ ...EXAMPLE, masking }), "t.json", env, shared);
    expect(setup.masking?.rules).toEqual([
      { streams: ["payments"], path: "$.card.number", action: "mask" },
      { streams: ["orders-*"], targets: ["prod"], field: "*email*", action: "hash" },
    ]);
    expect(parseTargetsFile(JSON.stringify(EXAMPLE), "t.json", env, shared).masking).toBeUndefined();
  });

  it("lists every problem of the masking rules with the rest, each at its place", () => {
    const message = problemsOf({
      ...EXAMPLE,
      masking: {
        rules: [
          { streams: [], path: "card" },
          { streams: ["a b"], field: "x", regex: "y" },
          { streams: ["s"], regex: "(a", colour: "red" },
          { streams: ["s"], targets: ["staging"], field: "email", action: "burn" },
        ],
        mode: "strict",
      },
    });
    expect(message.split("\n").slice(1)).toEqual([
      '  masking.rules[0].streams: must list at least one stream name or glob ("*" for every stream)',
      "  masking.rules[0].path: must start with `$`, like $.card.number or $..email",
      "  masking.rules[1].streams[0]: must be a stream name or a glob of one (letters, digits, _ . - and the wildcards * and ?)",
      "  masking.rules[1]: has `field` and `regex`; give exactly one (write two rules to mask both)",
      '  masking.rules[2]: unknown key "colour"; the keys allowed here are streams, targets, path, field, regex, action',
      "  masking.rules[2].regex: is not a valid regular expression (RE2 syntax): error parsing regexp: missing closing ): `(a`",
      "  masking.rules[3].action: must be one of mask, remove, hash",
      '  masking: unknown key "mode"; the keys allowed here are rules',
      '  masking.rules[3].targets[0]: "staging" matches no target; the targets are "local", "dev", "prod", "aws"',
    ]);
  });

  it("says what a wrongly typed value should be", () => {
    const message = problemsOf({
      targets: [
        { name: "a", region: "us-east-1", regions: "us-east-1", local: "yes", role: { arn: "arn:aws:iam::123456789012:role/R", durationSeconds: 3600.5 } },
      ],
    });
    expect(message).toMatch(/targets\[0\]\.regions \(target "a"\): must be a list/);
    expect(message).toMatch(/targets\[0\]\.local \(target "a"\): must be a boolean/);
    expect(message).toMatch(/targets\[0\]\.role\.durationSeconds \(target "a"\): must be whole seconds/);
    expect(problemsOf({ targets: [] })).toMatch(/targets: must list at least one target/);
    expect(problemsOf({})).toMatch(/targets: must be a list/);
    expect(problemsOf([])).toMatch(/the file: must be an object/);
  });

  it("accepts the ARNs of every partition and rejects malformed ones", () => {
    const ok = (arn: string) => parseTargetsFile(JSON.stringify({ targets: [{ name: "a", region: "us-east-1", role: { arn } }] }), "t", env, shared);
    expect(ok("arn:aws-cn:iam::123456789012:role/path/R").targets[0]?.kind).toBe("role");
    expect(ok("arn:aws-us-gov:iam::123456789012:role/R+=,.@-_").targets[0]?.role?.arn).toBe("arn:aws-us-gov:iam::123456789012:role/R+=,.@-_");
    expect(() => ok("arn:aws:iam::12345678901:role/R")).toThrow(/must be an IAM role ARN/);
    expect(() => ok("arn:aws:sts::123456789012:role/R")).toThrow(/must be an IAM role ARN/);
  });

  it("names the line and column of invalid JSON", () => {
    const message = problemsOf('{\n  "targets": [\n    { "name": "a", }\n  ]\n}');
    expect(message).toMatch(/the file is not valid JSON at line 3, column 20: unexpected "}"/);
    expect(problemsOf('{ "targets": [ }')).toMatch(/the file is not valid JSON at line 1, column 16: unexpected "}"/);
    expect(problemsOf('{ "targets": [')).toMatch(/the file is not valid JSON: it ends before the JSON is complete/);
    expect(problemsOf("  \n")).toMatch(/the file is empty/);
  });
});

describe("loadTargetsFile", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "shardscope-targets-"));

  it("reads the file and the shared AWS files its profiles must be in", async () => {
    const config = path.join(dir, "config");
    writeFileSync(config, "[profile dev]\nregion = eu-west-1\n");
    const file = path.join(dir, "targets.json");
    writeFileSync(file, JSON.stringify({ targets: [{ name: "dev", profile: "dev", region: "eu-west-1" }] }));
    const setup = await loadTargetsFile(file, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none") });
    expect(setup.targets.map((t) => [t.name, t.kind, t.profile])).toEqual([["dev", "profile", "dev"]]);
    await expect(loadTargetsFile(file, { AWS_CONFIG_FILE: path.join(dir, "none"), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none") })).rejects.toThrow(
      /targets\[0\]\.profile \(target "dev"\): profile "dev" is not in/,
    );
  });

  it("says when the file cannot be read", async () => {
    await expect(loadTargetsFile(path.join(dir, "absent.json"), {})).rejects.toThrow(/absent\.json.*\n.*cannot be read: it does not exist/);
    await expect(loadTargetsFile(dir, {})).rejects.toThrow(/cannot be read: it is a directory/);
  });
});
