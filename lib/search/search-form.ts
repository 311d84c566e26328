// The Search view's form and its URL, both read with the search route's own query schema: the
// page's query holds the same parameters the route takes (plus `run`, which starts the search), so
// a copied link reopens and runs the same search.
import type { z } from "zod";
import type { DecoderName } from "@/lib/records/types";
import { DEFAULT_SEARCH_MAX, searchQuerySchema } from "./search-query";
import type { SearchStartPosition } from "./types";

const fields = searchQuerySchema.in.shape;

/** The route's parameters a page URL carries. */
export const SEARCH_PARAMS = Object.keys(fields);

export interface SearchForm {
  from: SearchStartPosition;
  at: string;
  /** Empty: now. */
  until: string;
  /** Empty: every shard. */
  shards: string[];
  key: string;
  keyMode: "exact" | "prefix";
  text: string;
  regex: boolean;
  expr: string;
  decoder: DecoderName;
  max: string;
}

function choice<T>(schema: z.ZodType<T>, raw: string | null): T {
  const r = schema.safeParse(raw ?? undefined);
  return r.success ? r.data : schema.parse(undefined);
}

const text = (raw: string | null) => raw ?? "";

export function searchFormFromParams(params: URLSearchParams): SearchForm {
  return {
    from: choice(fields.from, params.get("from")),
    at: text(params.get("at")),
    until: params.get("until") === "now" ? "" : text(params.get("until")),
    shards: choice(fields.shards, params.get("shards")),
    key: text(params.get("key")),
    keyMode: choice(fields.keyMode, params.get("keyMode")),
    text: text(params.get("q")),
    regex: choice(fields.regex, params.get("regex")),
    expr: text(params.get("expr")),
    decoder: choice(fields.decoder, params.get("decoder")),
    max: text(params.get("max")) || String(DEFAULT_SEARCH_MAX),
  };
}

/** The URL patch for a form: defaults and unused fields left out, so links stay short. */
export function searchFormToParams(form: SearchForm): Record<string, string | undefined> {
  return {
    from: form.from === "TRIM_HORIZON" ? undefined : form.from,
    at: form.from === "TRIM_HORIZON" ? undefined : form.at.trim() || undefined,
    until: form.until.trim() || undefined,
    shards: form.shards.length ? form.shards.join(",") : undefined,
    key: form.key || undefined,
    keyMode: form.key && form.keyMode === "prefix" ? "prefix" : undefined,
    q: form.text || undefined,
    regex: form.text && form.regex ? "1" : undefined,
    expr: form.expr.trim() || undefined,
    decoder: form.decoder === "auto" ? undefined : form.decoder,
    max: form.max.trim() && form.max.trim() !== String(DEFAULT_SEARCH_MAX) ? form.max.trim() : undefined,
  };
}

/** Checks the form with the route's schema: the first problem in words, or undefined. */
export function checkSearchForm(form: SearchForm): string | undefined {
  const params = Object.fromEntries(Object.entries(searchFormToParams(form)).filter((e): e is [string, string] => e[1] !== undefined));
  const r = searchQuerySchema.safeParse(params);
  return r.success ? undefined : r.error.issues[0]?.message;
}

/**
 * The route's URL for a page URL (`search` for the event stream, `search.ndjson` for the
 * download). `until` pins a window that ends "now" to the end the search on screen had, so that
 * the download covers exactly the same window.
 */
export function searchUrl(apiBase: string, stream: string, params: URLSearchParams, route: "search" | "search.ndjson" = "search", until?: string): string {
  const q = new URLSearchParams();
  for (const k of SEARCH_PARAMS) {
    const v = params.get(k);
    if (v) q.set(k, v);
  }
  if (until && (!q.get("until") || q.get("until") === "now")) q.set("until", until);
  const qs = q.toString();
  return `${apiBase}/streams/${encodeURIComponent(stream)}/${route}${qs ? `?${qs}` : ""}`;
}
