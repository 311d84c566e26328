"use client";
// Choosing a file of records: its format, how many records it holds, and every line that is not
// a valid record, by line number. Nothing can be sent while any line is bad.
import { useState } from "react";
import type { LineProblem, ParsedUpload, UploadBatch, UploadFormat } from "@/lib/put/parse-upload";
import { formatFromFileName, lineRanges, MAX_UPLOAD_BYTES, UPLOAD_FORMATS } from "@/lib/put/parse-upload";
import { formatBytes } from "@/lib/format/format";
import { SelectField } from "@/components/ui/select-field";

export interface LoadedFile {
  name: string;
  size: number;
  text: string;
  format: UploadFormat;
}

const FORMAT_LABELS: Record<UploadFormat, string> = {
  ndjson: "NDJSON (one JSON value a line)",
  csv: "CSV with a header row",
  text: "Text (one record a line)",
};
/** Every bad line is listed; past this many the list would only slow the page down. */
const SHOWN_PROBLEMS = 10_000;

/** The empty-key problem (the form's key is empty) is told once, with its lines, not once a line. */
function groupProblems(problems: LineProblem[], keyProblem: string | undefined): { keyLines: number[]; rest: LineProblem[] } {
  if (!keyProblem) return { keyLines: [], rest: problems };
  return { keyLines: problems.filter((p) => p.message === keyProblem).map((p) => p.line), rest: problems.filter((p) => p.message !== keyProblem) };
}

export function UploadFile({
  file,
  onFile,
  parsed,
  batch,
  defaultKeyProblem,
}: {
  file: LoadedFile | undefined;
  onFile: (f: LoadedFile | undefined) => void;
  parsed: ParsedUpload | undefined;
  batch: UploadBatch | undefined;
  defaultKeyProblem: string | undefined;
}) {
  const [readError, setReadError] = useState<string | undefined>();

  const choose = async (f: File | undefined) => {
    setReadError(undefined);
    if (!f) return onFile(undefined);
    if (f.size > MAX_UPLOAD_BYTES) {
      onFile(undefined);
      setReadError(`${f.name} is ${formatBytes(f.size)}; files up to ${formatBytes(MAX_UPLOAD_BYTES)} can be uploaded from the browser.`);
      return;
    }
    try {
      onFile({ name: f.name, size: f.size, text: await f.text(), format: formatFromFileName(f.name) });
    } catch {
      onFile(undefined);
      setReadError(`Could not read ${f.name}.`);
    }
  };

  const grouped = batch ? groupProblems(batch.problems, defaultKeyProblem) : undefined;
  const badLines = batch ? new Set(batch.problems.map((p) => p.line)).size : 0;

  return (
    <div data-testid="upload-file">
      <div className="row align-end">
        <label className="field">
          File (.ndjson, .jsonl, .csv, .txt)
          <input
            type="file"
            aria-label="File"
            accept=".ndjson,.jsonl,.json,.csv,.txt,text/plain,text/csv,application/x-ndjson"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
        <SelectField
          label="Format"
          ariaLabel="File format"
          value={file?.format ?? "ndjson"}
          disabled={!file}
          options={UPLOAD_FORMATS}
          optionLabel={(f) => FORMAT_LABELS[f]}
          onChange={(format) => file && onFile({ ...file, format })}
        />
      </div>
      <p className="muted small">
        NDJSON: each line is a record&apos;s JSON data, or <code>{'{"partitionKey": …, "explicitHashKey": …, "data": …, "encoding": …}'}</code> to give the line
        its own key and data. CSV: with a <code>data</code> column the columns <code>partitionKey</code>, <code>explicitHashKey</code>, <code>data</code> and{" "}
        <code>encoding</code> fill the record; otherwise each row is sent as a JSON object. Lines without their own key use the key above.
      </p>
      {readError ? (
        <div className="error-panel" role="alert">
          {readError}
        </div>
      ) : null}
      {file && parsed && batch && grouped ? (
        <div>
          <p className="small" data-testid="upload-summary" data-records={batch.items.length} data-bad-lines={badLines}>
            <b>{file.name}</b> ({formatBytes(file.size)}): {batch.items.length.toLocaleString("en-US")} valid record{batch.items.length === 1 ? "" : "s"}
            {badLines > 0 ? (
              <>
                ,{" "}
                <b className="error-text">
                  {badLines.toLocaleString("en-US")} bad line{badLines === 1 ? "" : "s"}
                </b>
                . Nothing is sent until every line is valid.
              </>
            ) : (
              "."
            )}
          </p>
          {grouped.keyLines.length > 0 ? (
            <p className="field-error" data-testid="upload-key-problem">
              {grouped.keyLines.length === 1 ? "Line" : "Lines"} {lineRanges(grouped.keyLines)}: {defaultKeyProblem} Lines without a key of their own take the
              key above: enter one, or choose Random per record.
            </p>
          ) : null}
          {grouped.rest.length > 0 ? (
            <ul className="line-problems" data-testid="upload-problems">
              {grouped.rest.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                <li key={i} data-line={p.line}>
                  <b>line {p.line}</b>: {p.message}
                </li>
              ))}
              {grouped.rest.length > SHOWN_PROBLEMS ? <li>… and {(grouped.rest.length - SHOWN_PROBLEMS).toLocaleString("en-US")} more problems</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
