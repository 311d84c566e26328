"use client";
// The put form's state and rules: the key, hash key, data or file; which problems to show; the
// batch a send builds (fresh keys and uuids each time); the confirmation before writing to a real
// account; the upload with its cancel; and each result row with the shard it was predicted to land on.
import { useMemo, useState } from "react";
import type { UploadItem } from "@/lib/put/batch-upload";
import { composeCopies, composeRecord, type KeyMode, type RecordTemplate } from "@/lib/put/compose-records";
import type { DataEncoding } from "@/lib/put/limits";
import { checkPartitionKey, prepareRecord, type RecordField } from "@/lib/put/prepare-record";
import { buildUploadBatch, MAX_UPLOAD_BYTES, parseUpload } from "@/lib/put/parse-upload";
import { unknownPlaceholders } from "@/lib/put/placeholders";
import { shardPredictor } from "@/lib/put/predict-shard";
import { usePutUpload } from "@/lib/queries/put";
import { useShards, useStreamSummary } from "@/lib/queries/streams";
import { useTarget } from "@/lib/queries/target";
import { formatBytes } from "@/lib/format/format";
import type { PutResultRow } from "./put-results";
import type { RegistryChoice } from "./registry-schema-fields";
import type { LoadedFile } from "./upload-file";

export const MAX_COPIES = 10_000;
/** The browser builds every copy before sending; past this much data a tab struggles. */
const MAX_COMPOSED_BYTES = MAX_UPLOAD_BYTES;

/** Preview values: the real ones are drawn per record when sending. */
const PREVIEW_DEPS = { now: () => new Date(), uuid: () => "00000000-0000-4000-8000-000000000000" };

export interface PutBatch {
  items: UploadItem[];
  lines?: number[];
}

function problemsByField(problems: { field: RecordField; message: string }[]): Partial<Record<RecordField, string>> {
  const out: Partial<Record<RecordField, string>> = {};
  for (const p of problems) out[p.field] ??= p.message;
  return out;
}

/** Why `copies` copies of a record of `size` bytes cannot be sent, if they cannot. */
export function copiesProblem(copies: number, size: number | undefined): string | undefined {
  if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES) return `Copies must be a whole number from 1 to ${MAX_COPIES.toLocaleString("en-US")}.`;
  if (size !== undefined && size * copies > MAX_COMPOSED_BYTES) {
    return `${copies.toLocaleString("en-US")} copies of ${formatBytes(size)} are ${formatBytes(size * copies)}; send at most ${formatBytes(MAX_COMPOSED_BYTES)} at once.`;
  }
  return undefined;
}

/** Every copy built and checked: the batch, or each problem (numbered when there are copies). */
export function composeBatch(template: RecordTemplate, copies: number, maxRecordBytes?: number): PutBatch | string[] {
  const inputs = composeCopies(template, copies);
  const problems: string[] = [];
  const items: UploadItem[] = [];
  inputs.forEach((input, i) => {
    const r = prepareRecord(input, maxRecordBytes);
    if (r.ok) items.push({ input, size: r.record.size });
    else for (const p of r.problems) problems.push(inputs.length > 1 ? `Copy ${i + 1}: ${p.message}` : p.message);
  });
  return problems.length > 0 ? problems : { items };
}

/** Values the form starts with, e.g. from "Put a copy" of a record (see lib/records/record-links.ts). */
export interface PutFormInitial {
  partitionKey?: string;
  data?: string;
  encoding?: DataEncoding;
}

export function usePutForm(stream: string, initial: PutFormInitial = {}) {
  const shards = useShards(stream);
  const summary = useStreamSummary(stream);
  /** The stream's own limit; until the summary arrives, the server checks it again anyway. */
  const maxRecordBytes = summary.data ? summary.data.maxRecordSizeKiB * 1024 : undefined;
  const target = useTarget();
  const upload = usePutUpload(stream);

  const [keyKind, setKeyKind] = useState<KeyMode["kind"]>("fixed");
  const [keyTemplate, setKeyTemplate] = useState(initial.partitionKey ?? "");
  const [explicitHashKey, setExplicitHashKey] = useState("");
  const [source, setSource] = useState<"compose" | "file">("compose");
  const [encoding, setEncoding] = useState<DataEncoding>(initial.encoding ?? "json");
  const [data, setData] = useState(initial.data ?? "");
  const [copiesText, setCopiesText] = useState("1");
  const [file, setFile] = useState<LoadedFile | undefined>();
  /** Write with a Glue Schema Registry schema: the data is JSON the server serializes and GSR-frames. */
  const [withSchema, setWithSchema] = useState(false);
  const [registryChoice, setRegistryChoice] = useState<RegistryChoice>({ compression: "none" });
  const [attempted, setAttempted] = useState(false);
  /** Fields the person has typed into: only their problems show before a send is tried. */
  const [touched, setTouched] = useState<ReadonlySet<RecordField | "copies">>(() => new Set());
  const touch = (field: RecordField | "copies") => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
  const shown = (field: RecordField | "copies") => attempted || touched.has(field);
  const [sendProblems, setSendProblems] = useState<string[]>([]);
  const [pending, setPending] = useState<PutBatch | undefined>();
  const [sent, setSent] = useState<PutBatch | undefined>();

  const keyMode: KeyMode = useMemo(() => (keyKind === "random" ? { kind: "random" } : { kind: "fixed", template: keyTemplate }), [keyKind, keyTemplate]);
  const copies = Number(copiesText);

  // The first copy stands for all of them: placeholders only ever produce letters, digits and '-:.'.
  const first = useMemo(() => composeRecord({ key: keyMode, explicitHashKey, data, encoding }, 1, PREVIEW_DEPS), [keyMode, explicitHashKey, data, encoding]);
  const firstCheck = useMemo(() => prepareRecord(first, maxRecordBytes), [first, maxRecordBytes]);
  const copiesProblemNow = copiesProblem(copies, firstCheck.ok ? firstCheck.record.size : undefined);
  const fieldErrors = firstCheck.ok ? {} : problemsByField(firstCheck.problems);
  const unknown = unknownPlaceholders(`${keyKind === "fixed" ? keyTemplate : ""}\n${source === "compose" ? data : ""}`);

  const parsedFile = useMemo(() => (file ? parseUpload(file.text, file.format) : undefined), [file]);
  const fileBatch = useMemo(
    () => (parsedFile ? buildUploadBatch(parsedFile, { key: keyMode, explicitHashKey, maxRecordBytes }) : undefined),
    [parsedFile, keyMode, explicitHashKey, maxRecordBytes],
  );
  // Lines without a key of their own need the form's key; only then does its problem matter.
  const fileNeedsDefaultKey = !!parsedFile?.records.some((r) => r.partitionKey === undefined);
  const keyError = fieldErrors.partitionKey && shown("partitionKey") && (source === "compose" || fileNeedsDefaultKey) ? fieldErrors.partitionKey : undefined;
  /** The file's lines without a key of their own would fail for want of one. */
  const defaultKeyProblem = keyKind === "fixed" && keyTemplate === "" ? checkPartitionKey("") : undefined;

  const jsonValue = useMemo(() => {
    if (encoding !== "json") return undefined;
    try {
      return { value: JSON.parse(data) as unknown };
    } catch {
      return undefined;
    }
  }, [data, encoding]);

  const running = upload.run.phase === "running";
  const cancelling = upload.run.phase === "running" && upload.run.cancelling;
  const predictor = useMemo(() => (shards.data ? shardPredictor(shards.data.shards) : undefined), [shards.data]);

  const schemaChoice =
    withSchema && registryChoice.registry && registryChoice.name && registryChoice.version !== undefined
      ? { registry: registryChoice.registry, name: registryChoice.name, version: registryChoice.version, compression: registryChoice.compression }
      : undefined;

  const buildBatch = (): PutBatch | string[] => {
    if (withSchema && !schemaChoice) return ["Choose the registry, schema and version to write with, or turn off writing with a schema."];
    if (source === "compose") {
      if (copiesProblemNow) return [copiesProblemNow];
      return composeBatch({ key: keyMode, explicitHashKey, data, encoding }, copies, maxRecordBytes);
    }
    if (!parsedFile || !fileBatch) return ["Choose a file first."];
    if (fileBatch.problems.length > 0) {
      return [`${fileBatch.problems.length.toLocaleString("en-US")} lines are not valid records; fix them and choose the file again. Nothing was sent.`];
    }
    // Draw fresh random keys and uuids for this send rather than reuse the preview's.
    const fresh = buildUploadBatch(parsedFile, { key: keyMode, explicitHashKey, maxRecordBytes });
    return { items: fresh.items, lines: fresh.lines };
  };

  const startBatch = (batch: PutBatch) => {
    setPending(undefined);
    setSent(batch);
    void upload.start(batch.items, schemaChoice);
  };

  /** Builds the batch and sends it, or asks first when the target is not a known local emulator. */
  const send = () => {
    if (running) return;
    setAttempted(true);
    const batch = buildBatch();
    if (Array.isArray(batch)) {
      setSendProblems(batch);
      return;
    }
    setSendProblems([]);
    if (target.data?.local) startBatch(batch);
    else setPending(batch);
  };

  const count = source === "compose" ? (copiesProblemNow ? 0 : copies) : fileBatch && fileBatch.problems.length === 0 ? fileBatch.items.length : 0;

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

  return {
    shards,
    target,
    run: upload.run,
    running,
    cancelling,
    fields: { keyKind, keyTemplate, explicitHashKey, source, encoding, data, copiesText, file },
    setKeyKind,
    setKeyTemplate: (value: string) => {
      touch("partitionKey");
      setKeyTemplate(value);
    },
    setExplicitHashKey: (value: string) => {
      touch("explicitHashKey");
      setExplicitHashKey(value);
    },
    setSource,
    setEncoding,
    setData: (value: string) => {
      touch("data");
      setData(value);
    },
    setCopiesText: (value: string) => {
      touch("copies");
      setCopiesText(value);
    },
    setFile,
    withSchema,
    /** Writing with a schema types the data as JSON. */
    setWithSchema: (on: boolean) => {
      setWithSchema(on);
      if (on) setEncoding("json");
    },
    registryChoice,
    setRegistryChoice,
    keyMode,
    /** The first record as it would be sent (placeholders filled with preview values). */
    first,
    firstCheck,
    errors: {
      data: shown("data") ? fieldErrors.data : undefined,
      explicitHashKey: shown("explicitHashKey") ? fieldErrors.explicitHashKey : undefined,
      partitionKey: keyError,
      copies: shown("copies") ? copiesProblemNow : undefined,
    },
    unknownPlaceholders: unknown,
    parsedFile,
    fileBatch,
    fileNeedsDefaultKey,
    defaultKeyProblem,
    /** The data as parsed JSON, when the encoding is JSON and it parses. */
    jsonValue,
    count,
    sendProblems,
    send,
    /** The batch waiting for the person to confirm a write to a real account. */
    pending,
    confirm: () => pending && startBatch(pending),
    dismiss: () => setPending(undefined),
    cancel: upload.stop,
    sent,
    resultRows,
  };
}
