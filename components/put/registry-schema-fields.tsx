"use client";
// The put form's choice of a Glue Schema Registry schema: registry, schema and version, listed
// from the registry, and whether to zlib-compress. With one chosen, the data is typed as JSON and
// the server checks it against the schema and writes it GSR-encoded, as AWS's serde would.
import { useEffect } from "react";
import { useGlueRegistries, useGlueSchemas, useGlueSchemaVersions } from "@/lib/queries/schemas";
import { GSR_COMPRESSIONS, type GlueDataFormat } from "@/lib/schemas/types";
import { ErrorPanel } from "@/components/ui/error-panel";

export interface RegistryChoice {
  registry?: string;
  name?: string;
  version?: number;
  compression: (typeof GSR_COMPRESSIONS)[number];
}

const FORMAT_WORDS: Record<GlueDataFormat, string> = { AVRO: "Avro", JSON: "JSON Schema", PROTOBUF: "Protobuf" };

export function RegistrySchemaFields({ value, onChange }: { value: RegistryChoice; onChange: (v: RegistryChoice) => void }) {
  const registries = useGlueRegistries(true);
  const schemas = useGlueSchemas(value.registry);
  const versions = useGlueSchemaVersions(value.registry, value.name);

  // The newest version once a schema's versions arrive, unless one is already chosen.
  const newest = versions.data?.versions[0]?.versionNumber;
  useEffect(() => {
    if (value.version === undefined && newest !== undefined) onChange({ ...value, version: newest });
  }, [newest, value, onChange]);

  const format = versions.data?.dataFormat;
  return (
    <div className="mb-6" data-testid="registry-schema">
      <div className="row align-end">
        <label className="field">
          Registry
          <select
            aria-label="Registry"
            value={value.registry ?? ""}
            onChange={(e) => onChange({ compression: value.compression, registry: e.target.value || undefined })}
          >
            <option value="">{registries.isPending ? "Loading…" : "Choose a registry"}</option>
            {registries.data?.registries.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Schema
          <select
            aria-label="Schema"
            value={value.name ?? ""}
            disabled={!value.registry}
            onChange={(e) => onChange({ compression: value.compression, registry: value.registry, name: e.target.value || undefined })}
          >
            <option value="">{value.registry && schemas.isPending ? "Loading…" : "Choose a schema"}</option>
            {schemas.data?.schemas.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Version
          <select
            aria-label="Schema version"
            value={value.version ?? ""}
            disabled={!value.name}
            onChange={(e) => onChange({ ...value, version: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">{value.name && versions.isPending ? "Loading…" : "Choose a version"}</option>
            {versions.data?.versions.map((v) => (
              <option key={v.versionId} value={v.versionNumber} disabled={v.status !== "AVAILABLE"}>
                {v.versionNumber}
                {v.status !== "AVAILABLE" ? ` (${v.status})` : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Compression
          <select
            aria-label="Compression"
            value={value.compression}
            onChange={(e) => onChange({ ...value, compression: e.target.value === "zlib" ? "zlib" : "none" })}
          >
            <option value="none">None</option>
            <option value="zlib">zlib</option>
          </select>
        </label>
      </div>
      {format ? (
        <p className="muted small" data-testid="registry-schema-format">
          {FORMAT_WORDS[format]} schema: type the record as JSON; the server checks it against version {value.version ?? "…"} and writes it with the Glue Schema
          Registry&apos;s header (schema version id{value.compression === "zlib" ? ", zlib-compressed" : ""}).
          {format === "PROTOBUF" ? " Writing with a Protobuf schema is not supported: choose an Avro or JSON Schema schema." : ""}
        </p>
      ) : null}
      {registries.error ? <ErrorPanel error={registries.error} action="list the Glue schema registries" /> : null}
      {schemas.error ? <ErrorPanel error={schemas.error} action="list the registry's schemas" /> : null}
      {versions.error ? <ErrorPanel error={versions.error} action="list the schema's versions" /> : null}
    </div>
  );
}
