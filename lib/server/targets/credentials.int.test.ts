// Credentials per target against real services: roles assumed through moto's STS (from a profile
// of temporary shared AWS files), a role_arn + source_profile chain resolved by the SDK's ini
// provider, the assumed credentials used against kinesis-local, and the sentences a person reads
// when an SSO session was never started or STS cannot be reached.
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { credentialProblem } from "./credential-problems";
import { credentialsFor, type CredentialsProvider } from "./credentials";
import { readSharedConfig } from "./shared-config";
import type { TargetConfig } from "./target-config";
import { loadTargetsFile } from "./targets-file";

const moto = inject("motoEndpoint");
const kinesisEu = inject("kinesisEndpointEu");
const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ShardscopeRead`;
const CHAINED_ROLE = `arn:aws:iam::${ACCOUNT}:role/ChainedRead`;

const dir = mkdtempSync(path.join(tmpdir(), "shardscope-creds-"));
const ENV = {
  AWS_CONFIG_FILE: path.join(dir, "config"),
  AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "credentials"),
  // No SSO token cache (~/.aws/sso/cache) but this empty one.
  HOME: dir,
  AWS_EC2_METADATA_DISABLED: "true",
};
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  writeFileSync(
    ENV.AWS_CONFIG_FILE,
    [
      "[profile ops]",
      "region = us-east-1",
      "[profile chained]",
      `role_arn = ${CHAINED_ROLE}`,
      "source_profile = ops",
      "role_session_name = chained-session",
      "[profile sso-dev]",
      "sso_session = corp",
      `sso_account_id = ${ACCOUNT}`,
      "sso_role_name = Read",
      "region = us-east-1",
      "[sso-session corp]",
      "sso_start_url = https://corp.awsapps.com/start",
      "sso_region = us-east-1",
    ].join("\n"),
  );
  writeFileSync(ENV.AWS_SHARED_CREDENTIALS_FILE, "[ops]\naws_access_key_id = AKIDOPSEXAMPLE\naws_secret_access_key = ops-secret\n");
  // process.env is shared by every file of this worker: put back what we change.
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

const roleTarget = (over: Partial<TargetConfig> = {}): TargetConfig => ({
  name: "prod",
  kind: "role",
  role: { arn: ROLE, sourceProfile: "ops" },
  defaultRegion: "us-east-1",
  endpoints: { sts: moto, kinesis: kinesisEu },
  local: false,
  ...over,
});

async function callerArn(credentials: CredentialsProvider): Promise<string | undefined> {
  const sts = new STSClient({ endpoint: moto, region: "us-east-1", credentials });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

describe("credentialsFor against moto's STS and kinesis-local", () => {
  it("assumes a role with a profile's keys, and the assumed credentials reach Kinesis", async () => {
    const credentials = credentialsFor(roleTarget(), "us-east-1");
    if (!credentials) throw new Error("a role target must have a credentials provider");
    const identity = await credentials();
    expect(identity.accessKeyId).not.toBe("AKIDOPSEXAMPLE");
    expect(identity.sessionToken).toBeTruthy();
    expect(identity.expiration?.getTime()).toBeGreaterThan(Date.now());
    expect(await callerArn(credentials)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ShardscopeRead/shardscope`);
    // One AssumeRole for many calls: the provider hands out the same credentials until they near expiry.
    expect((await credentials()).accessKeyId).toBe(identity.accessKeyId);

    const kinesis = new KinesisClient({ endpoint: kinesisEu, region: "us-east-1", credentials });
    const name = `creds-${Date.now()}`;
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    const { StreamNames } = await kinesis.send(new ListStreamsCommand({}));
    expect(StreamNames).toContain(name);
  });

  it("names the session and passes the external id and duration", async () => {
    const credentials = credentialsFor(
      roleTarget({ role: { arn: ROLE, sourceProfile: "ops", sessionName: "on-call", externalId: "ext-123", durationSeconds: 900 } }),
      "us-east-1",
    );
    if (!credentials) throw new Error("a role target must have a credentials provider");
    const identity = await credentials();
    expect(await callerArn(credentials)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ShardscopeRead/on-call`);
    // moto honours DurationSeconds: 15 minutes, give or take the clock.
    const lifetime = (identity.expiration?.getTime() ?? 0) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000 + 5_000);
  });

  it("resolves a role_arn + source_profile profile through the SDK's ini provider", async () => {
    const target: TargetConfig = { name: "chained", kind: "profile", profile: "chained", defaultRegion: "us-east-1", endpoints: { sts: moto }, local: false };
    const credentials = credentialsFor(target, "us-east-1");
    if (!credentials) throw new Error("a profile target must have a credentials provider");
    expect(await callerArn(credentials)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ChainedRead/chained-session`);
  });

  it("finds the STS endpoint in AWS_ENDPOINT_URL_STS when the target names none, as the SDK does", async () => {
    const before = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = moto;
    try {
      const target: TargetConfig = { name: "chained", kind: "profile", profile: "chained", defaultRegion: "us-east-1", endpoints: {}, local: false };
      const credentials = credentialsFor(target, "us-east-1");
      if (!credentials) throw new Error("a profile target must have a credentials provider");
      expect(await callerArn(credentials)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ChainedRead/chained-session`);
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = before;
    }
  });

  it("tells an SSO profile with no session to run aws sso login", async () => {
    const target: TargetConfig = { name: "dev", kind: "profile", profile: "sso-dev", defaultRegion: "us-east-1", endpoints: { sts: moto }, local: false };
    const credentials = credentialsFor(target, "us-east-1");
    if (!credentials) throw new Error("a profile target must have a credentials provider");
    const error = await credentials().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(credentialProblem(target, error, await readSharedConfig())).toBe(
      "The SSO session for profile sso-dev (target dev) has expired or was never started. Run `aws sso login --profile sso-dev`, then reload.",
    );
    // The same error reaches a Kinesis call that signs with these credentials.
    const kinesis = new KinesisClient({ endpoint: kinesisEu, region: "us-east-1", credentials, maxAttempts: 1 });
    const fromCall = await kinesis.send(new ListStreamsCommand({})).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(credentialProblem(target, fromCall, await readSharedConfig())).toMatch(/aws sso login --profile sso-dev/);
  });

  it("names the target and the role when STS cannot be reached, and other targets keep working", async () => {
    const broken = roleTarget({ name: "prod-broken", endpoints: { sts: "http://127.0.0.1:1", kinesis: kinesisEu } });
    const credentials = credentialsFor(broken, "us-east-1");
    if (!credentials) throw new Error("a role target must have a credentials provider");
    const kinesis = new KinesisClient({ endpoint: kinesisEu, region: "us-east-1", credentials, maxAttempts: 1 });
    const error = await kinesis.send(new ListStreamsCommand({})).then(
      () => undefined,
      (e: unknown) => e,
    );
    const message = credentialProblem(broken, error, await readSharedConfig());
    expect(message).toMatch(new RegExp(`^Shardscope could not assume ${ROLE} for target prod-broken: .*ECONNREFUSED`));
    expect(message).toMatch(/profile "ops"/);
    // A good target next to it is not affected.
    const good = credentialsFor(roleTarget(), "us-east-1");
    if (!good) throw new Error("a role target must have a credentials provider");
    expect(await callerArn(good)).toMatch(/assumed-role\/ShardscopeRead\/shardscope$/);
  });

  it("loads two targets from a targets file, each with its own endpoint and region", async () => {
    const file = path.join(dir, "targets.json");
    writeFileSync(
      file,
      JSON.stringify({
        default: "local",
        targets: [
          { name: "local", region: "us-east-1", endpoints: { kinesis: inject("kinesisEndpoint") } },
          { name: "local-eu", region: "eu-west-1", role: { arn: ROLE, sourceProfile: "ops" }, endpoints: { kinesis: kinesisEu, sts: moto } },
        ],
      }),
    );
    const setup = await loadTargetsFile(file);
    expect(setup.targets.map((t) => [t.name, t.kind, t.defaultRegion, t.local])).toEqual([
      ["local", "default", "us-east-1", true],
      ["local-eu", "role", "eu-west-1", true],
    ]);
    const eu = setup.targets[1];
    if (!eu) throw new Error("two targets expected");
    expect(credentialsFor(setup.targets[0] as TargetConfig, "us-east-1")).toBeUndefined();
    const credentials = credentialsFor(eu, eu.defaultRegion);
    if (!credentials) throw new Error("a role target must have a credentials provider");
    expect(await callerArn(credentials)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ShardscopeRead/shardscope`);
  });
});
