// Builds a KPL aggregated record with aws-kinesis-agg, for tests and the demo producer, so the
// bytes are what a real KPL producer would put. Node only (the package needs Buffer and crypto).
import { RecordAggregator } from "aws-kinesis-agg/lib/kpl-agg.js";

export interface KplUserRecordInput {
  partitionKey: string;
  explicitHashKey?: string;
  data: Uint8Array;
}

/**
 * The aggregated record's bytes (magic, protobuf, MD5), to put with any partition key, usually
 * the first user record's. Synchronous: it uses the package's RecordAggregator rather than its
 * callback-and-queue `aggregate()`. Throws when `records` is empty, a partition key is empty, or
 * the aggregate would exceed the 1 MiB Kinesis record limit.
 */
export function buildKplAggregate(records: KplUserRecordInput[]): Uint8Array {
  if (records.length === 0) throw new Error("buildKplAggregate needs at least one user record");
  const aggregator = new RecordAggregator();
  for (const record of records) {
    // A fresh object: the aggregator converts string data in place on the records it is given.
    aggregator.addUserRecord({
      partitionKey: record.partitionKey,
      ...(record.explicitHashKey !== undefined && { explicitHashKey: record.explicitHashKey }),
      data: record.data,
    });
  }
  const built = aggregator.build();
  if (!built) throw new Error("aws-kinesis-agg built no aggregated record");
  // A copy: small Buffers are views into Node's shared pool, whose `.buffer` holds other data.
  return new Uint8Array(built.data);
}
