// Query keys and hooks for streams, shards and records: one key factory, one hook per endpoint.
"use client";
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { RecordsPageResponse, StartPosition } from "@/lib/records/types";
import type { ShardListResponse, StreamDetailsResponse, StreamListResponse, StreamSummary } from "@/lib/streams/types";
import type { DecoderName, RecordView } from "@/lib/records/types";
import { fetchJson } from "./fetch-json";
import { STALE } from "./query-client";

export interface RecordsPosition {
  shardId: string;
  from: StartPosition;
  at?: string;
  decoder: DecoderName;
  limit: number;
}

export const streamKeys = {
  all: ["streams"] as const,
  list: () => [...streamKeys.all, "list"] as const,
  summary: (name: string) => [...streamKeys.all, "summary", name] as const,
  details: (name: string) => [...streamKeys.all, "details", name] as const,
  shards: (name: string) => [...streamKeys.all, "shards", name] as const,
  records: (name: string, p: RecordsPosition) => [...streamKeys.all, "records", name, p] as const,
  record: (name: string, r: RecordRef) => [...streamKeys.all, "record", name, r] as const,
};

/** One record, by shard and sequence number; `full` asks for it whole even when it is large. */
export interface RecordRef {
  shardId: string;
  sequenceNumber: string;
  decoder: DecoderName;
  full: boolean;
}

const api = (name: string) => `/api/streams/${encodeURIComponent(name)}`;

export const streamListOptions = () =>
  queryOptions({
    queryKey: streamKeys.list(),
    queryFn: ({ signal }) => fetchJson<StreamListResponse>("/api/streams", { signal }),
    staleTime: STALE.streamList,
  });

export const streamSummaryOptions = (name: string) =>
  queryOptions({
    queryKey: streamKeys.summary(name),
    queryFn: ({ signal }) => fetchJson<StreamSummary>(api(name), { signal }),
    staleTime: STALE.streamSummary,
  });

export const streamDetailsOptions = (name: string) =>
  queryOptions({
    queryKey: streamKeys.details(name),
    queryFn: ({ signal }) => fetchJson<StreamDetailsResponse>(`${api(name)}/details`, { signal }),
    staleTime: STALE.streamSummary,
  });

export const shardsOptions = (name: string) =>
  queryOptions({
    queryKey: streamKeys.shards(name),
    queryFn: ({ signal }) => fetchJson<ShardListResponse>(`${api(name)}/shards`, { signal }),
    staleTime: STALE.shards,
  });

export function recordsUrl(name: string, p: RecordsPosition, cursor?: string): string {
  const q = new URLSearchParams({ shardId: p.shardId, from: p.from, limit: String(p.limit), decoder: p.decoder });
  if (p.at) q.set("at", p.at);
  if (cursor) q.set("cursor", cursor);
  return `${api(name)}/records?${q.toString()}`;
}

export function recordUrl(name: string, r: RecordRef): string {
  const q = new URLSearchParams({ shardId: r.shardId });
  if (r.decoder !== "auto") q.set("decoder", r.decoder);
  if (r.full) q.set("full", "1");
  return `${api(name)}/records/${encodeURIComponent(r.sequenceNumber)}?${q.toString()}`;
}

export const recordOptions = (name: string, r: RecordRef) =>
  queryOptions({
    queryKey: streamKeys.record(name, r),
    queryFn: ({ signal }) => fetchJson<RecordView>(recordUrl(name, r), { signal }),
    // A record never changes once written.
    staleTime: Infinity,
    retry: false,
  });

export const recordsOptions = (name: string, p: RecordsPosition) =>
  infiniteQueryOptions({
    queryKey: streamKeys.records(name, p),
    queryFn: ({ pageParam, signal }) => fetchJson<RecordsPageResponse>(recordsUrl(name, p, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    // "Load more" is explicit: a page may be empty while the shard is quiet, and that is not the end.
    getNextPageParam: (last) => last.cursor ?? undefined,
    staleTime: STALE.records,
  });

export const useStreamList = () => useQuery(streamListOptions());
export const useStreamSummary = (name: string, enabled = true) => useQuery({ ...streamSummaryOptions(name), enabled });
export const useStreamDetails = (name: string) => useQuery(streamDetailsOptions(name));
export const useShards = (name: string) => useQuery(shardsOptions(name));
export const useRecords = (name: string, p: RecordsPosition | undefined) =>
  useInfiniteQuery({ ...recordsOptions(name, p ?? { shardId: "", from: "TRIM_HORIZON", decoder: "auto", limit: 100 }), enabled: !!p });
export const useRecord = (name: string, r: RecordRef | undefined) =>
  useQuery({ ...recordOptions(name, r ?? { shardId: "", sequenceNumber: "", decoder: "auto", full: false }), enabled: !!r });
