// Browser-side fetch for Shardscope's API: JSON in, JSON out, and API errors as ApiError with the
// server's code and message, so components can render them without guessing.
import { isApiErrorBody, type ApiErrorCode, type ApiErrorDetail } from "@/lib/http/errors";

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode | "network",
    message: string,
    readonly status: number,
    readonly details?: ApiErrorDetail[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError("network", "Shardscope's server is not answering. Is it still running?", 0);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (isApiErrorBody(body)) throw new ApiError(body.error.code, body.error.message, res.status, body.error.details);
    throw new ApiError("internal", `Request failed with HTTP ${res.status}.`, res.status);
  }
  return body as T;
}

/** Transient failures are worth a retry; a 4xx will fail the same way again. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.code === "network" || error.code === "throttled" || error.code === "endpoint_unreachable");
}
