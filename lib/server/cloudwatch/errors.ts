import "server-only";
// Every CloudWatch failure goes through here, so the UI always names CloudWatch and its endpoint.
import { getConfig } from "@/lib/server/config";
import { AppError, mapAwsError } from "@/lib/server/errors";

export function cloudwatchError(error: unknown): AppError {
  return mapAwsError(error, { service: "CloudWatch", endpoint: getConfig().cloudwatchEndpoint });
}

/** How many HTTP requests an SDK call made, retries included, for the usage counter. */
export function attemptsOf(outputOrError: unknown): number {
  const attempts = (outputOrError as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}
