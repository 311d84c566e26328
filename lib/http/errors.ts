// The small set of errors the UI understands. Shared by server (which maps AWS errors onto it)
// and browser (which renders it); no AWS types here.

export const API_ERROR_CODES = [
  "no_credentials",
  "access_denied",
  "not_found",
  "throttled",
  "endpoint_unreachable",
  "invalid_input",
  "payload_too_large",
  "read_only",
  "forbidden",
  "method_not_allowed",
  "internal",
  "unavailable",
  "unauthenticated",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** One specific problem behind an error, e.g. a bad record in a batch (`index` is 0-based). */
export interface ApiErrorDetail {
  index?: number;
  field?: string;
  message: string;
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: ApiErrorDetail[] };
}

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  no_credentials: 401,
  access_denied: 403,
  not_found: 404,
  throttled: 429,
  endpoint_unreachable: 502,
  invalid_input: 400,
  payload_too_large: 413,
  read_only: 403,
  forbidden: 403,
  method_not_allowed: 405,
  internal: 500,
  unavailable: 503,
  unauthenticated: 401,
};

/** Marks every AppError, whichever copy of this module made it. */
const APP_ERROR = Symbol.for("shardscope.AppError");

/** An error with a message a person can act on; safe to send to the browser as is. */
export class AppError extends Error {
  /**
   * Next bundles server code once per route and page, each with its own copy of this class, while
   * objects cached on `globalThis` (a target's scope and its clients) are shared by all: an
   * AppError made by a page's copy must still be one for a route's. So `instanceof` checks the mark.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
  }

  readonly [APP_ERROR] = true;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorDetail[],
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const e = (value as { error: unknown }).error;
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" && typeof (e as { message?: unknown }).message === "string";
}
