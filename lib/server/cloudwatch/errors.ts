import "server-only";
// Every CloudWatch failure goes through here, so the UI always names CloudWatch and its endpoint.
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import type { Scope } from "@/lib/server/targets/scope";

export const CLOUDWATCH_DISABLED_MESSAGE =
  "CloudWatch is turned off on this server (SHARDSCOPE_CLOUDWATCH_DISABLED; the demo sets it when moto is not installed). Live metrics observed by Shardscope still work.";

/** Refuses before any call when CloudWatch is turned off, with a message that says so. */
export function assertCloudWatchEnabled(): void {
  if (getConfig().cloudwatchDisabled) throw new AppError("endpoint_unreachable", CLOUDWATCH_DISABLED_MESSAGE);
}

export function cloudwatchError(scope: Scope, error: unknown): AppError {
  return scope.awsError("CloudWatch", error);
}

/** How many HTTP requests an SDK call made, retries included, for the usage counter. */
export function attemptsOf(outputOrError: unknown): number {
  const attempts = (outputOrError as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}
