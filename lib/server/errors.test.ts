import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, mapAwsError, scrub } from "./errors";
import { log } from "@/lib/server/ops/log";

const kinesis = { service: "Kinesis", endpoint: "http://127.0.0.1:4567" };

/** What the SDK throws: an Error whose name is the AWS error code. */
function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } }, extra);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("mapAwsError", () => {
  it("maps a missing credential chain to no_credentials with the way to fix it", () => {
    const e = mapAwsError(awsError("CredentialsProviderError", "Could not load credentials from any providers"), kinesis);
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("no_credentials");
    expect(e.status).toBe(401);
    expect(e.message).toBe(
      "No AWS credentials were found for Kinesis. Set AWS_PROFILE (run `aws sso login` for SSO) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then reload.",
    );
  });

  it("recognises the credential message even when the error has another name", () => {
    expect(mapAwsError(new Error("Could not load credentials from any providers"), kinesis).code).toBe("no_credentials");
  });

  it("maps ExpiredTokenException to no_credentials telling the user to refresh", () => {
    const e = mapAwsError(awsError("ExpiredTokenException", "The security token included in the request is expired"), kinesis);
    expect(e.code).toBe("no_credentials");
    expect(e.message).toBe("The AWS credentials have expired. Refresh them (for SSO: `aws sso login`) and reload.");
  });

  it("maps AccessDeniedException to access_denied, keeping AWS's explanation", () => {
    const e = mapAwsError(
      awsError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/ann is not authorized to perform: kinesis:ListStreams"),
      kinesis,
    );
    expect(e.code).toBe("access_denied");
    expect(e.status).toBe(403);
    expect(e.message).toBe("Access denied by Kinesis: User: arn:aws:iam::123456789012:user/ann is not authorized to perform: kinesis:ListStreams");
  });

  it("names the error when an access-denied error has no message", () => {
    expect(mapAwsError(awsError("UnrecognizedClientException", ""), kinesis).message).toBe("Access denied by Kinesis: UnrecognizedClientException");
  });

  it("maps ResourceNotFoundException to not_found with AWS's message", () => {
    const e = mapAwsError(awsError("ResourceNotFoundException", "Stream nope under account 123456789012 not found."), kinesis);
    expect(e.code).toBe("not_found");
    expect(e.status).toBe(404);
    expect(e.message).toBe("Stream nope under account 123456789012 not found.");
  });

  it("maps a bare HTTP 404 to not_found", () => {
    const e = mapAwsError({ name: "UnknownError", message: "", $metadata: { httpStatusCode: 404 } }, kinesis);
    expect(e.code).toBe("not_found");
    expect(e.message).toBe("Not found in Kinesis.");
  });

  it.each(["ProvisionedThroughputExceededException", "LimitExceededException", "ThrottlingException"])("maps %s to throttled", (name) => {
    const e = mapAwsError(awsError(name, "Rate exceeded for shard shardId-000000000000"), kinesis);
    expect(e.code).toBe("throttled");
    expect(e.status).toBe(429);
    expect(e.message).toBe(`Kinesis is throttling requests (${name}). Wait a few seconds and retry; other consumers share these limits.`);
  });

  it("maps ECONNREFUSED in the cause to endpoint_unreachable naming the endpoint", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4567"), { code: "ECONNREFUSED" });
    const e = mapAwsError(Object.assign(new Error("socket hang up"), { cause: refused }), kinesis);
    expect(e.code).toBe("endpoint_unreachable");
    expect(e.status).toBe(502);
    expect(e.message).toBe("Cannot reach Kinesis at http://127.0.0.1:4567 (ECONNREFUSED). Check the endpoint setting and your network.");
  });

  it("finds a network code a few causes deep and names the regional endpoint when none is set", () => {
    const deep = { name: "Error", cause: { name: "Error", cause: { code: "ENOTFOUND" } } };
    const e = mapAwsError(deep, { service: "CloudWatch" });
    expect(e.code).toBe("endpoint_unreachable");
    expect(e.message).toBe("Cannot reach CloudWatch at the regional AWS endpoint (ENOTFOUND). Check the endpoint setting and your network.");
  });

  it("maps an SDK TimeoutError to endpoint_unreachable", () => {
    expect(mapAwsError(awsError("TimeoutError", "Connection timed out after 3000 ms"), kinesis).code).toBe("endpoint_unreachable");
  });

  it("maps InvalidArgumentException to invalid_input with AWS's message", () => {
    const e = mapAwsError(awsError("InvalidArgumentException", "StartingSequenceNumber 12 used in GetShardIterator is invalid."), kinesis);
    expect(e.code).toBe("invalid_input");
    expect(e.status).toBe(400);
    expect(e.message).toBe("StartingSequenceNumber 12 used in GetShardIterator is invalid.");
  });

  it("maps an unknown error to internal without its message or stack", () => {
    const logError = vi.spyOn(log(), "error").mockImplementation(() => {});
    const error = Object.assign(new Error("db password is hunter2 at /srv/app/secret.ts:12"), { name: "WeirdServiceError" });
    const e = mapAwsError(error, kinesis);
    expect(e.code).toBe("internal");
    expect(e.status).toBe(500);
    expect(e.message).toBe("Kinesis request failed unexpectedly (WeirdServiceError).");
    expect(JSON.stringify(e.toBody())).toBe(
      JSON.stringify({ error: { code: "internal", message: "Kinesis request failed unexpectedly (WeirdServiceError)." } }),
    );
    // The detail goes to the server log only.
    expect(logError).toHaveBeenCalledWith({ err: error }, "unexpected Kinesis error");
  });

  it("maps a thrown non-error to internal", () => {
    vi.spyOn(log(), "error").mockImplementation(() => {});
    const e = mapAwsError("something odd", kinesis);
    expect(e.code).toBe("internal");
    expect(e.message).toBe("Kinesis request failed unexpectedly (unknown error).");
  });

  it("returns an AppError unchanged", () => {
    const original = new AppError("invalid_input", "The cursor belongs to another stream or shard.");
    expect(mapAwsError(original, kinesis)).toBe(original);
  });

  it("removes access keys from AWS messages it passes on", () => {
    const e = mapAwsError(awsError("AccessDeniedException", "The key AKIAIOSFODNN7EXAMPLE is not allowed to call kinesis:GetRecords"), kinesis);
    expect(e.message).toBe("Access denied by Kinesis: The key [redacted] is not allowed to call kinesis:GetRecords");
  });
});

describe("scrub", () => {
  it("removes AKIA and ASIA access key ids", () => {
    expect(scrub("keys AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A used")).toBe("keys [redacted] and [redacted] used");
  });

  it("removes long token-like runs such as session tokens", () => {
    const token = "IQoJb3JpZ2luX2VjE" + "A".repeat(120) + "/+=";
    expect(scrub(`token ${token} rejected`)).toBe("token [redacted] rejected");
  });

  it("leaves ordinary messages alone", () => {
    expect(scrub("Stream orders under account 123456789012 not found.")).toBe("Stream orders under account 123456789012 not found.");
  });

  it("caps the message at 500 characters", () => {
    expect(scrub("word ".repeat(200))).toHaveLength(500);
  });
});
