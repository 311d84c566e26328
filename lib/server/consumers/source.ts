import "server-only";
// A place consumers of a stream are found: KCL lease tables (kcl/), Lambda event source mappings,
// Firehose delivery streams, enhanced fan-out consumers. The consumers service (consumers-service.ts)
// asks every source, and one that fails (no DynamoDB permission, say) is reported as such in
// `sources` without hiding the others.
import type { ConsumerKind, ConsumerRow } from "@/lib/consumers/types";
import type { StreamSummary } from "@/lib/streams/types";
import type { Scope } from "@/lib/server/targets/scope";

/** The AWS calls an answer cost, counted by the sources as they make them. */
export interface UsageTally {
  /** GetShardIterator and GetRecords calls (lag measurement; out of the tail's per-shard budget). */
  kinesisCalls: number;
  /** Everything else: DynamoDB, Lambda, Firehose, CloudWatch, Kinesis control-plane calls. */
  otherCalls: number;
}

export interface ConsumerSourceReader {
  kind: ConsumerKind;
  /** The consumers of one stream (described: its ARN, shards and retention are known). */
  forStream(scope: Scope, stream: StreamSummary, usage: UsageTally): Promise<ConsumerRow[]>;
  /** The consumers of every stream of the scope, each with the stream it reads. */
  all(scope: Scope, usage: UsageTally): Promise<(ConsumerRow & { stream: string })[]>;
}
