"use client";
// The Tail view's state: the tail it runs (from the URL), and a draft of the form that Apply
// writes to the URL, which opens the new tail. Both read the URL with the route's query schema.
import { useCallback, useMemo, useState } from "react";
import { useApiBase } from "@/lib/queries/scope";
import { useUrlState } from "@/lib/queries/use-url-state";
import { tailFormFromParams, tailFormToParams, tailUrl, type TailForm } from "@/lib/tail/tail-form";
import { checkTailFilter } from "@/lib/tail/tail-filter";

export function useTailForm(stream: string) {
  const [params, setParams] = useUrlState();
  const apiBase = useApiBase();
  const running = params.get("live") !== "0";
  const newestFirst = params.get("order") !== "oldest";
  const url = running ? tailUrl(apiBase, stream, params) : null;

  const [form, setForm] = useState<TailForm>(() => tailFormFromParams(params));
  const set = useCallback(<K extends keyof TailForm>(field: K, value: TailForm[K]) => setForm((f) => ({ ...f, [field]: value })), []);
  const toggleShard = useCallback(
    (shardId: string, on: boolean) => setForm((f) => ({ ...f, shards: on ? [...f.shards, shardId] : f.shards.filter((x) => x !== shardId) })),
    [],
  );

  const { key, keyMode, text, regex, expr } = form;
  const filterCheck = useMemo(() => checkTailFilter({ key, keyMode, text, regex, expr }), [key, keyMode, text, regex, expr]);

  const apply = () => {
    if (!filterCheck.ok) return;
    setParams({ ...tailFormToParams(form), live: undefined }, "push");
  };

  return {
    form,
    set,
    toggleShard,
    filterCheck,
    apply,
    /** The tail route's URL, or null while stopped. */
    url,
    running,
    setRunning: (on: boolean) => setParams({ live: on ? undefined : "0" }),
    newestFirst,
    setNewestFirst: (on: boolean) => setParams({ order: on ? undefined : "oldest" }),
  };
}
