// Query keys and hooks for schemas: those attached to a stream (list, upload, remove) and the Glue
// Schema Registry's registries, schemas and versions the put form offers.
"use client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  GlueRegistriesResponse,
  GlueSchemasResponse,
  GlueSchemaVersionsResponse,
  SchemaUploadRequest,
  StoredSchema,
  StreamSchemasResponse,
} from "@/lib/schemas/types";
import { apiBase, type ScopeRef } from "@/lib/targets/scope";
import { fetchJson } from "./fetch-json";
import { useScope } from "./scope";
import { streamApi, streamKeys } from "./streams";

/** The registry changes when a team registers a version: a minute is fresh enough for a form. */
const REGISTRY_STALE_MS = 60_000;

const scopeKey = (s: ScopeRef) => `${s.target}/${s.region}`;

export const schemaKeys = {
  all: ["schemas"] as const,
  stream: (s: ScopeRef, name: string) => [...schemaKeys.all, scopeKey(s), "stream", name] as const,
  registries: (s: ScopeRef) => [...schemaKeys.all, scopeKey(s), "glue"] as const,
  registrySchemas: (s: ScopeRef, registry: string) => [...schemaKeys.registries(s), registry] as const,
  versions: (s: ScopeRef, registry: string, schema: string) => [...schemaKeys.registrySchemas(s, registry), schema] as const,
};

const registriesApi = (s: ScopeRef) => `${apiBase(s)}/schemas/registries`;

export const streamSchemasOptions = (s: ScopeRef, name: string) =>
  queryOptions({
    queryKey: schemaKeys.stream(s, name),
    queryFn: ({ signal }) => fetchJson<StreamSchemasResponse>(`${streamApi(s, name)}/schemas`, { signal }),
  });

export function useStreamSchemas(name: string) {
  return useQuery(streamSchemasOptions(useScope(), name));
}

/** After a schema is added or removed, the list and every decoded page of the stream are out of date. */
function useSchemasChanged(name: string) {
  const queryClient = useQueryClient();
  const scope = useScope();
  return () => {
    void queryClient.invalidateQueries({ queryKey: schemaKeys.stream(scope, name) });
    void queryClient.invalidateQueries({ queryKey: streamKeys.allRecords(scope, name) });
  };
}

export function useUploadSchema(name: string) {
  const scope = useScope();
  const changed = useSchemasChanged(name);
  return useMutation({
    mutationFn: (body: SchemaUploadRequest) =>
      fetchJson<StoredSchema>(`${streamApi(scope, name)}/schemas`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    onSuccess: changed,
  });
}

export function useRemoveSchema(name: string) {
  const scope = useScope();
  const changed = useSchemasChanged(name);
  return useMutation({
    mutationFn: (id: string) => fetchJson<StreamSchemasResponse>(`${streamApi(scope, name)}/schemas/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSettled: changed,
  });
}

export function useGlueRegistries(enabled: boolean) {
  const scope = useScope();
  return useQuery({
    queryKey: schemaKeys.registries(scope),
    queryFn: ({ signal }) => fetchJson<GlueRegistriesResponse>(registriesApi(scope), { signal }),
    staleTime: REGISTRY_STALE_MS,
    enabled,
  });
}

export function useGlueSchemas(registry: string | undefined) {
  const scope = useScope();
  return useQuery({
    queryKey: schemaKeys.registrySchemas(scope, registry ?? ""),
    queryFn: ({ signal }) => fetchJson<GlueSchemasResponse>(`${registriesApi(scope)}/${encodeURIComponent(registry ?? "")}/schemas`, { signal }),
    staleTime: REGISTRY_STALE_MS,
    enabled: !!registry,
  });
}

export function useGlueSchemaVersions(registry: string | undefined, schema: string | undefined) {
  const scope = useScope();
  return useQuery({
    queryKey: schemaKeys.versions(scope, registry ?? "", schema ?? ""),
    queryFn: ({ signal }) =>
      fetchJson<GlueSchemaVersionsResponse>(
        `${registriesApi(scope)}/${encodeURIComponent(registry ?? "")}/schemas/${encodeURIComponent(schema ?? "")}/versions`,
        { signal },
      ),
    staleTime: REGISTRY_STALE_MS,
    enabled: !!registry && !!schema,
  });
}
