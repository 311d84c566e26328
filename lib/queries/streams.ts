// Query keys and hooks for streams, shards and records: one key factory, one hook per endpoint.
// Not a client module: the pages prefetch with the same options on the server (app/…/page.tsx).
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { RecordsPageResponse, StartPosition } from "@/lib/records/types";
import type { ShardListResponse, StreamDetailsResponse, StreamListResponse, StreamSummary } from "@/lib/streams/types";
import type { DecoderName, RecordView } from "@/lib/records/types";
import { apiBase, type ScopeRef } from "@/lib/targets/scope";
import { fetchJson } from "./fetch-json";
import { STALE } from "./query-client";
import { useScope } from "./scope";

export interface RecordsPosition {
  shardId: string;
  from: StartPosition;
  at?: string;
  decoder: DecoderName;
  limit: number;
}

/** Every key starts with the scope: two targets or regions never share a cache entry. */
const scopeKey = (s: ScopeRef) => `${s.target}/${s.region}`;

export const streamKeys = {
  all: ["streams"] as const,
  scope: (s: ScopeRef) => [...streamKeys.all, scopeKey(s)] as const,
  list: (s: ScopeRef) => [...streamKeys.scope(s), "list"] as const,
  summary: (s: ScopeRef, name: string) => [...streamKeys.scope(s), "summary", name] as const,
  details: (s: ScopeRef, name: string) => [...streamKeys.scope(s), "details", name] as const,
  shards: (s: ScopeRef, name: string) => [...streamKeys.scope(s), "shards", name] as const,
  allRecords: (s: ScopeRef, name: string) => [...streamKeys.scope(s), "records", name] as const,
  records: (s: ScopeRef, name: string, p: RecordsPosition) => [...streamKeys.allRecords(s, name), p] as const,
  record: (s: ScopeRef, name: string, r: RecordRef) => [...streamKeys.scope(s), "record", name, r] as const,
};

/** One record, by shard and sequence number; `full` asks for it whole even when it is large. */
export interface RecordRef {
  shardId: string;
  sequenceNumber: string;
  decoder: DecoderName;
  full: boolean;
}

/** `/api/t/{target}/{region}/streams/{name}`. */
export const streamApi = (s: ScopeRef, name: string) => `${apiBase(s)}/streams/${encodeURIComponent(name)}`;

export const streamListOptions = (s: ScopeRef) =>
  queryOptions({
    queryKey: streamKeys.list(s),
    queryFn: ({ signal }) => fetchJson<StreamListResponse>(`${apiBase(s)}/streams`, { signal }),
    staleTime: STALE.streamList,
  });

export const streamSummaryOptions = (s: ScopeRef, name: string) =>
  queryOptions({
    queryKey: streamKeys.summary(s, name),
    queryFn: ({ signal }) => fetchJson<StreamSummary>(streamApi(s, name), { signal }),
    staleTime: STALE.streamSummary,
  });

export const streamDetailsOptions = (s: ScopeRef, name: string) =>
  queryOptions({
    queryKey: streamKeys.details(s, name),
    queryFn: ({ signal }) => fetchJson<StreamDetailsResponse>(`${streamApi(s, name)}/details`, { signal }),
    staleTime: STALE.streamSummary,
  });

export const shardsOptions = (s: ScopeRef, name: string) =>
  queryOptions({
    queryKey: streamKeys.shards(s, name),
    queryFn: ({ signal }) => fetchJson<ShardListResponse>(`${streamApi(s, name)}/shards`, { signal }),
    staleTime: STALE.shards,
  });

export function recordsUrl(s: ScopeRef, name: string, p: RecordsPosition, cursor?: string): string {
  const q = new URLSearchParams({ shardId: p.shardId, from: p.from, limit: String(p.limit), decoder: p.decoder });
  if (p.at) q.set("at", p.at);
  if (cursor) q.set("cursor", cursor);
  return `${streamApi(s, name)}/records?${q.toString()}`;
}

export function recordUrl(s: ScopeRef, name: string, r: RecordRef): string {
  const q = new URLSearchParams({ shardId: r.shardId });
  if (r.decoder !== "auto") q.set("decoder", r.decoder);
  if (r.full) q.set("full", "1");
  return `${streamApi(s, name)}/records/${encodeURIComponent(r.sequenceNumber)}?${q.toString()}`;
}

export const recordOptions = (s: ScopeRef, name: string, r: RecordRef) =>
  queryOptions({
    queryKey: streamKeys.record(s, name, r),
    queryFn: ({ signal }) => fetchJson<RecordView>(recordUrl(s, name, r), { signal }),
    // A record never changes once written.
    staleTime: Infinity,
    retry: false,
  });

export const recordsOptions = (s: ScopeRef, name: string, p: RecordsPosition) =>
  infiniteQueryOptions({
    queryKey: streamKeys.records(s, name, p),
    queryFn: ({ pageParam, signal }) => fetchJson<RecordsPageResponse>(recordsUrl(s, name, p, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    // "Load more" is explicit: a page may be empty while the shard is quiet, and that is not the end.
    getNextPageParam: (last) => last.cursor ?? undefined,
    staleTime: STALE.records,
  });

export const useStreamList = () => useQuery(streamListOptions(useScope()));
export const useStreamSummary = (name: string, enabled = true) => useQuery({ ...streamSummaryOptions(useScope(), name), enabled });
export const useStreamDetails = (name: string) => useQuery(streamDetailsOptions(useScope(), name));
export const useShards = (name: string) => useQuery(shardsOptions(useScope(), name));
export const useRecords = (name: string, p: RecordsPosition | undefined) =>
  useInfiniteQuery({ ...recordsOptions(useScope(), name, p ?? { shardId: "", from: "TRIM_HORIZON", decoder: "auto", limit: 100 }), enabled: !!p });
export const useRecord = (name: string, r: RecordRef | undefined) =>
  useQuery({ ...recordOptions(useScope(), name, r ?? { shardId: "", sequenceNumber: "", decoder: "auto", full: false }), enabled: !!r });
