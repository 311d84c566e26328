// The Tail view's form and its URL, both read with the tail route's own query schema: the page's
// query holds the same parameters the route takes, so a copied link reopens the same tail.
import type { z } from "zod";
import { needsAt, type DecoderName } from "@/lib/records/types";
import { tailQuerySchema } from "./tail-query";
import type { TailStartPosition } from "./types";

const fields = tailQuerySchema.in.shape;

/** The route's parameters a page URL carries; `mode` and `lastEventId` belong to the connection. */
export const TAIL_PARAMS = Object.keys(fields).filter((k) => k !== "mode" && k !== "lastEventId");

export interface TailForm {
  from: TailStartPosition;
  at: string;
  /** Empty: every shard. */
  shards: string[];
  key: string;
  keyMode: "exact" | "prefix";
  text: string;
  regex: boolean;
  expr: string;
  decoder: DecoderName;
  efo: boolean;
  consumer: string;
}

/** A choice the schema refuses falls back to its default, as if the parameter were absent. */
function choice<T>(schema: z.ZodType<T>, raw: string | null): T {
  const r = schema.safeParse(raw ?? undefined);
  return r.success ? r.data : schema.parse(undefined);
}

/** Free text stays as written even when the schema refuses it: the route's message then names it. */
function text(schema: z.ZodType<string | undefined>, raw: string | null): string {
  const r = schema.safeParse(raw ?? undefined);
  return (r.success ? r.data : raw) ?? "";
}

/** The form as the URL describes it. `at` stays as typed (the route turns timestamps into ISO 8601). */
export function tailFormFromParams(params: URLSearchParams): TailForm {
  const consumer = text(fields.consumer, params.get("consumer"));
  return {
    from: choice(fields.from, params.get("from")),
    at: text(fields.at, params.get("at")),
    shards: choice(fields.shards, params.get("shards")),
    key: text(fields.key, params.get("key")),
    keyMode: choice(fields.keyMode, params.get("keyMode")),
    text: text(fields.q, params.get("q")),
    regex: choice(fields.regex, params.get("regex")),
    expr: text(fields.expr, params.get("expr")),
    decoder: choice(fields.decoder, params.get("decoder")),
    efo: choice(fields.efo, params.get("efo")) || consumer !== "",
    consumer,
  };
}

/** The URL patch for a form: defaults and unused fields are left out, so links stay short. */
export function tailFormToParams(form: TailForm): Record<string, string | undefined> {
  const consumer = form.consumer.trim();
  return {
    from: form.from === "LATEST" ? undefined : form.from,
    at: needsAt(form.from) ? form.at.trim() : undefined,
    shards: form.shards.length ? form.shards.join(",") : undefined,
    key: form.key || undefined,
    keyMode: form.key && form.keyMode === "prefix" ? "prefix" : undefined,
    q: form.text || undefined,
    regex: form.text && form.regex ? "1" : undefined,
    expr: form.expr.trim() || undefined,
    decoder: form.decoder === "auto" ? undefined : form.decoder,
    efo: form.efo && !consumer ? "1" : undefined,
    consumer: form.efo && consumer ? consumer : undefined,
  };
}

/** The tail route's URL (under `apiBase`, the scope's API prefix) for a page URL: its tail parameters passed on as they are. */
export function tailUrl(apiBase: string, stream: string, params: URLSearchParams): string {
  const q = new URLSearchParams();
  for (const k of TAIL_PARAMS) {
    const v = params.get(k);
    if (v) q.set(k, v);
  }
  const qs = q.toString();
  return `${apiBase}/streams/${encodeURIComponent(stream)}/tail${qs ? `?${qs}` : ""}`;
}
