import "server-only";
// Which Host a request may name (the DNS-rebinding guard) and which Origin a write may come from.
// Pure: used by the proxy (proxy.ts, in front of every request), the write guard and the config,
// so the rules for SHARDSCOPE_ALLOWED_HOSTS live in one place.
//
// Why: a web page can make its own name (evil.example) resolve to 127.0.0.1 after it has loaded
// ("DNS rebinding"). The browser then treats Shardscope as part of evil.example — same origin, so
// the page reads every answer — but the Host header it sends still says evil.example. A server
// that answers only the names it knows cannot be reached that way.

/** Names a browser on this machine uses for the loopback interface (never resolved through DNS). */
export const LOOPBACK_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]"] as const;

export interface HostPolicy {
  /** The port the server listens on; undefined when unknown (then any port on a loopback name). */
  port?: number;
  /** Extra hosts, lower case: `name` (any port) or `name:port` (that port only). */
  allowedHosts: readonly string[];
}

const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/;

/** SHARDSCOPE_ALLOWED_HOSTS: comma-separated host names, addresses or host:port, any case. */
export function parseAllowedHosts(raw: string | undefined): { hosts: string[]; problems: string[] } {
  const hosts: string[] = [];
  const problems: string[] = [];
  for (const entry of (raw ?? "").split(",")) {
    const h = entry.trim().toLowerCase();
    if (!h) continue;
    if (HOST_ENTRY.test(h)) hosts.push(h);
    else problems.push(`"${h.slice(0, 80)}" is not a host name, address or host:port`);
  }
  return { hosts, problems };
}

/** The policy of this process: PORT (which `next start -p` sets) and SHARDSCOPE_ALLOWED_HOSTS. */
export function hostPolicyFromEnv(env: Record<string, string | undefined>): HostPolicy {
  const port = Number(env.PORT);
  return {
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
    // An invalid entry is reported by the configuration check (lib/server/config.ts); here it
    // simply matches nothing.
    allowedHosts: parseAllowedHosts(env.SHARDSCOPE_ALLOWED_HOSTS).hosts,
  };
}

/** Splits `name[:port]` (the Host header's form); undefined when it is not a host at all. */
export function splitHost(value: string): { name: string; port?: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value.trim().toLowerCase());
  if (!m) return undefined;
  // A fully qualified name may end with a dot (localhost.); it names the same host.
  const name = m[1]!.length > 1 && m[1]!.endsWith(".") ? m[1]!.slice(0, -1) : m[1]!;
  return { name, port: m[2] === undefined ? undefined : Number(m[2]) };
}

/** Whether a Host header value (`name[:port]`) is one this server answers. */
export function isAllowedHost(value: string, policy: HostPolicy): boolean {
  const host = splitHost(value);
  if (!host) return false;
  if ((LOOPBACK_HOSTNAMES as readonly string[]).includes(host.name)) {
    // Without a port the browser means 80; with the port unknown, any port will do.
    return policy.port === undefined || (host.port ?? 80) === policy.port;
  }
  return policy.allowedHosts.some((entry) => {
    const allowed = splitHost(entry);
    if (!allowed || allowed.name !== host.name) return false;
    return allowed.port === undefined || allowed.port === host.port;
  });
}

/**
 * Why a request must be refused for the host it names, or undefined when it may go on. The Host
 * header must be an allowed host, and so must every X-Forwarded-Host a reverse proxy added (the
 * browser's own host behind a proxy, which a rebinding page would control).
 */
export function checkRequestHost(headers: Headers, policy: HostPolicy): string | undefined {
  const host = headers.get("host");
  if (!host) return "The request names no host (no Host header); Shardscope answers only the hosts it is configured for.";
  const names = [host, ...forwardedHosts(headers)];
  const refused = names.find((h) => !isAllowedHost(h, policy));
  if (refused === undefined) return undefined;
  return (
    `Shardscope does not answer for the host "${refused.trim().slice(0, 100)}". ` +
    "Open it on localhost or 127.0.0.1, or add this host to SHARDSCOPE_ALLOWED_HOSTS on the server."
  );
}

function forwardedHosts(headers: Headers): string[] {
  return (headers.get("x-forwarded-host") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
}

/**
 * The hosts a browser may have addressed for this request, each of them allowed: Host and the
 * X-Forwarded-Host values a reverse proxy passed on. An allowed host the browser did not address
 * is not among them: a page on http://localhost:PORT posting to http://127.0.0.1:PORT is another
 * origin, even though both names are allowed.
 */
export function addressedHosts(headers: Headers, policy: HostPolicy): string[] {
  return [headers.get("host") ?? "", ...forwardedHosts(headers)].map((h) => h.trim().toLowerCase()).filter((h) => h && isAllowedHost(h, policy));
}
