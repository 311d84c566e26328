import "server-only";
// The security headers every response carries (set by proxy.ts, pages and API alike).
import staticSecurityHeaders from "./static-security-headers.json";

/**
 * The Content-Security-Policy of one response. Scripts run only with this request's nonce (Next
 * reads it from the policy on the request and puts it on its own script tags, see proxy.ts) or
 * when a script so trusted loads them ('strict-dynamic'); no eval in production ('unsafe-eval'
 * only under `next dev`, where React rebuilds server error stacks with it).
 */
export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // <style> elements need the nonce (Next puts it on the ones it writes)... except under
    // `next dev`, whose hot reloading injects style tags without one.
    `style-src-elem 'self'${opts.dev ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    // ...but style *attributes* cannot carry a nonce, and React writes them in server-rendered
    // HTML for every `style={…}` (bars, chart sizes, virtualized rows' positions). A style
    // attribute cannot run script; the worst injected CSS can do is restyle the page.
    "style-src-attr 'unsafe-inline'",
    // For browsers without the two directives above (CSP level 2): the same as style-src-elem.
    `style-src 'self'${opts.dev ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    // Record downloads are blob: links; nothing else leaves this origin.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // Never inside another site's frame: the put form must not be clickjacked.
    "frame-ancestors 'none'",
    // No upgrade-insecure-requests: Shardscope is served over plain HTTP on loopback.
  ].join("; ");
}

/**
 * Headers that do not change per request, in a JSON file that next.config.js also reads for the
 * build's static files (which bypass proxy.ts):
 * - X-Frame-Options DENY: frame-ancestors' older twin, for browsers that ignore CSP;
 * - Referrer-Policy `same-origin`, not `no-referrer`: with no-referrer a browser sends
 *   `Origin: null` on some same-origin POSTs (form submissions), which the write guard would refuse.
 */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = staticSecurityHeaders;

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
