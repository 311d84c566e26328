// Shows an API error where it happened: what failed, and the server's message a person can act on.
import { ApiError } from "@/lib/queries/fetch-json";

const TITLES: Record<string, string> = {
  no_credentials: "No AWS credentials",
  access_denied: "Access denied",
  not_found: "Not found",
  throttled: "Throttled",
  endpoint_unreachable: "Endpoint unreachable",
  invalid_input: "Invalid input",
  payload_too_large: "Request too large",
  read_only: "Read-only mode",
  forbidden: "Refused",
  network: "Shardscope server unreachable",
  internal: "Unexpected error",
};

export function ErrorPanel({ error, action }: { error: unknown; action: string }) {
  const code = error instanceof ApiError ? error.code : "internal";
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div className="error-panel" role="alert" data-testid="error-panel" data-code={code}>
      <strong>
        Failed to {action}: {TITLES[code] ?? code}
      </strong>
      <span>{message}</span>
    </div>
  );
}
