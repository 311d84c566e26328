// Renders a decoded payload whatever it turned out to be: JSON, text, a hex dump, or the
// sub-records of a KPL aggregate or a CloudWatch Logs envelope, each decoded on its own.
import type { DecodedPayload } from "@/lib/records/types";
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
      {decoded.format === "json" ? <JsonTree value={decoded.value} /> : null}
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
