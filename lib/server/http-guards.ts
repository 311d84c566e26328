// Checks on a request's path and method that must run before Next routes it, called from the
// proxy (proxy.ts). Pure: a URL path and a method in, a refusal (or nothing) out.
//
// Next decodes dynamic path segments itself while matching routes: a malformed percent-encoding
// (`/api/streams/%ZZ`) throws inside its router and becomes a plain-text 500, before any route of
// ours runs. Methods Next does not route (TRACE, CONNECT …) also end in a plain-text 500.

/** The methods Next hands to route handlers and pages. */
const ROUTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]);

export interface GuardRefusal {
  status: number;
  /** For /api paths: the JSON error body. */
  api: boolean;
  code: "invalid_input" | "method_not_allowed";
  message: string;
}

function isApi(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/** The first malformed `%` escape of a path (`%ZZ`, `%E0%A4` cut short, `%`), if any. */
export function malformedEscape(path: string): string | undefined {
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    // Decode segment by segment to name the culprit.
    for (const segment of path.split("/")) {
      try {
        decodeURIComponent(segment);
      } catch {
        return segment.length > 60 ? `${segment.slice(0, 60)}…` : segment;
      }
    }
    return path.slice(0, 60);
  }
}

/** A refusal for a request Next itself would turn into a plain-text 500; undefined for the rest. */
export function checkPathAndMethod(path: string, method: string): GuardRefusal | undefined {
  const api = isApi(path);
  const bad = malformedEscape(path);
  if (bad !== undefined) {
    return {
      status: 400,
      api,
      code: "invalid_input",
      message: `The address is not valid: “${bad}” is not valid percent-encoding (a % must be followed by two hexadecimal digits, and the bytes must be UTF-8). Encode names with encodeURIComponent.`,
    };
  }
  if (!ROUTED_METHODS.has(method.toUpperCase())) {
    return { status: 405, api, code: "method_not_allowed", message: `${method} is not a method Shardscope answers.` };
  }
  return undefined;
}

/** The response for a refusal: the API's JSON error, or a short plain-text page for a person. */
export function refusalResponse(r: GuardRefusal): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (r.code === "method_not_allowed") headers.allow = [...ROUTED_METHODS].sort().join(", ");
  if (r.api) {
    return Response.json({ error: { code: r.code, message: r.message } }, { status: r.status, headers });
  }
  const title = r.status === 400 ? "Bad request" : "Method not allowed";
  return new Response(`${title}\n\n${r.message}\n\nGo to the stream list: /\n`, {
    status: r.status,
    headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
  });
}
