"use client";
// The Schemas panel of a stream's overview: the schemas attached to the stream (kept by the server
// in SHARDSCOPE_SCHEMA_DIR), the one its records decode with, an upload (.avsc, .proto with the
// message type, or a compiled descriptor set) and removal. Records framed for the Glue Schema
// Registry need nothing here: they name their schema themselves.
import { useId, useRef, useState } from "react";
import { useRemoveSchema, useStreamSchemas, useUploadSchema } from "@/lib/queries/schemas";
import { formatFromFileName, SCHEMA_LIMITS, type SchemaFileFormat, type StoredSchema } from "@/lib/schemas/types";
import { formatBytes, formatTime } from "@/lib/format/format";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { FieldError } from "@/components/ui/field-error";

const FORMAT_LABELS: Record<SchemaFileFormat, string> = { avsc: "Avro (.avsc)", proto: "Protobuf (.proto)", "descriptor-set": "Protobuf descriptor set" };

interface PickedFile {
  name: string;
  format: SchemaFileFormat;
  text?: string;
  base64?: string;
  bytes: number;
}

/** FileReader rather than Blob.text(): it is in every browser and in jsdom, which the tests run in. */
function readFile(file: File, as: "text"): Promise<string>;
function readFile(file: File, as: "buffer"): Promise<ArrayBuffer>;
function readFile(file: File, as: "text" | "buffer"): Promise<string | ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (reader.result === null ? reject(new Error("nothing read")) : resolve(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    if (as === "text") reader.readAsText(file, "utf-8");
    else reader.readAsArrayBuffer(file);
  });
}

async function readPicked(file: File): Promise<PickedFile | string> {
  const format = formatFromFileName(file.name);
  if (!format) return `${file.name} is not an .avsc, a .proto or a descriptor set (.desc, .pb, .protoset).`;
  const max = format === "descriptor-set" ? SCHEMA_LIMITS.descriptorMaxBytes : SCHEMA_LIMITS.textMaxBytes;
  if (file.size > max) return `${file.name} is ${formatBytes(file.size)}; a schema file may be at most ${formatBytes(max)}.`;
  if (format === "descriptor-set") {
    const bytes = new Uint8Array(await readFile(file, "buffer"));
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { name: file.name, format, base64: btoa(binary), bytes: bytes.byteLength };
  }
  return { name: file.name, format, text: await readFile(file, "text"), bytes: file.size };
}

export function StreamSchemasPanel({ stream, readOnly }: { stream: string; readOnly: boolean }) {
  const schemas = useStreamSchemas(stream);
  const upload = useUploadSchema(stream);
  const remove = useRemoveSchema(stream);
  const [picked, setPicked] = useState<PickedFile | undefined>();
  const [pickProblem, setPickProblem] = useState<string | undefined>();
  const [messageType, setMessageType] = useState("");
  const [removing, setRemoving] = useState<StoredSchema | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);
  const fileId = useId();

  const reset = () => {
    setPicked(undefined);
    setMessageType("");
    if (fileInput.current) fileInput.current.value = "";
  };

  return (
    <section className="panel" aria-label="Schemas">
      <h2>Schemas</h2>
      <p className="muted small">
        Records framed for the Glue Schema Registry name their schema themselves. For records without such framing, attach the schema they are written with: the
        newest one attached decodes the stream&apos;s records.
      </p>
      {schemas.error ? <ErrorPanel error={schemas.error} action="list the stream's schemas" /> : null}
      {schemas.isPending ? <p className="skeleton">Loading schemas…</p> : null}
      {schemas.data ? (
        schemas.data.schemas.length === 0 ? (
          <p className="muted" data-testid="no-schemas">
            No schema attached.
          </p>
        ) : (
          <table className="data" data-testid="stream-schemas">
            <thead>
              <tr>
                <th>File</th>
                <th>Kind</th>
                <th>Message type</th>
                <th>Size</th>
                <th>Uploaded (UTC)</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {schemas.data.schemas.map((s) => (
                <tr key={s.id} data-testid="stream-schema" data-name={s.name}>
                  <td className="mono">
                    {s.name} {s.inUse ? <span className="badge ok">in use</span> : null}
                  </td>
                  <td>{FORMAT_LABELS[s.format]}</td>
                  <td className="mono">{s.messageType ?? "—"}</td>
                  <td>{formatBytes(s.bytes)}</td>
                  <td className="mono">{formatTime(s.uploadedAt)}</td>
                  <td>
                    {readOnly ? null : (
                      <button type="button" onClick={() => setRemoving(s)} aria-label={`Remove ${s.name}`} disabled={remove.isPending}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {remove.error ? <ErrorPanel error={remove.error} action="remove the schema" /> : null}

      {readOnly ? (
        <p className="muted small">This server is read-only: schemas cannot be attached or removed here.</p>
      ) : (
        <form
          className="row align-end mt-10"
          aria-label="Attach a schema"
          onSubmit={(e) => {
            e.preventDefault();
            if (!picked) {
              setPickProblem("Choose a schema file first.");
              return;
            }
            upload.mutate(
              {
                fileName: picked.name,
                format: picked.format,
                ...(picked.text !== undefined ? { text: picked.text } : { base64: picked.base64 }),
                ...(picked.format !== "avsc" && messageType.trim() ? { messageType: messageType.trim() } : {}),
              },
              { onSuccess: reset },
            );
          }}
        >
          <label className="field" htmlFor={fileId}>
            Schema file
            <input
              id={fileId}
              ref={fileInput}
              type="file"
              accept=".avsc,.json,.proto,.desc,.pb,.protoset,.binpb"
              aria-label="Schema file"
              onChange={async (e) => {
                upload.reset();
                setPickProblem(undefined);
                const file = e.target.files?.[0];
                if (!file) return setPicked(undefined);
                const r = await readPicked(file).catch(
                  (err: unknown) => `${file.name} could not be read: ${err instanceof Error ? err.message : String(err)}.`,
                );
                if (typeof r === "string") {
                  setPicked(undefined);
                  setPickProblem(r);
                } else setPicked(r);
              }}
            />
          </label>
          {picked && picked.format !== "avsc" ? (
            <label className="field">
              Message type
              <input
                type="text"
                className="mono"
                aria-label="Message type"
                placeholder="package.Message (optional when the file has one)"
                value={messageType}
                maxLength={SCHEMA_LIMITS.messageTypeMaxChars}
                onChange={(e) => setMessageType(e.target.value)}
              />
            </label>
          ) : null}
          {picked ? (
            <span className="muted small" data-testid="picked-schema">
              {FORMAT_LABELS[picked.format]}, {formatBytes(picked.bytes)}
            </span>
          ) : null}
          <button type="submit" className="primary" disabled={upload.isPending} data-testid="attach-schema">
            {upload.isPending ? "Attaching…" : "Attach schema"}
          </button>
        </form>
      )}
      {pickProblem ? <FieldError testId="schema-file-problem">{pickProblem}</FieldError> : null}
      {upload.error ? <ErrorPanel error={upload.error} action="attach the schema" /> : null}

      {removing ? (
        <ConfirmDialog
          title="Remove this schema?"
          confirmLabel="Remove"
          onConfirm={() => {
            remove.mutate(removing.id);
            setRemoving(undefined);
          }}
          onCancel={() => setRemoving(undefined)}
        >
          <p>
            <b className="mono">{removing.name}</b> is removed from the server.{" "}
            {removing.inUse ? "The stream's records then decode with the schema attached before it, if any." : ""}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
