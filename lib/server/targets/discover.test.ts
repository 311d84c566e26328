import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverTargets } from "./discover";

const dir = mkdtempSync(path.join(tmpdir(), "shardscope-discover-"));
const config = path.join(dir, "config");
const credentials = path.join(dir, "credentials");
writeFileSync(
  config,
  [
    "[default]",
    "region = eu-north-1",
    "[profile dev]",
    "region = eu-west-1",
    "[profile sso-user]",
    "sso_session = corp",
    "sso_account_id = 123456789012",
    "sso_role_name = Read",
    "[sso-session corp]",
    "sso_start_url = https://corp.awsapps.com/start",
    "sso_region = us-east-1",
    "[services local-endpoints]",
    "kinesis =",
    "  endpoint_url = http://127.0.0.1:1",
    "[profile has:colon]",
    "region = us-west-2",
  ].join("\n"),
);
writeFileSync(credentials, "[ops]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n");

let savedImds: string | undefined;
beforeEach(() => {
  // No instance metadata lookups from the region chain's last resort.
  savedImds = process.env.AWS_EC2_METADATA_DISABLED;
  process.env.AWS_EC2_METADATA_DISABLED = "true";
});
afterEach(() => {
  if (savedImds === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
  else process.env.AWS_EC2_METADATA_DISABLED = savedImds;
});

describe("discoverTargets", () => {
  it("offers the default chain and one target per profile, skipping what cannot be a target", async () => {
    const lines: string[] = [];
    const setup = await discoverTargets(
      { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_REGION: "ap-south-1", AWS_ENDPOINT_URL_KINESIS: "http://127.0.0.1:4567" },
      { log: (l) => lines.push(l) },
    );
    expect(setup.defaultTarget).toBe("default");
    expect(setup.source).toBe("discovered");
    const endpoints = { kinesis: "http://127.0.0.1:4567" };
    expect(setup.targets).toEqual([
      { name: "default", kind: "default", defaultRegion: "ap-south-1", endpoints, local: true },
      { name: "dev", kind: "profile", profile: "dev", defaultRegion: "eu-west-1", endpoints, local: true },
      { name: "sso-user", kind: "profile", profile: "sso-user", defaultRegion: "ap-south-1", endpoints, local: true },
      { name: "ops", kind: "profile", profile: "ops", defaultRegion: "ap-south-1", endpoints, local: true },
    ]);
    expect(lines).toEqual([expect.stringMatching(/Profile "has:colon" is not offered as a target/)]);
  });

  it("takes the region from the active profile, then us-east-1 with a warning", async () => {
    const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
    const fromDefault = await discoverTargets(files, { log: () => {} });
    expect(fromDefault.targets[0]?.defaultRegion).toBe("eu-north-1");
    const fromDev = await discoverTargets({ ...files, AWS_PROFILE: "dev" }, { log: () => {} });
    expect(fromDev.targets[0]?.defaultRegion).toBe("eu-west-1");
    const lines: string[] = [];
    const none = await discoverTargets(
      { AWS_CONFIG_FILE: path.join(dir, "none"), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none") },
      { log: (l) => lines.push(l) },
    );
    expect(none.targets).toEqual([{ name: "default", kind: "default", defaultRegion: "us-east-1", endpoints: {}, local: false }]);
    expect(lines).toEqual([expect.stringMatching(/No AWS region is set.*us-east-1/)]);
  });

  it("reads the endpoint variables as the SDK does, and SHARDSCOPE_LOCAL_EMULATOR", async () => {
    const none = { AWS_CONFIG_FILE: path.join(dir, "none"), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"), AWS_REGION: "us-east-1" };
    const all = await discoverTargets({ ...none, AWS_ENDPOINT_URL: "http://localhost:4566", AWS_ENDPOINT_URL_CLOUDWATCH: "http://127.0.0.1:5000" });
    expect(all.targets[0]?.endpoints).toEqual({
      kinesis: "http://localhost:4566",
      cloudwatch: "http://127.0.0.1:5000",
      sts: "http://localhost:4566",
      dynamodb: "http://localhost:4566",
      lambda: "http://localhost:4566",
      firehose: "http://localhost:4566",
      glue: "http://localhost:4566",
    });
    const ignored = await discoverTargets({ ...none, AWS_ENDPOINT_URL: "http://localhost:4566", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" });
    expect(ignored.targets[0]).toMatchObject({ endpoints: {}, local: false });
    const forced = await discoverTargets({ ...none, SHARDSCOPE_LOCAL_EMULATOR: "1" });
    expect(forced.targets[0]?.local).toBe(true);
    const aws = await discoverTargets({ ...none, AWS_ENDPOINT_URL_KINESIS: "https://kinesis.us-east-1.amazonaws.com" });
    expect(aws.targets[0]?.local).toBe(false);
  });
});
