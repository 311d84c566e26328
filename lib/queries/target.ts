// The AWS target this server talks to (region, account, endpoint, local, read-only).
"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { Target } from "@/lib/targets/types";
import { fetchJson } from "./fetch-json";
import { STALE } from "./query-client";

export const targetKeys = { all: ["target"] as const };

export const targetOptions = () =>
  queryOptions({
    queryKey: targetKeys.all,
    queryFn: ({ signal }) => fetchJson<Target>("/api/target", { signal }),
    staleTime: STALE.target,
  });

export const useTarget = () => useQuery(targetOptions());
