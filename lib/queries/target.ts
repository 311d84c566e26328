// The target of the page's scope (name, region, account, endpoint, local, read-only, credential
// problems) and the list of configured targets.
"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiBase, type ScopeRef } from "@/lib/targets/scope";
import type { Target, TargetsResponse } from "@/lib/targets/types";
import { fetchJson } from "./fetch-json";
import { STALE } from "./query-client";
import { useScope } from "./scope";

export const targetKeys = {
  all: ["target"] as const,
  status: (s: ScopeRef) => [...targetKeys.all, `${s.target}/${s.region}`] as const,
  list: () => ["targets"] as const,
};

/** The page's target in its region: account, endpoint, credential problems. */
export const targetOptions = (s: ScopeRef) =>
  queryOptions({
    queryKey: targetKeys.status(s),
    queryFn: ({ signal }) => fetchJson<Target>(`${apiBase(s)}/target`, { signal }),
    staleTime: STALE.target,
  });

/** Every configured target (names, kinds, regions). */
export const targetsOptions = () =>
  queryOptions({
    queryKey: targetKeys.list(),
    queryFn: ({ signal }) => fetchJson<TargetsResponse>("/api/targets", { signal }),
    staleTime: STALE.target,
  });

export const useTarget = () => useQuery(targetOptions(useScope()));
export const useTargets = () => useQuery(targetsOptions());
