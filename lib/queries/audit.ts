// The audit log for the Audit page (admins): one query per filter, refreshed while the page is open.
"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { AuditQuery, AuditResponse } from "@/lib/auth/audit";
import { fetchJson } from "./fetch-json";

export const auditKeys = {
  all: ["audit"] as const,
  list: (q: AuditQuery) => [...auditKeys.all, q.user ?? "", q.stream ?? "", q.action ?? "", q.limit ?? 0] as const,
};

export function auditUrl(q: AuditQuery): string {
  const p = new URLSearchParams();
  if (q.user) p.set("user", q.user);
  if (q.stream) p.set("stream", q.stream);
  if (q.action) p.set("action", q.action);
  if (q.limit) p.set("limit", String(q.limit));
  const s = p.toString();
  return `/api/audit${s ? `?${s}` : ""}`;
}

export const auditOptions = (q: AuditQuery) =>
  queryOptions({
    queryKey: auditKeys.list(q),
    queryFn: ({ signal }) => fetchJson<AuditResponse>(auditUrl(q), { signal }),
    staleTime: 5_000,
  });

export const useAudit = (q: AuditQuery) => useQuery({ ...auditOptions(q), refetchInterval: 10_000 });
