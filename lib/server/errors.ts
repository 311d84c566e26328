import "server-only";
// Maps whatever the AWS SDK (or the network) throws onto the small set the UI understands, once.
// Messages are written for a person; nothing from a stack or a credential ever leaves here.
import { AppError } from "@/lib/http/errors";
import { log } from "@/lib/server/ops/log";

export { AppError };

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "TimeoutError",
  "RequestTimeout",
]);

const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
]);

const ACCESS_DENIED = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "InvalidClientTokenId",
  "KMSAccessDeniedException",
]);

const EXPIRED_CREDENTIALS = new Set(["ExpiredTokenException", "ExpiredToken", "RequestExpired"]);

const INVALID_INPUT = new Set([
  "InvalidArgumentException",
  "ValidationException",
  "ValidationError",
  "InvalidParameterValue",
  "InvalidParameterCombination",
  "MissingParameter",
  "SerializationException",
]);

// Access keys and session tokens must never reach the browser, even inside an AWS message.
const SECRET_PATTERNS: RegExp[] = [/\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, /[A-Za-z0-9/+=]{100,}/g];

export function scrub(message: string): string {
  return SECRET_PATTERNS.reduce((m, p) => m.replace(p, "[redacted]"), message).slice(0, 500);
}

function networkCode(e: ErrorLike, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  for (const v of [e.code, e.name]) if (typeof v === "string" && NETWORK_CODES.has(v)) return v;
  if (e.cause && typeof e.cause === "object") return networkCode(e.cause as ErrorLike, depth + 1);
  return undefined;
}

export interface MapContext {
  /** e.g. "Kinesis" or "CloudWatch", named in messages. */
  service: string;
  endpoint?: string;
}

export function mapAwsError(error: unknown, ctx: MapContext): AppError {
  if (error instanceof AppError) return error;
  const e: ErrorLike = typeof error === "object" && error !== null ? (error as ErrorLike) : { message: String(error) };
  const name = typeof e.name === "string" ? e.name : "";
  const awsMessage = typeof e.message === "string" ? scrub(e.message) : "";
  const where = ctx.endpoint ?? "the regional AWS endpoint";

  if (name === "CredentialsProviderError" || /could not load credentials/i.test(awsMessage)) {
    return new AppError(
      "no_credentials",
      `No AWS credentials were found for ${ctx.service}. Set AWS_PROFILE (run \`aws sso login\` for SSO) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then reload.`,
    );
  }
  if (EXPIRED_CREDENTIALS.has(name)) {
    return new AppError("no_credentials", `The AWS credentials have expired. Refresh them (for SSO: \`aws sso login\`) and reload.`);
  }
  if (ACCESS_DENIED.has(name)) {
    return new AppError("access_denied", `Access denied by ${ctx.service}: ${awsMessage || name}`);
  }
  if (name === "ResourceNotFoundException") {
    return new AppError("not_found", awsMessage || `Not found in ${ctx.service}.`);
  }
  if (THROTTLING.has(name)) {
    return new AppError("throttled", `${ctx.service} is throttling requests (${name}). Wait a few seconds and retry; other consumers share these limits.`);
  }
  const net = networkCode(e);
  if (net) {
    return new AppError("endpoint_unreachable", `Cannot reach ${ctx.service} at ${where} (${net}). Check the endpoint setting and your network.`);
  }
  if (INVALID_INPUT.has(name)) {
    return new AppError("invalid_input", awsMessage || `${ctx.service} rejected the request as invalid.`);
  }
  if (e.$metadata?.httpStatusCode === 404) {
    return new AppError("not_found", awsMessage || `Not found in ${ctx.service}.`);
  }
  // Unknown: log the detail on the server, tell the browser only what is safe.
  log().error({ err: error }, `unexpected ${ctx.service} error`);
  return new AppError("internal", `${ctx.service} request failed unexpectedly (${name || "unknown error"}).`);
}
