import "server-only";
// Lambda functions reading a stream through event source mappings. AWS documentation used:
// - ListEventSourceMappings (Lambda API reference): EventSourceArn filters to one source; pages
//   with Marker / NextMarker, at most 100 items a page.
// - EventSourceMappingConfiguration: UUID, FunctionArn, State (Creating, Enabling, Enabled,
//   Disabling, Disabled, Updating, Deleting), StateTransitionReason, BatchSize, StartingPosition,
//   ParallelizationFactor, MaximumBatchingWindowInSeconds, LastProcessingResult,
//   DestinationConfig.OnFailure.Destination.
// - "Working with Lambda function metrics" (Lambda developer guide): `IteratorAge` in AWS/Lambda,
//   for event source mappings that read from streams the age of the last record in the event,
//   by the dimension FunctionName (Resource narrows to a version or alias).
import { ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import { combine, lagUnknown, lagVerdict, lambdaStateVerdict, lastProcessingVerdict } from "@/lib/consumers/health";
import { functionNameOfArn } from "@/lib/consumers/arns";
import type { ConsumerRow } from "@/lib/consumers/types";
import type { StreamSummary } from "@/lib/streams/types";
import { lambdaClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import type { Scope } from "@/lib/server/targets/scope";
import { historyOf, readLags, type LagQuery } from "./cloudwatch-lag";
import { streamOfScope } from "./scope-streams";
import type { ConsumerSourceReader, UsageTally } from "./source";

const MAX_PAGES = 100;

async function listMappings(scope: Scope, usage: UsageTally, eventSourceArn?: string): Promise<EventSourceMappingConfiguration[]> {
  const mappings: EventSourceMappingConfiguration[] = [];
  let marker: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      usage.otherCalls++;
      const out = await lambdaClient(scope).send(
        new ListEventSourceMappingsCommand({
          ...(eventSourceArn ? { EventSourceArn: eventSourceArn } : {}),
          ...(marker ? { Marker: marker } : {}),
          MaxItems: 100,
        }),
      );
      mappings.push(...(out.EventSourceMappings ?? []));
      if (!out.NextMarker) break;
      marker = out.NextMarker;
    }
  } catch (e) {
    throw scope.awsError("Lambda", e);
  }
  return mappings;
}

async function toRows<T extends { mapping: EventSourceMappingConfiguration }>(
  scope: Scope,
  items: T[],
  usage: UsageTally,
): Promise<(ConsumerRow & { item: T })[]> {
  const config = getConfig().consumers;
  const functionNames = [...new Set(items.map((i) => functionNameOfArn(i.mapping.FunctionArn ?? "")))];
  const queries: LagQuery[] = functionNames.map((fn) => ({ key: fn, namespace: "AWS/Lambda", metricName: "IteratorAge", dimensions: { FunctionName: fn } }));
  const lags = await readLags(scope, queries, usage);
  const fetchedAt = new Date().toISOString();
  return items.map((item) => {
    const m = item.mapping;
    const functionArn = m.FunctionArn ?? "";
    const functionName = functionNameOfArn(functionArn);
    const lagMs = lags.lag.get(functionName) ?? null;
    const state = m.State ?? "unknown";
    const verdict = combine(
      lastProcessingVerdict(m.LastProcessingResult),
      lambdaStateVerdict(state, m.StateTransitionReason),
      lagVerdict(lagMs, config, "IteratorAge"),
      ...(lags.error ? [lagUnknown(lags.error)] : []),
    );
    return {
      item,
      id: `lambda:${m.UUID ?? functionArn}`,
      kind: "lambda",
      name: functionName,
      state,
      health: verdict.health,
      reasons: verdict.reasons,
      lag: lagMs === null ? null : { maxMillis: lagMs },
      ...historyOf(lags.history.get(functionName)),
      details: {
        uuid: m.UUID ?? null,
        functionArn,
        eventSourceArn: m.EventSourceArn ?? null,
        batchSize: m.BatchSize ?? null,
        startingPosition: m.StartingPosition ?? null,
        parallelizationFactor: m.ParallelizationFactor ?? null,
        maximumBatchingWindowInSeconds: m.MaximumBatchingWindowInSeconds ?? null,
        lastProcessingResult: m.LastProcessingResult ?? null,
        stateTransitionReason: m.StateTransitionReason ?? null,
        onFailureDestination: m.DestinationConfig?.OnFailure?.Destination ?? null,
        lagMetric: "AWS/Lambda IteratorAge (Maximum, FunctionName)",
      },
      fetchedAt,
    };
  });
}

const strip = <T extends { item: unknown }>({ item: _item, ...row }: T): Omit<T, "item"> => row;

export const lambdaSource: ConsumerSourceReader = {
  kind: "lambda",

  async forStream(scope: Scope, stream: StreamSummary, usage: UsageTally): Promise<ConsumerRow[]> {
    if (!stream.arn) return [];
    const mappings = await listMappings(scope, usage, stream.arn);
    return (
      await toRows(
        scope,
        mappings.map((mapping) => ({ mapping })),
        usage,
      )
    ).map(strip);
  },

  async all(scope: Scope, usage: UsageTally): Promise<(ConsumerRow & { stream: string })[]> {
    // Every mapping of the account and region; those reading a stream of this scope.
    const [mappings, streamOf] = await Promise.all([listMappings(scope, usage), streamOfScope(scope)]);
    const items = mappings.flatMap((mapping) => {
      const stream = streamOf(mapping.EventSourceArn);
      return stream ? [{ mapping, stream }] : [];
    });
    return (await toRows(scope, items, usage)).map((r) => ({ ...strip(r), stream: r.item.stream }));
  },
};
