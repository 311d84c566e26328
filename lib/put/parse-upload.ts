// Reads an uploaded file into records, one per line (or CSV row), and reports every line that
// cannot become a valid record with its line number. Nothing is sent until none is left.
//   NDJSON: a line is the record's JSON data, or an envelope {"data": …, "partitionKey"?,
//           "explicitHashKey"?, "encoding"?} that carries its own key and data.
//   CSV:    comma-separated with a header row. With a `data` column the columns partitionKey,
//           explicitHashKey, data and encoding fill the record; otherwise each row is sent as a
//           JSON object keyed by the header.
//   Text:   each line is one record's data as UTF-8 text.
import Papa from "papaparse";
import { checkJson } from "./json-check";
import { DATA_ENCODINGS, type DataEncoding } from "./limits";
import { keyFor, type ComposeDeps, type KeyMode, defaultComposeDeps } from "./compose-records";
import { prepareRecord, type PutRecordInput } from "./prepare-record";
import type { UploadItem } from "./batch-upload";

export const UPLOAD_FORMATS = ["ndjson", "csv", "text"] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

/** Browsers hold the whole file and its records in memory; beyond this a tab struggles. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

export function formatFromFileName(name: string): UploadFormat {
  const ext = name.toLowerCase().split(".").at(-1) ?? "";
  if (ext === "ndjson" || ext === "jsonl" || ext === "json") return "ndjson";
  if (ext === "csv") return "csv";
  return "text";
}

/** A line's record before the form's defaults (partition key) are applied. */
export interface LineRecord {
  line: number;
  partitionKey?: string;
  explicitHashKey?: string;
  data: string;
  encoding: DataEncoding;
}

export interface LineProblem {
  line: number;
  message: string;
}

export interface ParsedUpload {
  records: LineRecord[];
  problems: LineProblem[];
}

const ENVELOPE_KEYS = new Set(["partitionKey", "explicitHashKey", "data", "encoding"]);

function isEncoding(v: unknown): v is DataEncoding {
  return typeof v === "string" && (DATA_ENCODINGS as readonly string[]).includes(v);
}

function splitLines(text: string): string[] {
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines.at(-1) === "") lines.pop(); // the file's final newline
  return lines;
}

function parseNdjson(text: string): ParsedUpload {
  const records: LineRecord[] = [];
  const problems: LineProblem[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    const check = checkJson(raw);
    if (!check.ok) {
      problems.push({ line, message: `Invalid JSON: ${check.reason} at column ${check.offset + 1}` });
      return;
    }
    const v = check.value;
    const isEnvelope = typeof v === "object" && v !== null && !Array.isArray(v) && "data" in v && Object.keys(v).every((k) => ENVELOPE_KEYS.has(k));
    if (!isEnvelope) {
      records.push({ line, data: raw, encoding: "json" });
      return;
    }
    const env = v as Record<string, unknown>;
    const before = problems.length;
    if (env.partitionKey !== undefined && typeof env.partitionKey !== "string") {
      problems.push({ line, message: "partitionKey must be a string." });
    }
    if (env.explicitHashKey !== undefined && typeof env.explicitHashKey !== "string") {
      problems.push({ line, message: "explicitHashKey must be a string of digits (JSON numbers lose precision above 2^53)." });
    }
    if (env.encoding !== undefined && !isEncoding(env.encoding)) {
      problems.push({ line, message: `encoding must be one of ${DATA_ENCODINGS.join(", ")}.` });
    }
    let data: string;
    let encoding: DataEncoding;
    if (typeof env.data === "string") {
      data = env.data;
      encoding = isEncoding(env.encoding) ? env.encoding : "text";
    } else {
      if (env.encoding !== undefined && env.encoding !== "json") {
        problems.push({
          line,
          message: `data is a JSON ${Array.isArray(env.data) ? "array" : env.data === null ? "null" : typeof env.data}, so encoding must be json (or left out); a string holds text, base64 or hex.`,
        });
      }
      data = JSON.stringify(env.data);
      encoding = "json";
    }
    if (problems.length > before) return;
    records.push({
      line,
      data,
      encoding,
      ...(typeof env.partitionKey === "string" ? { partitionKey: env.partitionKey } : {}),
      ...(typeof env.explicitHashKey === "string" ? { explicitHashKey: env.explicitHashKey } : {}),
    });
  });
  return { records, problems };
}

function parseText(text: string): ParsedUpload {
  const records: LineRecord[] = [];
  splitLines(text).forEach((raw, i) => {
    if (raw !== "") records.push({ line: i + 1, data: raw, encoding: "text" });
  });
  return { records, problems: [] };
}

function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  // Rows come in order, so counting newlines from the last position keeps this linear.
  return (offset) => {
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}

function parseCsv(text: string): ParsedUpload {
  const records: LineRecord[] = [];
  const problems: LineProblem[] = [];
  const lineAt = lineCounter(text);
  let header: string[] | undefined;
  let headerProblem = false;
  let cursor = 0;
  Papa.parse<string[]>(text, {
    delimiter: ",",
    skipEmptyLines: "greedy",
    step: (row) => {
      // Where this row starts: past the newline(s) that ended the previous one.
      let start = cursor;
      while (start < text.length && (text[start] === "\n" || text[start] === "\r")) start++;
      const line = lineAt(start);
      cursor = row.meta.cursor;
      for (const e of row.errors) problems.push({ line, message: `CSV: ${e.message}.` });
      if (row.errors.length > 0) return;
      const fields = row.data;
      if (!header) {
        header = fields.map((f) => f.trim());
        const seen = new Set<string>();
        for (const h of header) {
          if (h === "") problems.push({ line, message: "The header has an empty column name." });
          else if (seen.has(h)) problems.push({ line, message: `The header names column "${h}" twice.` });
          seen.add(h);
        }
        if (header.includes("data")) {
          const extra = header.filter((h) => h !== "" && !ENVELOPE_KEYS.has(h));
          if (extra.length > 0) {
            problems.push({
              line,
              message: `With a data column, the columns are partitionKey, explicitHashKey, data and encoding; remove ${extra.map((x) => `"${x}"`).join(", ")}.`,
            });
          }
        }
        headerProblem = problems.length > 0;
        return;
      }
      if (headerProblem) return;
      if (fields.length !== header.length) {
        problems.push({ line, message: `${fields.length} fields, but the header has ${header.length} columns.` });
        return;
      }
      const cell = (name: string) => {
        const idx = header!.indexOf(name);
        return idx >= 0 ? fields[idx] : undefined;
      };
      if (header.includes("data")) {
        const encoding = cell("encoding")?.trim() || "text";
        if (!isEncoding(encoding)) {
          problems.push({ line, message: `encoding must be one of ${DATA_ENCODINGS.join(", ")}.` });
          return;
        }
        const pk = cell("partitionKey");
        const hk = cell("explicitHashKey")?.trim();
        records.push({ line, data: cell("data") ?? "", encoding, ...(pk ? { partitionKey: pk } : {}), ...(hk ? { explicitHashKey: hk } : {}) });
      } else {
        const obj = Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ""]));
        records.push({ line, data: JSON.stringify(obj), encoding: "json" });
      }
    },
  });
  if (!header) problems.push({ line: 1, message: "The CSV file is empty: it needs a header row and at least one record." });
  return { records, problems };
}

export function parseUpload(text: string, format: UploadFormat): ParsedUpload {
  const parsed = format === "ndjson" ? parseNdjson(text) : format === "csv" ? parseCsv(text) : parseText(text);
  if (parsed.records.length === 0 && parsed.problems.length === 0) {
    parsed.problems.push({ line: 1, message: "The file holds no records." });
  }
  return parsed;
}

export interface UploadDefaults {
  /** For lines that carry no partition key of their own. */
  key: KeyMode;
  /** For lines that carry no explicit hash key of their own; empty for none. */
  explicitHashKey: string;
  /** The stream's maximum record size in bytes; 1 MiB when not given. */
  maxRecordBytes?: number;
}

export interface UploadBatch {
  items: UploadItem[];
  /** lines[i] is the file line of items[i]. */
  lines: number[];
  problems: LineProblem[];
}

/**
 * The records to send, with the form's defaults applied and every record checked by the same
 * rules as the server's. Placeholders expand in the default key only, with {{seq}} = record number.
 */
export function buildUploadBatch(parsed: ParsedUpload, defaults: UploadDefaults, deps: ComposeDeps = defaultComposeDeps): UploadBatch {
  const items: UploadItem[] = [];
  const lines: number[] = [];
  const problems = [...parsed.problems];
  const defaultHk = defaults.explicitHashKey.trim();
  parsed.records.forEach((r, i) => {
    const input: PutRecordInput = {
      partitionKey: r.partitionKey ?? keyFor(defaults.key, { seq: i + 1, now: deps.now, uuid: deps.uuid }),
      data: r.data,
      encoding: r.encoding,
    };
    const hk = r.explicitHashKey ?? (r.partitionKey === undefined ? defaultHk : "");
    if (hk) input.explicitHashKey = hk;
    const checked = prepareRecord(input, defaults.maxRecordBytes);
    if (!checked.ok) {
      for (const p of checked.problems) problems.push({ line: r.line, message: p.message });
      return;
    }
    items.push({ input, size: checked.record.size });
    lines.push(r.line);
  });
  problems.sort((a, b) => a.line - b.line);
  return { items, lines, problems };
}

/** "1, 3–5, 9": a set of line numbers, every one of them, compactly. */
export function lineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(", ");
}
