"use client";
// The Search view's state: the search it runs (from the URL: the route's parameters, and `run`,
// which starts it), and a draft of the form that Search writes to the URL, which runs it.
import { useCallback, useMemo, useState } from "react";
import { useApiBase } from "@/lib/queries/scope";
import { useUrlState } from "@/lib/queries/use-url-state";
import { checkSearchForm, searchFormFromParams, searchFormToParams, searchUrl, type SearchForm } from "@/lib/search/search-form";
import { DEFAULT_SEARCH_MAX } from "@/lib/search/search-query";

export function useSearchForm(stream: string) {
  const [params, setParams] = useUrlState();
  const apiBase = useApiBase();
  const runId = params.get("run");
  // The run id is part of the URL so that searching again (same form) is a new search.
  const base = searchUrl(apiBase, stream, params);
  const url = runId ? `${base}${base.includes("?") ? "&" : "?"}run=${encodeURIComponent(runId)}` : null;
  const max = Number(params.get("max")) || DEFAULT_SEARCH_MAX;

  const [form, setForm] = useState<SearchForm>(() => searchFormFromParams(params));
  const set = useCallback(<K extends keyof SearchForm>(field: K, value: SearchForm[K]) => setForm((f) => ({ ...f, [field]: value })), []);
  const toggleShard = useCallback(
    (shardId: string, on: boolean) => setForm((f) => ({ ...f, shards: on ? [...f.shards, shardId] : f.shards.filter((x) => x !== shardId) })),
    [],
  );
  const problem = useMemo(() => checkSearchForm(form), [form]);

  const search = () => {
    if (problem) return;
    setParams({ ...searchFormToParams(form), run: String(Date.now()) }, "push");
  };

  return {
    form,
    set,
    toggleShard,
    problem,
    search,
    /** The search route's URL while a search is asked for; null before the first. */
    url,
    max,
    /** The download of every match of the search in the URL, pinned to the window the search on screen read. */
    downloadUrl: (until?: string) => searchUrl(apiBase, stream, params, "search.ndjson", until),
  };
}
