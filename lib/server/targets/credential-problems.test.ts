import { CredentialsProviderError, TokenProviderError } from "@smithy/core/config";
import { describe, expect, it } from "vitest";
import { credentialProblem } from "./credential-problems";
import { TargetCredentialsError } from "./credentials";
import type { SharedConfigFiles } from "./shared-config";
import type { TargetConfig } from "./target-config";

const shared: SharedConfigFiles = {
  configFile: {
    corp: { sso_session: "corp", sso_account_id: "123456789012" },
    legacy: { sso_start_url: "https://x.awsapps.com/start" },
    dev: { region: "eu-west-1" },
  },
  credentialsFile: { dev: { aws_access_key_id: "AKIDEXAMPLE", aws_secret_access_key: "x" } },
};
const profile = (p: string): TargetConfig => ({ name: `t-${p}`, kind: "profile", profile: p, defaultRegion: "us-east-1", endpoints: {}, local: false });
const ARN = "arn:aws:iam::123456789012:role/ShardscopeRead";
const role = (sourceProfile?: string): TargetConfig => ({
  name: "prod",
  kind: "role",
  role: { arn: ARN, ...(sourceProfile ? { sourceProfile } : {}) },
  defaultRegion: "us-east-1",
  endpoints: {},
  local: false,
});
const chain: TargetConfig = { name: "default", kind: "default", defaultRegion: "us-east-1", endpoints: {}, local: false };
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("credentialProblem", () => {
  it("tells an SSO profile to sign in again", () => {
    const expired = new TargetCredentialsError("t-corp", new TokenProviderError("Token is expired. To refresh this SSO session run 'aws sso login'"));
    expect(credentialProblem(profile("corp"), expired, shared)).toBe(
      "The SSO session for profile corp (target t-corp) has expired or was never started. Run `aws sso login --profile corp`, then reload.",
    );
    expect(credentialProblem(profile("legacy"), awsError("ExpiredTokenException", "The security token included in the request is expired"), shared)).toMatch(
      /aws sso login --profile legacy/,
    );
    // Without the shared files, the SDK's own wording tells.
    expect(
      credentialProblem(
        profile("corp"),
        new TargetCredentialsError("t-corp", new CredentialsProviderError("The SSO session associated with this profile has expired.")),
      ),
    ).toMatch(/aws sso login --profile corp/);
  });

  it("tells a plain profile which file to fix", () => {
    const m = credentialProblem(profile("dev"), awsError("UnrecognizedClientException", "The security token included in the request is invalid."), shared);
    expect(m).toMatch(
      /^Target t-dev could not get credentials from profile dev: The security token included in the request is invalid\. Fix the keys of profile "dev"/,
    );
    expect(m).toMatch(/aws_access_key_id and aws_secret_access_key in .*credentials/);
    expect(
      credentialProblem(profile("gone"), new TargetCredentialsError("t-gone", new CredentialsProviderError("Profile gone was not found.")), shared),
    ).toMatch(/Add a \[gone\] section to .*credentials \(keys\) or a \[profile gone\] section to .*config/);
  });

  it("names the role, the target and the source's fix when a role cannot be assumed", () => {
    const refused = awsError("AccessDenied", "User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole on resource: " + ARN);
    const m = credentialProblem(role("dev"), new TargetCredentialsError("prod", refused), shared);
    expect(m).toMatch(new RegExp(`^Shardscope could not assume ${ARN} for target prod: User: .* is not authorized to perform: sts:AssumeRole`));
    expect(m).toMatch(/Fix the keys of profile "dev".*Profile "dev" must also be allowed sts:AssumeRole/);
    expect(credentialProblem(role("corp"), new TargetCredentialsError("prod", new TokenProviderError("Token is expired.")), shared)).toMatch(
      /aws sso login --profile corp/,
    );
    expect(
      credentialProblem(role(), new TargetCredentialsError("prod", new CredentialsProviderError("Could not load credentials from any providers")), shared),
    ).toMatch(/default credential chain supplies .* Set AWS_PROFILE/);
  });

  it("tells the default chain how to get credentials, and scrubs keys out of AWS text", () => {
    const m = credentialProblem(chain, awsError("InvalidClientTokenId", "The key AKIAIOSFODNN7EXAMPLE is not valid"));
    expect(m).toMatch(
      /^Target default \(the default credential chain\) has no usable credentials: The key \[redacted\] is not valid\. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID/,
    );
    expect(m).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });

  it("leaves every other error alone", () => {
    expect(credentialProblem(chain, awsError("ResourceNotFoundException", "Stream x not found"))).toBeUndefined();
    expect(credentialProblem(profile("dev"), Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), shared)).toBeUndefined();
    expect(credentialProblem(chain, awsError("AccessDeniedException", "not authorized to perform kinesis:ListStreams"))).toBeUndefined();
    expect(credentialProblem(chain, "boom")).toBeUndefined();
  });
});
