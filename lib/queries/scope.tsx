// The scope (target and region) the page shows, from its URL (`/t/{target}/{region}/…`), for the
// hooks that build API URLs and the components that build links. Set once by the scoped layout.
"use client";
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { apiBase, scopedPath, type ScopeRef } from "@/lib/targets/scope";
import type { Target } from "@/lib/targets/types";

interface ScopeValue {
  scope: ScopeRef;
  /** The target as the server saw it when it rendered the page (account, endpoint, credential problems). */
  status?: Target;
}

const ScopeContext = createContext<ScopeValue | null>(null);

export function ScopeProvider({ scope, status, children }: { scope: ScopeRef; status?: Target; children: ReactNode }) {
  const { target, region } = scope;
  const value = useMemo(() => ({ scope: { target, region }, status }), [target, region, status]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

/** The page's scope; throws outside a scoped page (a programming error, not a user's). */
export function useScope(): ScopeRef {
  const value = useContext(ScopeContext);
  if (!value) throw new Error("useScope() outside a ScopeProvider: the page is not under /t/{target}/{region}/");
  return value.scope;
}

/** The page's scope, or null on pages that belong to no scope. */
export const useOptionalScope = (): ScopeRef | null => useContext(ScopeContext)?.scope ?? null;

/** The target's status as rendered by the server, when the page has one. */
export const useTargetStatus = (): Target | undefined => useContext(ScopeContext)?.status;

/** Builds links within the page's scope: `href("/streams/orders")` → `/t/local/us-east-1/streams/orders`. */
export function useScopedHref(): (path: string) => string {
  const { target, region } = useScope();
  return useCallback((path: string) => scopedPath({ target, region }, path), [target, region]);
}

/** The API prefix of the page's scope: `/api/t/local/us-east-1`. */
export const useApiBase = (): string => apiBase(useScope());
