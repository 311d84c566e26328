// The scope (target and region) the page shows, from its URL (`/t/{target}/{region}/…`), for the
// hooks that build API URLs and the components that build links. Set once by the scoped layout.
"use client";
import { createContext, useContext, type ReactNode } from "react";
import { apiBase, scopedPath, type ScopeRef } from "@/lib/targets/scope";

const ScopeContext = createContext<ScopeRef | null>(null);

export function ScopeProvider({ scope, children }: { scope: ScopeRef; children: ReactNode }) {
  return <ScopeContext.Provider value={scope}>{children}</ScopeContext.Provider>;
}

/** The page's scope; throws outside a scoped page (a programming error, not a user's). */
export function useScope(): ScopeRef {
  const scope = useContext(ScopeContext);
  if (!scope) throw new Error("useScope() outside a ScopeProvider: the page is not under /t/{target}/{region}/");
  return scope;
}

/** The page's scope, or null on pages that belong to no scope. */
export const useOptionalScope = (): ScopeRef | null => useContext(ScopeContext);

/** Builds links within the page's scope: `href("/streams/orders")` → `/t/local/us-east-1/streams/orders`. */
export function useScopedHref(): (path: string) => string {
  const scope = useScope();
  return (path: string) => scopedPath(scope, path);
}

/** The API prefix of the page's scope: `/api/t/local/us-east-1`. */
export const useApiBase = (): string => apiBase(useScope());
