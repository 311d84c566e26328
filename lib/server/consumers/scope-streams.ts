import "server-only";
// Which stream of this scope a source ARN names, for the sources' `all()`: a mapping or a delivery
// stream may read a stream of another account (through a resource policy), which is not one of
// this scope's and is left out. The stream list is the shared, cached one.
import { kinesisStreamOfArn, streamArnOfSource } from "@/lib/consumers/arns";
import { listStreams } from "@/lib/server/kinesis/streams";
import type { Scope } from "@/lib/server/targets/scope";

/** A function from a source ARN (a stream's, or a fan-out consumer's) to the name of the scope's stream it reads, or undefined. */
export async function streamOfScope(scope: Scope): Promise<(arn: string | undefined) => string | undefined> {
  const streams = new Map((await listStreams(scope)).map((s) => [s.name, s.arn]));
  return (sourceArn) => {
    const arn = streamArnOfSource(sourceArn);
    const source = kinesisStreamOfArn(arn);
    if (!source || source.region !== scope.region || !streams.has(source.stream)) return undefined;
    // The list names ARNs where Kinesis gives them (StreamSummaries): then the account must match too.
    const known = streams.get(source.stream);
    return known === undefined || known === arn ? source.stream : undefined;
  };
}
