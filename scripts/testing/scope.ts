// The scope tests run in: without a targets file, the server discovers one target, "default", in
// the region the integration setup sets (AWS_REGION), and serves today's short paths from it.
import { LOCAL_REGION } from "../lib/kinesis-client";

export const TEST_SCOPE = { target: "default", region: LOCAL_REGION } as const;

/** The context Next hands a route under app/api/t/[target]/[region]/. */
export const scopeCtx = (scope: { target: string; region: string } = TEST_SCOPE) => ({ params: Promise.resolve({ ...scope }) });

/** The context Next hands a route under app/api/t/[target]/[region]/streams/[name]/. */
export const streamCtx = (name: string, scope: { target: string; region: string } = TEST_SCOPE) => ({ params: Promise.resolve({ ...scope, name }) });

/** The API prefix of the test scope. */
export const TEST_API = `/api/t/${TEST_SCOPE.target}/${TEST_SCOPE.region}`;

/**
 * A scope of its own for a test that must reach Kinesis through something in between (a fault
 * proxy), or a service at an endpoint of its own (a Lambda nobody answers): the app's own
 * clients, caches and readers, pointed at those endpoints.
 */
export async function scopeAt(
  endpoints: Partial<Record<"kinesis" | "cloudwatch" | "sts" | "dynamodb" | "lambda" | "firehose" | "glue", string>>,
  name = "test-endpoint",
): Promise<import("@/lib/server/targets/scope").Scope> {
  const { Scope } = await import("@/lib/server/targets/scope");
  return new Scope({ name, kind: "default", defaultRegion: LOCAL_REGION, endpoints, local: true }, LOCAL_REGION, undefined);
}
