import "server-only";
// PROVISIONAL (replaced by the targets-config branch).
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { TargetConfig } from "./target-config";

export function credentialsFor(_t: TargetConfig, _region: string): AwsCredentialIdentityProvider | undefined {
  return undefined;
}
