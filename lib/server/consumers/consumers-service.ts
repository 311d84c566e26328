import "server-only";
// Who reads a stream (or every stream of a scope), worst first: every source in SOURCES is asked
// at once; one that fails (no Lambda permission, an endpoint that does not answer) is reported in
// `sources` and the others still answer. Answers are kept per scope for the refresh interval and
// shared by every viewer; `usage` says what this answer cost (nothing when it came from the cache).
// Each load samples the lag Shardscope measured into the rows' history (lag-history.ts).
import { consumersWorstFirst } from "@/lib/consumers/health";
import type { AllConsumersResponse, ConsumerRow, ConsumerSource, ConsumersUsage, StreamConsumersResponse } from "@/lib/consumers/types";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { describeStream } from "@/lib/server/kinesis/streams";
import type { Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";
import { efoSource } from "./efo-source";
import { firehoseSource } from "./firehose-source";
import { kclSource } from "./kcl/kcl-source";
import { lambdaSource } from "./lambda-source";
import { withLagHistory } from "./lag-history";
import type { ConsumerSourceReader, UsageTally } from "./source";
import { log } from "@/lib/server/ops/log";

/** Every place consumers are found, asked in this order. */
export const SOURCES: readonly ConsumerSourceReader[] = [kclSource, lambdaSource, firehoseSource, efoSource];

const SOURCE_NAMES: Record<ConsumerSourceReader["kind"], string> = {
  kcl: "KCL lease tables",
  lambda: "Lambda event source mappings",
  firehose: "Firehose delivery streams",
  efo: "enhanced fan-out consumers",
};

/** The service each source reads besides Kinesis. */
const SOURCE_SERVICE: Record<ConsumerSourceReader["kind"], "dynamodb" | "lambda" | "firehose" | "kinesis"> = {
  kcl: "dynamodb",
  lambda: "lambda",
  firehose: "firehose",
  efo: "kinesis",
};

/**
 * Whether a source can be read in this scope: on an emulator target (kinesis-local without moto,
 * say) a service with no endpoint of its own is not there, and asking AWS instead, with the
 * emulator's credentials, would be wrong.
 */
function unavailableOn(scope: Scope, source: ConsumerSourceReader): string | undefined {
  const service = SOURCE_SERVICE[source.kind];
  if (!scope.local || service === "kinesis" || scope.endpointOverride(service)) return undefined;
  return `Not available on target ${scope.target}: it is a local emulator with no ${service === "dynamodb" ? "DynamoDB" : service === "lambda" ? "Lambda" : "Firehose"} endpoint configured.`;
}

interface Answer<R> {
  consumers: R[];
  sources: ConsumerSource[];
  tally: UsageTally;
  fetchedAt: string;
}

async function askAll<R extends ConsumerRow>(
  scope: Scope,
  sources: readonly ConsumerSourceReader[],
  ask: (s: ConsumerSourceReader, usage: UsageTally) => Promise<R[]>,
): Promise<Answer<R>> {
  const tally: UsageTally = { kinesisCalls: 0, otherCalls: 0 };
  const settled = await Promise.allSettled(
    sources.map(async (s) => {
      const why = unavailableOn(scope, s);
      if (why) throw new AppError("unavailable", why);
      return ask(s, tally);
    }),
  );
  const consumers: R[] = [];
  const report: ConsumerSource[] = settled.map((r, i) => {
    const kind = sources[i]!.kind;
    if (r.status === "fulfilled") {
      consumers.push(...r.value);
      return { kind, ok: true };
    }
    if (r.reason instanceof AppError) return { kind, ok: false, message: r.reason.message };
    log().error({ err: r.reason }, `consumers: reading ${SOURCE_NAMES[kind]} failed`);
    return { kind, ok: false, message: `Reading ${SOURCE_NAMES[kind]} failed unexpectedly (the server log has the details).` };
  });
  return { consumers: consumersWorstFirst(consumers), sources: report, tally, fetchedAt: new Date().toISOString() };
}

function usageOf(tally: UsageTally, cached: boolean): ConsumersUsage {
  return {
    kinesisCalls: cached ? 0 : tally.kinesisCalls,
    otherCalls: cached ? 0 : tally.otherCalls,
    refreshSeconds: Math.round(getConfig().consumers.refreshMs / 1000),
  };
}

const cache = (scope: Scope) =>
  scope.state("consumers", () => ({
    stream: new TtlCache<Answer<ConsumerRow>>(getConfig().consumers.refreshMs, 1_000),
    all: new TtlCache<Answer<ConsumerRow & { stream: string }>>(getConfig().consumers.refreshMs, 1),
  }));

/** The consumers of one stream; an unknown stream is a 404 (from DescribeStreamSummary). */
export async function streamConsumers(scope: Scope, streamName: string): Promise<StreamConsumersResponse> {
  const summary = await describeStream(scope, streamName);
  let loaded = false;
  const answer = await cache(scope).stream.get(streamName, async () => {
    loaded = true;
    const answer = await askAll(scope, SOURCES, (s, usage) => s.forStream(scope, summary, usage));
    return { ...answer, consumers: withLagHistory(scope, () => streamName, answer.consumers) };
  });
  return { consumers: answer.consumers, sources: answer.sources, usage: usageOf(answer.tally, !loaded), fetchedAt: answer.fetchedAt };
}

/** The consumers of every stream of the scope, each with its stream. */
export async function allConsumers(scope: Scope): Promise<AllConsumersResponse> {
  let loaded = false;
  const answer = await cache(scope).all.get("all", async () => {
    loaded = true;
    const answer = await askAll(scope, SOURCES, (s, usage) => s.all(scope, usage));
    return { ...answer, consumers: withLagHistory(scope, (r) => r.stream, answer.consumers) };
  });
  return { consumers: answer.consumers, sources: answer.sources, usage: usageOf(answer.tally, !loaded), fetchedAt: answer.fetchedAt };
}
