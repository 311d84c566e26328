import "server-only";
// What every write request passes before it is acted on: the server is not read-only, the request
// comes from Shardscope's own pages (not another site riding on the user's browser), and its body
// is JSON of bounded size. The order matters: read-only refuses before anything is read.
import { AppError } from "@/lib/server/errors";
import { getConfig } from "@/lib/server/config";
import { addressedHosts, hostPolicyFromEnv, isAllowedHost, type HostPolicy } from "@/lib/server/host-policy";
import { checkJson } from "@/lib/put/json-check";
import { requireRole } from "@/lib/server/auth/identity";

/** SHARDSCOPE_READ_ONLY=1 refuses every write, whatever the request. */
export function assertWritable(readOnly = getConfig().readOnly): void {
  if (readOnly) {
    throw new AppError("read_only", "This Shardscope server is read-only (SHARDSCOPE_READ_ONLY is set), so it writes nothing.");
  }
}

/**
 * Refuses requests a browser sent on behalf of another site. Browsers mark every POST with
 * Sec-Fetch-Site and/or Origin; both must say it came from this very origin. A request with
 * neither comes from a script or curl, which no other site can make a browser send, so it passes.
 * `same-site` is refused too: another port on the same host is a different application.
 *
 * The Origin must name an allowed host (loopback on the listening port, or
 * SHARDSCOPE_ALLOWED_HOSTS), never merely whatever the request's Host says: after a DNS rebinding
 * a hostile page sends `Host: evil.example:PORT` and `Origin: http://evil.example:PORT`, which
 * agree with each other. And it must be the host the browser addressed (Host, or an allowed
 * X-Forwarded-Host from a reverse proxy): a page on http://localhost:PORT posting to
 * http://127.0.0.1:PORT is another origin, although both names are allowed.
 */
export function checkSameOrigin(headers: Headers, policy: HostPolicy = currentHostPolicy()): string | undefined {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") {
    return `Refused a ${fetchSite} request: writes are accepted only from Shardscope's own pages.`;
  }
  const origin = headers.get("origin");
  if (origin === null) return undefined;
  let originHost: string;
  try {
    const u = new URL(origin);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http");
    originHost = u.host.toLowerCase();
  } catch {
    return `Refused a request from origin "${origin.slice(0, 100)}": writes are accepted only from Shardscope's own pages.`;
  }
  // Behind a reverse proxy the browser's host arrives as X-Forwarded-Host; it counts only when it
  // is itself an allowed host (a same-origin page after a rebinding could set it to anything).
  if (!isAllowedHost(originHost, policy) || !addressedHosts(headers, policy).includes(originHost)) {
    return `Refused a request from ${origin.slice(0, 100)}: writes are accepted only from Shardscope's own pages.`;
  }
  return undefined;
}

/** This server's hosts: loopback on the port `next start` listens on, plus SHARDSCOPE_ALLOWED_HOSTS. */
export function currentHostPolicy(): HostPolicy {
  return { port: hostPolicyFromEnv(process.env).port, allowedHosts: getConfig().allowedHosts };
}

export function assertSameOrigin(req: Request): void {
  const problem = checkSameOrigin(req.headers);
  if (problem) throw new AppError("forbidden", problem);
}

/** Reads a JSON body of at most `maxBytes`, stopping as soon as it is larger. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError("invalid_input", "Send the request body as JSON, with Content-Type: application/json.");
  }
  const tooLarge = () =>
    new AppError("payload_too_large", `The request body is larger than ${maxBytes.toLocaleString("en-US")} bytes; send fewer records per request.`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) throw new AppError("invalid_input", "The request has no body.");

  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid UTF-8.");
  }
  const parsed = checkJson(text);
  if (!parsed.ok) throw new AppError("invalid_input", `The request body is not valid JSON: ${parsed.message}.`);
  return parsed.value;
}

/**
 * For write routes: read-only (it overrides every role), then the writer role, then origin, then
 * the body. Returns the parsed body.
 */
export async function guardWrite(req: Request, maxBodyBytes: number, what = "putting records"): Promise<unknown> {
  assertWritable();
  await requireRole(req, "writer", what);
  assertSameOrigin(req);
  return readJsonBody(req, maxBodyBytes);
}
