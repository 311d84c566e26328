import "server-only";
// Shardscope's Prometheus metrics (prom-client): what an operator watches on a shared server —
// open tails and searches, readers, GetRecords calls and throttles per stream, AWS calls and errors,
// CloudWatch calls (CloudWatch bills them), sign-ins and writes. One registry per process, kept on
// globalThis because Next bundles a copy of this module per route and for the start hook.
// Label values are bounded: targets and regions come from configuration, streams are those read,
// and every other label is one of a fixed set (free text is folded into "other").
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { AppError } from "@/lib/server/errors";

/** Sign-in outcomes (the auth branch calls `countSignIn`). */
export type SignInAuth = "oidc" | "alb" | "none";
export type SignInOutcome = "ok" | "refused" | "expired" | "error";
/** The writes Shardscope makes, as the audit log names them. */
export type WriteAction = "put" | "replay" | "register_consumer" | "deregister_consumer";
/**
 * `partial`: a PutRecords call some of whose records failed; `refused`: read-only mode, another
 * site, or a role without the right; `invalid`: a request that broke the input rules (nothing was
 * called); `failed`: AWS refused or failed it.
 */
export type WriteOutcome = "ok" | "partial" | "refused" | "invalid" | "failed";
export type SessionKind = "tail" | "search";
export type GetRecordsOutcome = "ok" | "throttled" | "error";

/** Where a call was made: a target in one of its regions. */
export interface ScopeLabels {
  target: string;
  region: string;
}

interface Metrics {
  registry: Registry;
  sessions: Gauge<"kind">;
  getRecords: Counter<"target" | "region" | "stream">;
  getRecordsThrottles: Counter<"target" | "region" | "stream">;
  awsCalls: Counter<"service" | "operation">;
  awsErrors: Counter<"service" | "code">;
  cloudwatchCalls: Counter<"target" | "region" | "operation">;
  signIns: Counter<"auth" | "outcome">;
  writes: Counter<"action" | "outcome">;
  /** Reader counts by scope and mode, asked for at every scrape (see `setReaderSource`). */
  readerSource?: () => Iterable<{ target: string; region: string; mode: string; count: number }>;
}

const KEY = Symbol.for("shardscope.metrics");

function make(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "shardscope_" });
  const m: Metrics = {
    registry,
    sessions: new Gauge({
      name: "shardscope_sessions_open",
      help: "Live tails and searches open now (kind: tail or search).",
      labelNames: ["kind"],
      registers: [registry],
    }),
    getRecords: new Counter({
      name: "shardscope_getrecords_calls_total",
      help: "GetRecords calls made (tail, search, record browser, consumer lag), per stream.",
      labelNames: ["target", "region", "stream"],
      registers: [registry],
    }),
    getRecordsThrottles: new Counter({
      name: "shardscope_getrecords_throttles_total",
      help: "GetRecords calls Kinesis refused as throttled (ProvisionedThroughputExceededException), per stream.",
      labelNames: ["target", "region", "stream"],
      registers: [registry],
    }),
    awsCalls: new Counter({
      name: "shardscope_aws_calls_total",
      help: "AWS API calls made, by service and operation (retries inside the SDK count once).",
      labelNames: ["service", "operation"],
      registers: [registry],
    }),
    awsErrors: new Counter({
      name: "shardscope_aws_errors_total",
      help: "AWS API calls that failed, by service and AWS error code.",
      labelNames: ["service", "code"],
      registers: [registry],
    }),
    cloudwatchCalls: new Counter({
      name: "shardscope_cloudwatch_calls_total",
      help: "CloudWatch API calls made (CloudWatch bills GetMetricData per metric requested), per target and region.",
      labelNames: ["target", "region", "operation"],
      registers: [registry],
    }),
    signIns: new Counter({
      name: "shardscope_sign_ins_total",
      help: "Sign-in attempts, by authentication mode and outcome.",
      labelNames: ["auth", "outcome"],
      registers: [registry],
    }),
    writes: new Counter({
      name: "shardscope_writes_total",
      help: "Writes (put, replay, enhanced fan-out consumer registration and deregistration), by outcome.",
      labelNames: ["action", "outcome"],
      registers: [registry],
    }),
  };
  new Gauge({
    name: "shardscope_readers",
    help: "Shard readers running now (mode: polling or efo), per target and region; one reader serves every viewer of its shard and position.",
    labelNames: ["target", "region", "mode"],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of m.readerSource?.() ?? []) this.inc({ target: r.target, region: r.region, mode: r.mode }, r.count);
    },
  });
  // Series that exist from the start, so a dashboard shows 0 rather than "no data".
  for (const kind of ["tail", "search"] as const) m.sessions.set({ kind }, 0);
  return m;
}

function metrics(): Metrics {
  const g = globalThis as typeof globalThis & { [KEY]?: Metrics };
  g[KEY] ??= make();
  return g[KEY];
}

/** The registry `/api/metrics` and the metrics listener serve. */
export function metricsRegistry(): Registry {
  return metrics().registry;
}

/** The Prometheus text exposition of every metric, and its content type. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** A live tail or search opened: call the returned function once when it closes. */
export function countSessionOpen(kind: SessionKind): () => void {
  const gauge = metrics().sessions;
  gauge.inc({ kind });
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    gauge.dec({ kind });
  };
}

/** Where the readers gauge finds the readers running at scrape time (the tail service registers it). */
export function setReaderSource(source: () => Iterable<{ target: string; region: string; mode: string; count: number }>): void {
  metrics().readerSource = source;
}

/** Error names Kinesis uses for a throttled GetRecords (and the SDK's generic ones). */
const THROTTLES = new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "LimitExceededException", "Throttling"]);

/** What became of a GetRecords call: `error` undefined for one that answered. An abort (the viewer left) is no outcome. */
export function getRecordsOutcome(error?: unknown): GetRecordsOutcome | undefined {
  if (error === undefined) return "ok";
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "AbortError") return undefined;
  return typeof name === "string" && THROTTLES.has(name) ? "throttled" : "error";
}

/** Counts one GetRecords call of `stream` (and a throttle when it was one). */
export function countGetRecords(scope: ScopeLabels, stream: string, error?: unknown): void {
  const outcome = getRecordsOutcome(error);
  if (!outcome) return;
  const labels = { target: scope.target, region: scope.region, stream };
  const m = metrics();
  m.getRecords.inc(labels);
  if (outcome === "throttled") m.getRecordsThrottles.inc(labels);
}

/**
 * Runs one GetRecords call and counts it for `stream`: `countedGetRecords(scope, stream, () =>
 * client.send(new GetRecordsCommand(…)))`. The call's answer or error passes through unchanged.
 */
export async function countedGetRecords<T>(scope: ScopeLabels, stream: string, call: () => Promise<T>): Promise<T> {
  try {
    const out = await call();
    countGetRecords(scope, stream);
    return out;
  } catch (e) {
    countGetRecords(scope, stream, e);
    throw e;
  }
}

/** An AWS error name as a label: the name itself when it looks like one, else "other" (no free text in labels). */
export function errorCodeLabel(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown } | null;
  const name = typeof e?.name === "string" && e.name !== "Error" ? e.name : typeof e?.code === "string" ? e.code : undefined;
  return name && /^[A-Za-z][A-Za-z0-9_.]{0,79}$/.test(name) ? name : "other";
}

/** The service of an SDK client (`KinesisClient` → `Kinesis`) and the operation of a command (`GetRecordsCommand` → `GetRecords`). */
export function sdkLabels(clientName: unknown, commandName: unknown): { service: string; operation: string } {
  const service = typeof clientName === "string" ? clientName.replace(/Client$/, "") : "";
  const operation = typeof commandName === "string" ? commandName.replace(/Command$/, "") : "";
  const word = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
  return { service: word.test(service) ? service : "other", operation: word.test(operation) ? operation : "other" };
}

/** One AWS SDK call finished (the SDK middleware of every scope client calls this). */
export function countAwsCall(scope: ScopeLabels, clientName: unknown, commandName: unknown, error?: unknown): void {
  const { service, operation } = sdkLabels(clientName, commandName);
  const m = metrics();
  m.awsCalls.inc({ service, operation });
  if (service === "CloudWatch") m.cloudwatchCalls.inc({ target: scope.target, region: scope.region, operation });
  if (error !== undefined && (error as { name?: unknown } | null)?.name !== "AbortError") {
    m.awsErrors.inc({ service, code: errorCodeLabel(error) });
  }
}

/** A sign-in attempt and how it ended. */
export function countSignIn(auth: SignInAuth, outcome: SignInOutcome): void {
  metrics().signIns.inc({ auth, outcome });
}

/** A write attempt and how it ended (refused: read-only, another site, a role without the right). */
export function countWrite(action: WriteAction, outcome: WriteOutcome): void {
  metrics().writes.inc({ action, outcome });
}

/** A write's outcome from how many of its records failed. */
export function writeOutcome(failed: number, total: number): WriteOutcome {
  return failed === 0 ? "ok" : failed < total ? "partial" : "failed";
}

/** The outcome of a write that threw. */
export function writeFailureOutcome(error: unknown): WriteOutcome {
  if (!(error instanceof AppError)) return "failed";
  if (error.code === "read_only" || error.code === "forbidden") return "refused";
  if (error.code === "invalid_input" || error.code === "payload_too_large") return "invalid";
  return "failed";
}

/** Runs a write and counts it with its outcome: `outcome` reads it from the answer; a throw is refused, invalid or failed. */
export async function countedWrite<T>(action: WriteAction, run: () => Promise<T>, outcome: (answer: T) => WriteOutcome = () => "ok"): Promise<T> {
  let answer: T;
  try {
    answer = await run();
  } catch (e) {
    countWrite(action, writeFailureOutcome(e));
    throw e;
  }
  countWrite(action, outcome(answer));
  return answer;
}
