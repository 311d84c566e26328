// The parts of AWS ARNs the consumers domain reads: which stream a Lambda mapping or a delivery
// stream reads, and which function a mapping invokes. Formats: "Amazon Resource Names" in the
// AWS reference (kinesis: `arn:partition:kinesis:region:account:stream/name`; a stream's
// consumer adds `/consumer/name:timestamp`; lambda: `arn:partition:lambda:region:account:function:name[:qualifier]`).

/** A stream's region and name; consumer ARNs and other services give undefined. */
export function kinesisStreamOfArn(arn: string | undefined): { region: string; stream: string } | undefined {
  const m = /^arn:[^:]+:kinesis:([^:]+):[^:]*:stream\/([^/]+)$/.exec(arn ?? "");
  return m ? { region: m[1]!, stream: m[2]! } : undefined;
}

/**
 * The stream ARN a reader's source ARN stands for: the stream's own, or the stream of an enhanced
 * fan-out consumer (a Lambda mapping may read through one); undefined for anything else.
 */
export function streamArnOfSource(arn: string | undefined): string | undefined {
  const m = /^(arn:[^:]+:kinesis:[^:]+:[^:]*:stream\/[^/]+)(?:\/consumer\/[^/]+)?$/.exec(arn ?? "");
  return m ? m[1] : undefined;
}

/** The function's name, without a version or alias; the input itself when it is no function ARN. */
export function functionNameOfArn(arn: string): string {
  const m = /:function:([^:]+)/.exec(arn);
  return m ? m[1]! : arn;
}

/** The last part of an ARN's resource: a bucket, a domain, a catalog. */
export function resourceNameOfArn(arn: string | undefined): string {
  return arn?.split(/[:/]/).at(-1) ?? "";
}
