import "server-only";
// Endpoint overrides from the environment, read as the SDK reads them: AWS_ENDPOINT_URL_<SERVICE>
// first, then AWS_ENDPOINT_URL, none at all when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true
// (@smithy/core's getEndpointUrlConfig and getIgnoreConfiguredEndpointUrls).
import { ENDPOINT_SERVICES, type TargetConfig } from "./target-config";

export function endpointsFromEnv(env: Record<string, string | undefined>): TargetConfig["endpoints"] {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true") return {};
  const endpoints: TargetConfig["endpoints"] = {};
  for (const service of ENDPOINT_SERVICES) {
    const url = env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] || env.AWS_ENDPOINT_URL;
    if (url) endpoints[service] = url;
  }
  return endpoints;
}
