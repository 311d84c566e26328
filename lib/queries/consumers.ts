// Query keys and hooks for the consumers domain: who reads a stream (or every stream of the
// scope), refreshed at the server's own refresh interval (its answers are shared by every viewer
// for that long, so asking more often only returns the same answer). Each row brings its own lag
// history (sampled by the server, or CloudWatch's).
"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { AllConsumersResponse, ConsumerRow, StreamConsumersResponse } from "@/lib/consumers/types";
import { apiBase, type ScopeRef } from "@/lib/targets/scope";
import { fetchJson } from "./fetch-json";
import { useScope } from "./scope";
import { streamApi } from "./streams";

const scopeKey = (s: ScopeRef) => `${s.target}/${s.region}`;

export const consumerKeys = {
  all: ["consumers"] as const,
  scope: (s: ScopeRef) => [...consumerKeys.all, scopeKey(s)] as const,
  stream: (s: ScopeRef, name: string) => [...consumerKeys.scope(s), "stream", name] as const,
  everyStream: (s: ScopeRef) => [...consumerKeys.scope(s), "all"] as const,
};

/** Until the first answer says otherwise: the server's default refresh interval. */
const DEFAULT_REFRESH_SECONDS = 30;

export const streamConsumersOptions = (s: ScopeRef, name: string) =>
  queryOptions({
    queryKey: consumerKeys.stream(s, name),
    queryFn: ({ signal }) => fetchJson<StreamConsumersResponse>(`${streamApi(s, name)}/consumers`, { signal }),
    staleTime: 0,
  });

export const allConsumersOptions = (s: ScopeRef) =>
  queryOptions({
    queryKey: consumerKeys.everyStream(s),
    queryFn: ({ signal }) => fetchJson<AllConsumersResponse>(`${apiBase(s)}/consumers`, { signal }),
    staleTime: 0,
  });

/** The server's refresh interval, as its last answer said. */
const refreshOf = (data: { usage: { refreshSeconds: number } } | undefined) => Math.max(1, data?.usage.refreshSeconds ?? DEFAULT_REFRESH_SECONDS) * 1000;

export const useStreamConsumers = (name: string) => useQuery({ ...streamConsumersOptions(useScope(), name), refetchInterval: (q) => refreshOf(q.state.data) });

export const useAllConsumers = () => useQuery({ ...allConsumersOptions(useScope()), refetchInterval: (q) => refreshOf(q.state.data) });

/** A consumer's key on a page: rows of several streams may share an id (one KCL app reading two streams). */
export const consumerKey = (r: ConsumerRow & { stream?: string }) => (r.stream ? `${r.stream}/${r.id}` : r.id);
