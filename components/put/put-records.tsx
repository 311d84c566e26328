"use client";
// The put form: a partition key (fixed, with placeholders, or random per record), an optional
// explicit hash key, and either data typed in (text, JSON, base64, hex) sent N times or a file
// with one record a line. It predicts each record's shard before sending, checks every record
// with the server's own rules, asks before writing to AWS, and shows where each record went. The
// URL's `key`, `encoding` and `data` prefill it ("Put a copy" of a record).
import { useState } from "react";
import type { ShardView } from "@/lib/streams/types";
import { putPrefillFromParams } from "@/lib/records/record-links";
import { useUrlState } from "@/lib/queries/use-url-state";
import type { KeyMode } from "@/lib/put/compose-records";
import { DATA_ENCODINGS, type DataEncoding } from "@/lib/put/limits";
import { checkExplicitHashKey } from "@/lib/put/prepare-record";
import { hasPlaceholders } from "@/lib/put/placeholders";
import { routingHashKey, shardForHashKey } from "@/lib/put/predict-shard";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { FieldError } from "@/components/ui/field-error";
import { formatBytes } from "@/lib/format/format";
import { SelectField } from "@/components/ui/select-field";
import { PutResults } from "./put-results";
import { RegistrySchemaFields } from "./registry-schema-fields";
import { UploadFile } from "./upload-file";
import { UploadProgress } from "./upload-progress";
import { MAX_COPIES, usePutForm } from "./use-put-form";
import { WriteTarget } from "./write-target";

const ENCODING_LABELS: Record<DataEncoding, string> = { text: "Text (UTF-8)", json: "JSON", base64: "Base64", hex: "Hex" };
const DATA_PLACEHOLDERS: Record<DataEncoding, string> = {
  text: "Any text; {{uuid}}, {{seq}} and {{now}} are replaced in each copy",
  json: '{"orderId": "{{uuid}}", "n": {{seq}}, "at": "{{now}}"}',
  base64: "aGVsbG8gd29ybGQ=",
  hex: "68 65 6c 6c 6f",
};
function Prediction({
  shards,
  keyMode,
  explicitHashKey,
  partitionKey,
}: {
  shards: ShardView[] | undefined;
  keyMode: KeyMode;
  explicitHashKey: string;
  partitionKey: string;
}) {
  const hk = explicitHashKey.trim() ? checkExplicitHashKey(explicitHashKey) : undefined;
  if (hk && !hk.ok) return null;
  const varies = !hk && (keyMode.kind === "random" || hasPlaceholders(keyMode.template));
  if (varies) {
    return (
      <p className="muted small" data-testid="predicted-shard" data-shard="">
        The key differs per record, so each record&apos;s shard is predicted when it is built (see the results).
      </p>
    );
  }
  if (!hk && partitionKey === "") return null;
  if (!shards) return <p className="skeleton small">Loading shards…</p>;
  const key = routingHashKey(partitionKey, hk?.ok ? hk.value : undefined);
  const shard = shardForHashKey(key, shards);
  return (
    <p className="small" data-testid="predicted-shard" data-shard={shard?.shardId ?? ""}>
      Lands on <b className="mono">{shard?.shardId ?? "no open shard"}</b>{" "}
      <span className="muted">
        ({hk ? "explicit hash key" : "MD5 of the partition key"}{" "}
        <span className="mono" data-testid="predicted-hash-key">
          {key.toString()}
        </span>
        )
      </span>
    </p>
  );
}

export function PutRecords({ stream }: { stream: string }) {
  const [params] = useUrlState();
  // Read once: the URL's values are where the form starts, not a binding.
  const [initial] = useState(() => putPrefillFromParams(params));
  const form = usePutForm(stream, initial);
  const { shards, target, run, running, cancelling, errors } = form;
  const { keyKind, keyTemplate, explicitHashKey, source, encoding, data, copiesText, file } = form.fields;
  const { jsonValue, firstCheck, pending } = form;
  const sendLabel = `Put ${form.count.toLocaleString("en-US")} record${form.count === 1 ? "" : "s"}`;

  return (
    <div>
      <WriteTarget stream={stream} target={target.data} />
      {target.error ? <ErrorPanel error={target.error} action="load the write target" /> : null}
      {shards.error ? <ErrorPanel error={shards.error} action="list shards for the prediction" /> : null}

      <form
        className="panel put-form"
        aria-label="Put records"
        onSubmit={(e) => {
          e.preventDefault();
          form.send();
        }}
      >
        <fieldset disabled={running}>
          <div className="row align-start">
            <div className="field wide-field">
              <span>Partition key</span>
              <div className="row" role="radiogroup" aria-label="Partition key mode">
                <label className="small">
                  <input type="radio" name="key-mode" checked={keyKind === "fixed"} onChange={() => form.setKeyKind("fixed")} /> Fixed key
                </label>
                <label className="small">
                  <input type="radio" name="key-mode" checked={keyKind === "random"} onChange={() => form.setKeyKind("random")} /> Random per record
                </label>
              </div>
              {keyKind === "fixed" ? (
                <input
                  type="text"
                  className="mono grow-input"
                  aria-label="Partition key"
                  placeholder="customer-42 or key-{{seq}}"
                  value={keyTemplate}
                  onChange={(e) => form.setKeyTemplate(e.target.value)}
                  aria-invalid={errors.partitionKey ? true : undefined}
                />
              ) : (
                <span className="muted small">A new UUID for every record.</span>
              )}
              {errors.partitionKey ? <FieldError testId="error-partitionKey">{errors.partitionKey}</FieldError> : null}
            </div>
            <label className="field wide-field">
              Explicit hash key (optional)
              <input
                type="text"
                className="mono"
                aria-label="Explicit hash key"
                placeholder="0 … 340282366920938463463374607431768211455"
                value={explicitHashKey}
                onChange={(e) => form.setExplicitHashKey(e.target.value)}
                aria-invalid={errors.explicitHashKey ? true : undefined}
              />
              {errors.explicitHashKey ? <FieldError testId="error-explicitHashKey">{errors.explicitHashKey}</FieldError> : null}
            </label>
          </div>
          {source === "compose" || form.fileNeedsDefaultKey ? (
            <Prediction shards={shards.data?.shards} keyMode={form.keyMode} explicitHashKey={explicitHashKey} partitionKey={form.first.partitionKey} />
          ) : null}

          <div className="segmented" role="group" aria-label="Records from">
            <button type="button" aria-pressed={source === "compose"} onClick={() => form.setSource("compose")}>
              Compose
            </button>
            <button type="button" aria-pressed={source === "file"} onClick={() => form.setSource("file")}>
              Upload a file
            </button>
          </div>

          <label className="small row mb-6">
            <input type="checkbox" checked={form.withSchema} onChange={(e) => form.setWithSchema(e.target.checked)} aria-label="Write with a schema" /> Write
            with a schema from the Glue Schema Registry (the record is typed as JSON)
          </label>
          {form.withSchema ? <RegistrySchemaFields value={form.registryChoice} onChange={form.setRegistryChoice} /> : null}

          {source === "compose" ? (
            <div>
              <div className="row align-end mb-6">
                <SelectField
                  label="Data encoding"
                  ariaLabel="Encoding"
                  disabled={form.withSchema}
                  value={encoding}
                  options={DATA_ENCODINGS}
                  optionLabel={(d) => ENCODING_LABELS[d]}
                  onChange={form.setEncoding}
                />
                {encoding === "json" ? (
                  <>
                    <button type="button" disabled={!jsonValue} onClick={() => jsonValue && form.setData(JSON.stringify(jsonValue.value, null, 2))}>
                      Format JSON
                    </button>
                    <button type="button" disabled={!jsonValue} onClick={() => jsonValue && form.setData(JSON.stringify(jsonValue.value))}>
                      Compact JSON
                    </button>
                  </>
                ) : null}
                <label className="field">
                  Copies
                  <input
                    type="number"
                    aria-label="Copies"
                    min={1}
                    max={MAX_COPIES}
                    value={copiesText}
                    onChange={(e) => form.setCopiesText(e.target.value)}
                    className="w-110"
                  />
                </label>
                <span className="muted small">{firstCheck.ok ? `${formatBytes(firstCheck.record.data.byteLength)} per record` : ""}</span>
              </div>
              <textarea
                className="mono"
                aria-label="Data"
                rows={10}
                spellCheck={false}
                placeholder={DATA_PLACEHOLDERS[encoding]}
                value={data}
                onChange={(e) => form.setData(e.target.value)}
                aria-invalid={errors.data ? true : undefined}
              />
              {errors.data ? <FieldError testId="error-data">{errors.data}</FieldError> : null}
              {errors.copies ? <FieldError testId="error-copies">{errors.copies}</FieldError> : null}
              <p className="muted small">
                Placeholders in the key and data: <code>{"{{uuid}}"}</code> a new UUID, <code>{"{{seq}}"}</code> the copy number (1, 2, …),{" "}
                <code>{"{{now}}"}</code> the time (ISO 8601).
              </p>
            </div>
          ) : (
            <UploadFile file={file} onFile={form.setFile} parsed={form.parsedFile} batch={form.fileBatch} defaultKeyProblem={form.defaultKeyProblem} />
          )}
          {form.unknownPlaceholders.length > 0 ? (
            <p className="small warn-text" data-testid="unknown-placeholders">
              Not a placeholder, sent as written: {form.unknownPlaceholders.map((u) => `{{${u}}}`).join(", ")}
            </p>
          ) : null}
        </fieldset>

        {form.sendProblems.length > 0 ? (
          <div className="error-panel" role="alert" data-testid="send-problems">
            <strong>Nothing was sent.</strong>
            <ul>
              {form.sendProblems.slice(0, 20).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
              {form.sendProblems.length > 20 ? <li>… and {form.sendProblems.length - 20} more</li> : null}
            </ul>
          </div>
        ) : null}

        <div className="row mt-10">
          <button type="submit" className="primary" disabled={running || form.count === 0} data-testid="send">
            {sendLabel}
          </button>
          {running ? (
            <button type="button" onClick={form.cancel} disabled={cancelling} data-testid="cancel">
              {cancelling ? "Cancelling…" : "Cancel"}
            </button>
          ) : null}
          <span className="muted small">{cancelling ? "No new requests start; the ones in flight finish so their results are known." : ""}</span>
        </div>
        {run.phase === "running" ? <UploadProgress progress={run.progress} running /> : null}
        {run.phase === "finished" ? (
          <div className="mt-8">
            <UploadProgress progress={run.report.progress} running={false} />
            <p className="small" data-testid="upload-state" data-state={run.report.state}>
              {run.report.state === "done"
                ? run.report.progress.failed === 0
                  ? "Done: every record was written."
                  : "Done: some records failed; see the results."
                : run.report.state === "cancelled"
                  ? "Cancelled: the records left were not sent."
                  : `Stopped: ${run.report.error?.message ?? "the server refused a request"}`}
            </p>
          </div>
        ) : null}
      </form>

      {pending ? (
        <ConfirmDialog
          title="Write to AWS?"
          confirmLabel={`Put ${pending.items.length.toLocaleString("en-US")} record${pending.items.length === 1 ? "" : "s"}`}
          onConfirm={form.confirm}
          onCancel={form.dismiss}
        >
          <p>
            This writes {pending.items.length.toLocaleString("en-US")} record{pending.items.length === 1 ? "" : "s"} to stream <b>{stream}</b> in account{" "}
            <b>{target.data?.account ?? "unknown"}</b>, region <b>{target.data?.region ?? "unknown"}</b> ({target.data?.endpoint ?? "endpoint unknown"}).
          </p>
          <p className="muted">Records cannot be deleted from a Kinesis stream; every consumer of the stream will read them.</p>
        </ConfirmDialog>
      ) : null}

      {form.resultRows ? <PutResults stream={stream} rows={form.resultRows} showLines={!!form.sent?.lines} /> : null}
    </div>
  );
}
