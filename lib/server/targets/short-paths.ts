import "server-only";
// Today's short URLs and where they lead: each means the default target in its default region.
// Pages redirect (the address bar then says where the page points); API paths are rewritten in
// place, so scripts, bookmarks and EventSources keep working.
import { apiBase, scopedPath, type ScopeRef } from "@/lib/targets/scope";

export interface ShortPath {
  kind: "page" | "api";
  to(scope: ScopeRef): string;
}

const API_PREFIXES = ["/api/streams", "/api/consumers", "/api/monitor", "/api/target", "/api/health"];
const PAGE_PREFIXES = ["/streams", "/put", "/monitor", "/consumers", "/audit"];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Where a short path leads, or undefined when the path is not one. */
export function shortPathTarget(path: string): ShortPath | undefined {
  if (API_PREFIXES.some((p) => under(path, p))) return { kind: "api", to: (s) => `${apiBase(s)}${path.slice("/api".length)}` };
  if (path === "/") return { kind: "page", to: (s) => scopedPath(s) };
  if (PAGE_PREFIXES.some((p) => under(path, p))) return { kind: "page", to: (s) => scopedPath(s, path) };
  return undefined;
}
