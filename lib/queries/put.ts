// Record injection from the browser: the POST that writes one request's records, and a hook that
// runs a whole upload (lib/put/batch-upload) with progress, cancel, and cleanup on unmount.
"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PutRecordsResponse } from "@/lib/put/types";
import { uploadRecords, type UploadItem, type UploadProgress, type UploadReport } from "@/lib/put/batch-upload";
import type { PutRecordInput } from "@/lib/put/prepare-record";
import type { PutSchemaChoice } from "@/lib/schemas/types";
import { ApiError, fetchJson, isTransient } from "./fetch-json";
import type { ScopeRef } from "@/lib/targets/scope";
import { useScope } from "./scope";
import { streamApi, streamKeys } from "./streams";

/** With `schema`, each record's data is JSON the server serializes with that Glue schema version and writes GSR-encoded. */
export function postRecords(
  scope: ScopeRef,
  stream: string,
  records: PutRecordInput[],
  signal?: AbortSignal,
  schema?: PutSchemaChoice,
): Promise<PutRecordsResponse> {
  return fetchJson<PutRecordsResponse>(`${streamApi(scope, stream)}/records`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(schema ? { records, schema } : { records }),
    signal,
  });
}

/** Requests in flight at once: enough to hide a round trip, few enough to be gentle on the stream. */
export const UPLOAD_CONCURRENCY = 2;

export type UploadRun = { phase: "idle" } | { phase: "running"; progress: UploadProgress; cancelling: boolean } | { phase: "finished"; report: UploadReport };

export function usePutUpload(stream: string) {
  const queryClient = useQueryClient();
  const scope = useScope();
  const [run, setRun] = useState<UploadRun>({ phase: "idle" });
  const cancel = useRef<AbortController | undefined>(undefined);
  // Leaving the page cancels: nothing new is sent once nobody is watching.
  useEffect(() => () => cancel.current?.abort(), []);

  const start = useCallback(
    async (items: UploadItem[], schema?: PutSchemaChoice): Promise<UploadReport> => {
      cancel.current?.abort();
      const controller = new AbortController();
      cancel.current = controller;
      setRun({ phase: "running", cancelling: false, progress: { total: items.length, succeeded: 0, failed: 0, left: items.length, inFlight: 0, retries: 0 } });
      const report = await uploadRecords(items, {
        send: async (records) => (await postRecords(scope, stream, records, undefined, schema)).results,
        signal: controller.signal,
        concurrency: UPLOAD_CONCURRENCY,
        isTransientError: isTransient,
        describeError: (e) =>
          e instanceof ApiError ? { code: e.code, message: e.message } : { code: "internal", message: e instanceof Error ? e.message : String(e) },
        onProgress: (progress) => setRun((r) => (r.phase === "running" ? { ...r, progress } : r)),
      });
      if (cancel.current === controller) cancel.current = undefined;
      setRun({ phase: "finished", report });
      // Pages of this stream read before the upload no longer show everything in it.
      void queryClient.invalidateQueries({ queryKey: streamKeys.allRecords(scope, stream) });
      return report;
    },
    [queryClient, scope, stream],
  );

  const stop = useCallback(() => {
    cancel.current?.abort();
    setRun((r) => (r.phase === "running" ? { ...r, cancelling: true } : r));
  }, []);

  const reset = useCallback(() => setRun({ phase: "idle" }), []);

  return { run, start, stop, reset };
}
