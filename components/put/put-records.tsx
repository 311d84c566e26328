"use client";
// The put form: a partition key (fixed, with placeholders, or random per record), an optional
// explicit hash key, and either data typed in (text, JSON, base64, hex) sent N times or a file
// with one record a line. It predicts each record's shard before sending, checks every record
// with the server's own rules, asks before writing to AWS, and shows where each record went.
import { useMemo, useState } from "react";
import type { ShardView } from "@/lib/streams/types";
import type { UploadItem } from "@/lib/put/batch-upload";
import { composeCopies, composeRecord, type KeyMode, type RecordTemplate } from "@/lib/put/compose-records";
import { DATA_ENCODINGS, type DataEncoding } from "@/lib/put/limits";
import { checkExplicitHashKey, checkPartitionKey, prepareRecord, type RecordField } from "@/lib/put/prepare-record";
import { buildUploadBatch, MAX_UPLOAD_BYTES, parseUpload } from "@/lib/put/parse-upload";
import { hasPlaceholders, unknownPlaceholders } from "@/lib/put/placeholders";
import { routingHashKey, shardForHashKey, shardPredictor } from "@/lib/put/predict-shard";
import { usePutUpload } from "@/lib/queries/put";
import { useShards } from "@/lib/queries/streams";
import { useTarget } from "@/lib/queries/target";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { formatBytes } from "@/lib/format/format";
import { PutResults, type PutResultRow } from "./put-results";
import { UploadFile, type LoadedFile } from "./upload-file";
import { UploadProgress } from "./upload-progress";
import { WriteTarget } from "./write-target";

export const MAX_COPIES = 10_000;
/** The browser builds every copy before sending; past this much data a tab struggles. */
const MAX_COMPOSED_BYTES = MAX_UPLOAD_BYTES;

const ENCODING_LABELS: Record<DataEncoding, string> = { text: "Text (UTF-8)", json: "JSON", base64: "Base64", hex: "Hex" };
const DATA_PLACEHOLDERS: Record<DataEncoding, string> = {
  text: "Any text; {{uuid}}, {{seq}} and {{now}} are replaced in each copy",
  json: '{"orderId": "{{uuid}}", "n": {{seq}}, "at": "{{now}}"}',
  base64: "aGVsbG8gd29ybGQ=",
  hex: "68 65 6c 6c 6f",
};
/** Preview values: the real ones are drawn per record when sending. */
const PREVIEW_DEPS = { now: () => new Date(), uuid: () => "00000000-0000-4000-8000-000000000000" };

interface Batch {
  items: UploadItem[];
  lines?: number[];
}

function problemsByField(problems: { field: RecordField; message: string }[]): Partial<Record<RecordField, string>> {
  const out: Partial<Record<RecordField, string>> = {};
  for (const p of problems) out[p.field] ??= p.message;
  return out;
}

function Prediction({ shards, keyMode, explicitHashKey, partitionKey }: { shards: ShardView[] | undefined; keyMode: KeyMode; explicitHashKey: string; partitionKey: string }) {
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
        ({hk ? "explicit hash key" : "MD5 of the partition key"} <span className="mono" data-testid="predicted-hash-key">{key.toString()}</span>)
      </span>
    </p>
  );
}

export function PutRecords({ stream }: { stream: string }) {
  const shards = useShards(stream);
  const target = useTarget();
  const upload = usePutUpload(stream);

  const [keyKind, setKeyKind] = useState<KeyMode["kind"]>("fixed");
  const [keyTemplate, setKeyTemplate] = useState("");
  const [explicitHashKey, setExplicitHashKey] = useState("");
  const [source, setSource] = useState<"compose" | "file">("compose");
  const [encoding, setEncoding] = useState<DataEncoding>("json");
  const [data, setData] = useState("");
  const [copiesText, setCopiesText] = useState("1");
  const [file, setFile] = useState<LoadedFile | undefined>();
  const [attempted, setAttempted] = useState(false);
  const [sendProblems, setSendProblems] = useState<string[]>([]);
  const [pending, setPending] = useState<Batch | undefined>();
  const [sent, setSent] = useState<Batch | undefined>();

  const keyMode: KeyMode = keyKind === "random" ? { kind: "random" } : { kind: "fixed", template: keyTemplate };
  const template: RecordTemplate = { key: keyMode, explicitHashKey, data, encoding };
  const copies = Number(copiesText);

  // The first copy stands for all of them: placeholders only ever produce letters, digits and '-:.'.
  const first = useMemo(() => composeRecord({ key: keyMode, explicitHashKey, data, encoding }, 1, PREVIEW_DEPS), [keyKind, keyTemplate, explicitHashKey, data, encoding]);
  const firstCheck = useMemo(() => prepareRecord(first), [first]);
  const copiesProblem =
    !Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES
      ? `Copies must be a whole number from 1 to ${MAX_COPIES.toLocaleString("en-US")}.`
      : firstCheck.ok && firstCheck.record.size * copies > MAX_COMPOSED_BYTES
        ? `${copies.toLocaleString("en-US")} copies of ${formatBytes(firstCheck.record.size)} are ${formatBytes(firstCheck.record.size * copies)}; send at most ${formatBytes(MAX_COMPOSED_BYTES)} at once.`
        : undefined;
  const fieldErrors = firstCheck.ok ? {} : problemsByField(firstCheck.problems);
  const unknown = unknownPlaceholders(`${keyKind === "fixed" ? keyTemplate : ""}\n${source === "compose" ? data : ""}`);

  const parsedFile = useMemo(() => (file ? parseUpload(file.text, file.format) : undefined), [file]);
  const fileBatch = useMemo(
    () => (parsedFile ? buildUploadBatch(parsedFile, { key: keyMode, explicitHashKey }) : undefined),
    [parsedFile, keyKind, keyTemplate, explicitHashKey],
  );
  // Lines without a key of their own need the form's key; only then does its problem matter.
  const fileNeedsDefaultKey = !!parsedFile?.records.some((r) => r.partitionKey === undefined);
  const showKeyError = fieldErrors.partitionKey && (attempted || keyTemplate !== "") && (source === "compose" || fileNeedsDefaultKey);

  const jsonValue = useMemo(() => {
    if (encoding !== "json") return undefined;
    try {
      return { value: JSON.parse(data) as unknown };
    } catch {
      return undefined;
    }
  }, [data, encoding]);

  const running = upload.run.phase === "running";
  const predictor = useMemo(() => (shards.data ? shardPredictor(shards.data.shards) : undefined), [shards.data]);

  const buildBatch = (): Batch | string[] => {
    if (source === "compose") {
      if (copiesProblem) return [copiesProblem];
      const inputs = composeCopies(template, copies);
      const problems: string[] = [];
      const items: UploadItem[] = [];
      inputs.forEach((input, i) => {
        const r = prepareRecord(input);
        if (r.ok) items.push({ input, size: r.record.size });
        else for (const p of r.problems) problems.push(inputs.length > 1 ? `Copy ${i + 1}: ${p.message}` : p.message);
      });
      if (problems.length > 0) return problems;
      return { items };
    }
    if (!fileBatch) return ["Choose a file first."];
    if (fileBatch.problems.length > 0) {
      return [`${fileBatch.problems.length.toLocaleString("en-US")} lines are not valid records; fix them and choose the file again. Nothing was sent.`];
    }
    // Draw fresh random keys and uuids for this send rather than reuse the preview's.
    const fresh = buildUploadBatch(parsedFile!, { key: keyMode, explicitHashKey });
    return { items: fresh.items, lines: fresh.lines };
  };

  const startBatch = (batch: Batch) => {
    setPending(undefined);
    setSent(batch);
    void upload.start(batch.items);
  };

  const onSend = () => {
    setAttempted(true);
    const batch = buildBatch();
    if (Array.isArray(batch)) {
      setSendProblems(batch);
      return;
    }
    setSendProblems([]);
    // Anything but a known local emulator is a real account: ask first.
    if (target.data?.local) startBatch(batch);
    else setPending(batch);
  };

  const count = source === "compose" ? (copiesProblem ? 0 : copies) : fileBatch && fileBatch.problems.length === 0 ? fileBatch.items.length : 0;
  const sendLabel = `Put ${count.toLocaleString("en-US")} record${count === 1 ? "" : "s"}`;

  const resultRows: PutResultRow[] | undefined = useMemo(() => {
    if (upload.run.phase !== "finished" || !sent) return undefined;
    return upload.run.report.outcomes.map((outcome, i) => {
      const input = sent.items[i]?.input;
      return {
        n: i + 1,
        line: sent.lines?.[i],
        partitionKey: input?.partitionKey ?? "",
        predicted: input ? predictor?.(input.partitionKey, input.explicitHashKey) : undefined,
        outcome,
      };
    });
  }, [upload.run, sent, predictor]);

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
          if (!running) onSend();
        }}
      >
        <fieldset disabled={running}>
          <div className="row" style={{ alignItems: "flex-start" }}>
            <div className="field" style={{ minWidth: 320, flex: 1 }}>
              <span>Partition key</span>
              <div className="row" role="radiogroup" aria-label="Partition key mode">
                <label className="small">
                  <input type="radio" name="key-mode" checked={keyKind === "fixed"} onChange={() => setKeyKind("fixed")} /> Fixed key
                </label>
                <label className="small">
                  <input type="radio" name="key-mode" checked={keyKind === "random"} onChange={() => setKeyKind("random")} /> Random per record
                </label>
              </div>
              {keyKind === "fixed" ? (
                <input
                  type="text"
                  className="mono"
                  aria-label="Partition key"
                  placeholder="customer-42 or key-{{seq}}"
                  value={keyTemplate}
                  onChange={(e) => setKeyTemplate(e.target.value)}
                  aria-invalid={showKeyError ? true : undefined}
                />
              ) : (
                <span className="muted small">A new UUID for every record.</span>
              )}
              {showKeyError ? (
                <span className="field-error" data-testid="error-partitionKey">
                  {fieldErrors.partitionKey}
                </span>
              ) : null}
            </div>
            <label className="field" style={{ minWidth: 320, flex: 1 }}>
              Explicit hash key (optional)
              <input
                type="text"
                className="mono"
                aria-label="Explicit hash key"
                placeholder="0 … 340282366920938463463374607431768211455"
                value={explicitHashKey}
                onChange={(e) => setExplicitHashKey(e.target.value)}
                aria-invalid={fieldErrors.explicitHashKey ? true : undefined}
              />
              {fieldErrors.explicitHashKey ? (
                <span className="field-error" data-testid="error-explicitHashKey">
                  {fieldErrors.explicitHashKey}
                </span>
              ) : null}
            </label>
          </div>
          {source === "compose" || fileNeedsDefaultKey ? (
            <Prediction shards={shards.data?.shards} keyMode={keyMode} explicitHashKey={explicitHashKey} partitionKey={first.partitionKey} />
          ) : null}

          <div className="segmented" role="group" aria-label="Records from">
            <button type="button" aria-pressed={source === "compose"} onClick={() => setSource("compose")}>
              Compose
            </button>
            <button type="button" aria-pressed={source === "file"} onClick={() => setSource("file")}>
              Upload a file
            </button>
          </div>

          {source === "compose" ? (
            <div>
              <div className="row" style={{ alignItems: "flex-end", marginBottom: 6 }}>
                <label className="field">
                  Data encoding
                  <select aria-label="Encoding" value={encoding} onChange={(e) => setEncoding(e.target.value as DataEncoding)}>
                    {DATA_ENCODINGS.map((d) => (
                      <option key={d} value={d}>
                        {ENCODING_LABELS[d]}
                      </option>
                    ))}
                  </select>
                </label>
                {encoding === "json" ? (
                  <>
                    <button type="button" disabled={!jsonValue} onClick={() => jsonValue && setData(JSON.stringify(jsonValue.value, null, 2))}>
                      Format JSON
                    </button>
                    <button type="button" disabled={!jsonValue} onClick={() => jsonValue && setData(JSON.stringify(jsonValue.value))}>
                      Compact JSON
                    </button>
                  </>
                ) : null}
                <label className="field">
                  Copies
                  <input type="number" aria-label="Copies" min={1} max={MAX_COPIES} value={copiesText} onChange={(e) => setCopiesText(e.target.value)} style={{ width: 110 }} />
                </label>
                <span className="muted small">
                  {firstCheck.ok ? `${formatBytes(firstCheck.record.data.byteLength)} per record` : ""}
                </span>
              </div>
              <textarea
                className="mono"
                aria-label="Data"
                rows={10}
                spellCheck={false}
                placeholder={DATA_PLACEHOLDERS[encoding]}
                value={data}
                onChange={(e) => setData(e.target.value)}
                aria-invalid={fieldErrors.data ? true : undefined}
              />
              {fieldErrors.data ? (
                <span className="field-error" data-testid="error-data">
                  {fieldErrors.data}
                </span>
              ) : null}
              {copiesProblem ? (
                <span className="field-error" data-testid="error-copies">
                  {copiesProblem}
                </span>
              ) : null}
              <p className="muted small">
                Placeholders in the key and data: <code>{"{{uuid}}"}</code> a new UUID, <code>{"{{seq}}"}</code> the copy number (1, 2, …),{" "}
                <code>{"{{now}}"}</code> the time (ISO 8601).
              </p>
            </div>
          ) : (
            <UploadFile
              file={file}
              onFile={setFile}
              parsed={parsedFile}
              batch={fileBatch}
              defaultKeyProblem={keyKind === "fixed" && keyTemplate === "" ? checkPartitionKey("") : undefined}
            />
          )}
          {unknown.length > 0 ? (
            <p className="small warn-text" data-testid="unknown-placeholders">
              Not a placeholder, sent as written: {unknown.map((u) => `{{${u}}}`).join(", ")}
            </p>
          ) : null}
        </fieldset>

        {sendProblems.length > 0 ? (
          <div className="error-panel" role="alert" data-testid="send-problems">
            <strong>Nothing was sent.</strong>
            <ul>
              {sendProblems.slice(0, 20).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
              {sendProblems.length > 20 ? <li>… and {sendProblems.length - 20} more</li> : null}
            </ul>
          </div>
        ) : null}

        <div className="row" style={{ marginTop: 10 }}>
          <button type="submit" className="primary" disabled={running || count === 0} data-testid="send">
            {sendLabel}
          </button>
          {running ? (
            <button type="button" onClick={upload.stop} disabled={upload.run.phase === "running" && upload.run.cancelling} data-testid="cancel">
              {upload.run.phase === "running" && upload.run.cancelling ? "Cancelling…" : "Cancel"}
            </button>
          ) : null}
          <span className="muted small">
            {running && upload.run.phase === "running" && upload.run.cancelling ? "No new requests start; the ones in flight finish so their results are known." : ""}
          </span>
        </div>
        {upload.run.phase === "running" ? <UploadProgress progress={upload.run.progress} running /> : null}
        {upload.run.phase === "finished" ? (
          <div style={{ marginTop: 8 }}>
            <UploadProgress progress={upload.run.report.progress} running={false} />
            <p className="small" data-testid="upload-state" data-state={upload.run.report.state}>
              {upload.run.report.state === "done"
                ? upload.run.report.progress.failed === 0
                  ? "Done: every record was written."
                  : "Done: some records failed; see the results."
                : upload.run.report.state === "cancelled"
                  ? "Cancelled: the records left were not sent."
                  : `Stopped: ${upload.run.report.error?.message ?? "the server refused a request"}`}
            </p>
          </div>
        ) : null}
      </form>

      {pending ? (
        <ConfirmDialog
          title="Write to AWS?"
          confirmLabel={`Put ${pending.items.length.toLocaleString("en-US")} record${pending.items.length === 1 ? "" : "s"}`}
          onConfirm={() => startBatch(pending)}
          onCancel={() => setPending(undefined)}
        >
          <p>
            This writes {pending.items.length.toLocaleString("en-US")} record{pending.items.length === 1 ? "" : "s"} to stream <b>{stream}</b> in account{" "}
            <b>{target.data?.account ?? "unknown"}</b>, region <b>{target.data?.region ?? "unknown"}</b> ({target.data?.endpoint ?? "endpoint unknown"}).
          </p>
          <p className="muted">Records cannot be deleted from a Kinesis stream; every consumer of the stream will read them.</p>
        </ConfirmDialog>
      ) : null}

      {resultRows ? <PutResults stream={stream} rows={resultRows} showLines={!!sent?.lines} /> : null}
    </div>
  );
}
