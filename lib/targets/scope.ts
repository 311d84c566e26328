// Where a page or an API call points: a target and a region, carried in the URL as
// `/t/{target}/{region}/…` (pages) and `/api/t/{target}/{region}/…` (API). Isomorphic.

export interface ScopeRef {
  target: string;
  region: string;
}

/** Target names: what a URL segment and a `target:stream` reference can carry unescaped. */
export const TARGET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** AWS region names (us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-7). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+){1,3}-\d{1,2}$/;

export const isTargetName = (s: string): boolean => TARGET_NAME_PATTERN.test(s);
export const isRegionName = (s: string): boolean => REGION_PATTERN.test(s);

/** `/t/{target}/{region}`: prefix of every page of that scope. */
export function scopeBase(s: ScopeRef): string {
  return `/t/${encodeURIComponent(s.target)}/${encodeURIComponent(s.region)}`;
}

/** A page of a scope: `scopedPath(s, "/streams/orders")` → `/t/local/us-east-1/streams/orders`. */
export function scopedPath(s: ScopeRef, path = "/"): string {
  return path === "/" || path === "" ? scopeBase(s) : `${scopeBase(s)}${path.startsWith("/") ? "" : "/"}${path}`;
}

/** `/api/t/{target}/{region}`: prefix of every API route of that scope. */
export function apiBase(s: ScopeRef): string {
  return `/api${scopeBase(s)}`;
}

export const sameScope = (a: ScopeRef, b: ScopeRef): boolean => a.target === b.target && a.region === b.region;

/**
 * A stream named across scopes, as `/monitor?streams=` takes them: `orders` (the page's own
 * scope), `prod-eu:orders` (target prod-eu in its default region) or `prod:eu-west-1:orders`.
 * Neither stream names nor target names nor regions contain ':', so the parts are unambiguous.
 */
export interface StreamRef {
  target?: string;
  region?: string;
  stream: string;
}

export function parseStreamRef(raw: string): StreamRef {
  const [a = "", b, c, ...rest] = raw.split(":");
  if (b === undefined) return { stream: a };
  if (c === undefined) return { target: a, stream: b };
  if (rest.length === 0) return { target: a, region: b, stream: c };
  throw new Error(`"${raw}" is not a stream reference: use stream, target:stream or target:region:stream.`);
}

export function formatStreamRef(r: StreamRef): string {
  return [r.target, r.region, r.stream].filter((p): p is string => p !== undefined).join(":");
}
