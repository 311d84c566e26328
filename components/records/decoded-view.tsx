// Renders a decoded payload whatever it turned out to be: JSON, text, a hex dump, or the
// sub-records of a KPL aggregate or a CloudWatch Logs envelope, each decoded on its own; records
// decoded by a schema (Glue Schema Registry, a file attached to the stream) name it, and the
// detail view shows its text.
import { hasJsonValue, type DecodedPayload, type SchemaInfo } from "@/lib/records/types";
import { formatBytes, formatTime } from "@/lib/format/format";
import { JsonTree } from "./json-tree";

export function DecodeChain({ chain }: { chain: string[] }) {
  return (
    <span className="chain small" data-testid="decode-chain">
      {chain.map((step, i) => (
        <span key={`${step}-${i}`} className="badge info">
          {step}
        </span>
      ))}
    </span>
  );
}

export function DecodedView({ decoded, depth = 0 }: { decoded: DecodedPayload; depth?: number }) {
  return (
    <div>
      {decoded.warning ? <p className="badge warn">{decoded.warning}</p> : null}
      {decoded.schema ? <SchemaFacts schema={decoded.schema} format={decoded.format} /> : null}
      {hasJsonValue(decoded.format) && decoded.value !== undefined ? <JsonTree value={decoded.value} /> : null}
      {decoded.format === "text" ? (
        <pre className="payload" data-testid="payload-text" tabIndex={0} aria-label="Payload text">
          {decoded.text}
        </pre>
      ) : null}
      {decoded.format === "binary" ? (
        <pre className="payload" data-testid="payload-hex" tabIndex={0} aria-label="Payload hex dump">
          {decoded.text}
        </pre>
      ) : null}
      {decoded.format === "empty" ? <p className="muted">Empty payload.</p> : null}
      {decoded.format === "kpl" ? (
        <div data-testid="kpl-subrecords">
          <h3>KPL aggregate: {decoded.subRecords?.length ?? 0} user records</h3>
          {decoded.subRecords?.map((r, i) => (
            <div key={i} className="subrecord" data-testid="kpl-subrecord">
              <div className="row small">
                <span className="muted">#{i}</span>
                <span>
                  partition key{" "}
                  <b className="mono" data-testid="subrecord-partition-key">
                    {r.partitionKey}
                  </b>
                </span>
                {r.explicitHashKey ? <span className="mono muted">explicit hash key {r.explicitHashKey}</span> : null}
                <span className="muted">{formatBytes(r.size)}</span>
                <DecodeChain chain={r.decoded.chain} />
              </div>
              <DecodedView decoded={r.decoded} depth={depth + 1} />
            </div>
          ))}
        </div>
      ) : null}
      {decoded.format === "cwlogs" ? <CloudWatchLogsView decoded={decoded} depth={depth} /> : null}
    </div>
  );
}

const SOURCE_LABELS: Record<SchemaInfo["source"], string> = {
  glue: "Glue Schema Registry",
  file: "Schema attached to the stream",
  confluent: "Confluent Schema Registry framing",
};

const FORMAT_LABELS: Record<string, string> = { avro: "Avro", protobuf: "Protobuf", jsonschema: "JSON Schema" };

/** Where the schema came from, its name and version, and (detail view) its text. */
function SchemaFacts({ schema, format }: { schema: SchemaInfo; format: DecodedPayload["format"] }) {
  return (
    <div className="subrecord" data-testid="decoded-schema">
      <dl className="facts small spaced">
        <dt>Schema</dt>
        <dd>
          {SOURCE_LABELS[schema.source]}
          {FORMAT_LABELS[format] ? ` · ${FORMAT_LABELS[format]}` : ""}
        </dd>
        {schema.registry ? (
          <>
            <dt>Registry</dt>
            <dd className="mono" data-testid="schema-registry">
              {schema.registry}
            </dd>
          </>
        ) : null}
        <dt>Name</dt>
        <dd className="mono" data-testid="schema-name">
          {schema.name}
        </dd>
        {schema.version !== undefined ? (
          <>
            <dt>Version</dt>
            <dd className="mono" data-testid="schema-version">
              {schema.version}
            </dd>
          </>
        ) : null}
        {schema.versionId && schema.source !== "confluent" ? (
          <>
            <dt>Version id</dt>
            <dd className="mono">{schema.versionId}</dd>
          </>
        ) : null}
      </dl>
      {schema.definition !== undefined ? (
        <details>
          <summary>Schema text</summary>
          <pre className="payload" data-testid="schema-definition" tabIndex={0} aria-label="Schema text">
            {schema.definition}
          </pre>
        </details>
      ) : null}
    </div>
  );
}

function CloudWatchLogsView({ decoded, depth }: { decoded: DecodedPayload; depth: number }) {
  const env = (decoded.value ?? {}) as Record<string, unknown>;
  const events = decoded.subRecords ?? [];
  return (
    <div data-testid="cwlogs">
      <dl className="facts small spaced">
        {["messageType", "owner", "logGroup", "logStream"].map((k) =>
          env[k] !== undefined ? (
            <div key={k} className="contents">
              <dt>{k}</dt>
              <dd className="mono">{String(env[k])}</dd>
            </div>
          ) : null,
        )}
        {Array.isArray(env.subscriptionFilters) ? (
          <>
            <dt>subscriptionFilters</dt>
            <dd className="mono">{(env.subscriptionFilters as unknown[]).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <h3>{events.length} log events</h3>
      {events.map((e, i) => (
        <div key={e.id ?? i} className="subrecord" data-testid="log-event">
          <div className="row small">
            <span className="mono">{e.timestamp !== undefined ? formatTime(e.timestamp) : "–"}</span>
            <span className="muted mono">id {e.id}</span>
            <DecodeChain chain={e.decoded.chain} />
          </div>
          <DecodedView decoded={e.decoded} depth={depth + 1} />
        </div>
      ))}
    </div>
  );
}
