// Sends many records through `POST /api/streams/{name}/records` in requests that respect
// PutRecords' limits (500 records, 10 MiB) and the body limit, a few at a time; retries the
// entries Kinesis failed (throttling) with exponential backoff; reports progress; stops on cancel.
// The transport is injected, so this state machine is tested without a network.
import type { PutRecordResult } from "@/lib/put/types";
import { sleep as defaultSleep } from "@/lib/util/sleep";
import { utf8Length } from "@/lib/util/utf8-length";
import { PUT_LIMITS } from "./limits";
import type { PutRecordInput } from "./prepare-record";

export interface UploadItem {
  input: PutRecordInput;
  /** Decoded data plus partition key bytes (PreparedRecord.size). */
  size: number;
}

export type SendChunk = (records: PutRecordInput[]) => Promise<PutRecordResult[]>;

export type RecordOutcome =
  | { status: "ok"; shardId: string; sequenceNumber: string; attempts: number }
  | { status: "failed"; errorCode: string; errorMessage: string; attempts: number }
  | { status: "not_sent"; reason: string; attempts: number };

export interface UploadProgress {
  total: number;
  succeeded: number;
  failed: number;
  /** Not yet written nor failed for good: queued, in flight or waiting to be retried. */
  left: number;
  inFlight: number;
  /** Entries sent again after a retryable failure. */
  retries: number;
}

export type UploadState = "done" | "cancelled" | "stopped";

export interface UploadReport {
  outcomes: RecordOutcome[];
  progress: UploadProgress;
  state: UploadState;
  /** Why the upload stopped early (a request the server refused). */
  error?: { code: string; message: string };
}

export interface ChunkLimits {
  maxRecords: number;
  maxBytes: number;
  maxBodyBytes: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = {
  maxRecords: PUT_LIMITS.requestMaxRecords,
  maxBytes: PUT_LIMITS.requestMaxBytes,
  maxBodyBytes: PUT_LIMITS.requestMaxBodyBytes,
};

/** Entry error codes worth another try; anything else (e.g. KMS access denied) fails for good. */
export const RETRYABLE_ENTRY_ERRORS = new Set(["ProvisionedThroughputExceededException", "InternalFailure", "ServiceUnavailable", "KMSThrottlingException"]);

export interface UploadOptions {
  send: SendChunk;
  /** Cancel: no new request starts, backoff waits end at once; requests in flight finish so their results are known. */
  signal?: AbortSignal;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Tries per record, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  limits?: ChunkLimits;
  /** Request failures worth retrying whole (network, throttled, endpoint unreachable). */
  isTransientError?: (error: unknown) => boolean;
  describeError?: (error: unknown) => { code: string; message: string };
  onProgress?: (progress: UploadProgress) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

function defaultDescribe(error: unknown): { code: string; message: string } {
  const e = typeof error === "object" && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  return {
    code: typeof e.code === "string" ? e.code : "internal",
    message: typeof e.message === "string" ? e.message : String(error),
  };
}

/** JSON bytes one record adds to a request body. */
export function bodyBytesOf(input: PutRecordInput): number {
  return utf8Length(JSON.stringify(input)) + 1;
}

/** The longest prefix of `queue` (indices into items) that fits one request. Always at least one. */
export function takeChunk(queue: number[], sizeOf: (i: number) => number, bodyOf: (i: number) => number, limits: ChunkLimits): number[] {
  const chunk: number[] = [];
  let bytes = 0;
  let body = '{"records":[]}'.length;
  while (queue.length > 0 && chunk.length < limits.maxRecords) {
    const i = queue[0]!;
    const s = sizeOf(i);
    const b = bodyOf(i);
    if (chunk.length > 0 && (bytes + s > limits.maxBytes || body + b > limits.maxBodyBytes)) break;
    chunk.push(queue.shift()!);
    bytes += s;
    body += b;
  }
  return chunk;
}

export async function uploadRecords(items: readonly UploadItem[], opts: UploadOptions): Promise<UploadReport> {
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 10);
  const baseDelay = opts.baseDelayMs ?? 100;
  const maxDelay = opts.maxDelayMs ?? 5_000;
  const limits = opts.limits ?? DEFAULT_CHUNK_LIMITS;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const isTransient = opts.isTransientError ?? (() => false);
  const describe = opts.describeError ?? defaultDescribe;
  const signal = opts.signal;

  const outcomes: (RecordOutcome | undefined)[] = new Array(items.length).fill(undefined);
  const attempts = new Array<number>(items.length).fill(0);
  const lastError: ({ code: string; message: string } | undefined)[] = new Array(items.length).fill(undefined);
  const bodyCache = new Map<number, number>();
  const bodyOf = (i: number) => {
    let b = bodyCache.get(i);
    if (b === undefined) {
      b = bodyBytesOf(items[i]!.input);
      bodyCache.set(i, b);
    }
    return b;
  };
  const sizeOf = (i: number) => items[i]!.size;

  const queue = items.map((_, i) => i);
  const progress: UploadProgress = { total: items.length, succeeded: 0, failed: 0, left: items.length, inFlight: 0, retries: 0 };
  const emit = () => {
    progress.left = progress.total - progress.succeeded - progress.failed;
    opts.onProgress?.({ ...progress });
  };

  let stopped: { code: string; message: string } | undefined;
  // Shared by all workers: when Kinesis throttles, everyone waits, not just the one that saw it.
  let pause: Promise<void> | undefined;
  let throttledInARow = 0;
  let waiters: (() => void)[] = [];
  const changed = () => new Promise<void>((resolve) => waiters.push(resolve));
  const notify = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  signal?.addEventListener("abort", notify, { once: true });

  const backOff = () => {
    throttledInARow++;
    const cap = Math.min(maxDelay, baseDelay * 2 ** (throttledInARow - 1));
    const delay = cap / 2 + (random() * cap) / 2;
    if (!pause) {
      pause = sleep(delay, signal).then(() => {
        pause = undefined;
      });
    }
  };

  const fail = (i: number, code: string, message: string) => {
    outcomes[i] = { status: "failed", errorCode: code, errorMessage: message, attempts: attempts[i]! };
    progress.failed++;
  };

  /** Back to the front of the queue, or failed for good after maxAttempts. */
  const retryOrFail = (indices: number[], code: string, message: string) => {
    const again: number[] = [];
    for (const i of indices) {
      lastError[i] = { code, message };
      if (attempts[i]! < maxAttempts) again.push(i);
      else fail(i, code, message);
    }
    progress.retries += again.length;
    queue.unshift(...again);
    return again.length;
  };

  let inFlightRequests = 0;
  const worker = async () => {
    for (;;) {
      if (stopped || signal?.aborted) return;
      if (pause) {
        await pause;
        continue;
      }
      if (queue.length === 0) {
        if (inFlightRequests === 0) return;
        await changed();
        continue;
      }
      const chunk = takeChunk(queue, sizeOf, bodyOf, limits);
      for (const i of chunk) attempts[i]!++;
      inFlightRequests++;
      progress.inFlight += chunk.length;
      emit();
      let results: PutRecordResult[] | undefined;
      let requestError: unknown;
      try {
        results = await opts.send(chunk.map((i) => items[i]!.input));
        if (!Array.isArray(results) || results.length !== chunk.length) {
          requestError = {
            code: "internal",
            message: `The server answered ${Array.isArray(results) ? results.length : "no"} results for ${chunk.length} records.`,
          };
          results = undefined;
        }
      } catch (e) {
        requestError = e;
      }
      inFlightRequests--;
      progress.inFlight -= chunk.length;

      if (results) {
        const retry: number[] = [];
        let retryCode = "";
        let retryMessage = "";
        results.forEach((r, k) => {
          const i = chunk[k]!;
          if ("shardId" in r) {
            outcomes[i] = { status: "ok", shardId: r.shardId, sequenceNumber: r.sequenceNumber, attempts: attempts[i]! };
            progress.succeeded++;
          } else if (RETRYABLE_ENTRY_ERRORS.has(r.errorCode)) {
            retry.push(i);
            retryCode = r.errorCode;
            retryMessage = r.errorMessage;
          } else {
            fail(i, r.errorCode, r.errorMessage);
          }
        });
        if (retry.length > 0 && retryOrFail(retry, retryCode, retryMessage) > 0) backOff();
        else if (retry.length === 0) throttledInARow = 0;
      } else {
        const err = describe(requestError);
        if (isTransient(requestError)) {
          if (retryOrFail(chunk, err.code, err.message) > 0) backOff();
        } else {
          // The server refused the request itself (read-only, forbidden, invalid, not found):
          // every other request would be refused the same way.
          for (const i of chunk) fail(i, err.code, err.message);
          stopped = err;
        }
      }
      emit();
      notify();
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  signal?.removeEventListener("abort", notify);

  const final: RecordOutcome[] = outcomes.map((o, i) => {
    if (o) return o;
    const last = lastError[i];
    const why = stopped ? `Not sent: the upload stopped (${stopped.message})` : "Not sent: the upload was cancelled";
    return { status: "not_sent", reason: last ? `${why}; the last try failed with ${last.code}` : why, attempts: attempts[i]! };
  });
  emit();
  return {
    outcomes: final,
    progress: { ...progress, inFlight: 0 },
    state: stopped ? "stopped" : signal?.aborted && final.some((o) => o.status === "not_sent") ? "cancelled" : "done",
    ...(stopped ? { error: stopped } : {}),
  };
}
