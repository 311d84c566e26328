// aws-kinesis-agg's own index.d.ts leaves out RecordAggregator and the protobuf message type;
// these declare only the parts lib/records uses (from the package's own lib/ files, v4).

declare module "aws-kinesis-agg/lib/kpl-agg.js" {
  export interface AggregatorUserRecord {
    partitionKey: string;
    explicitHashKey?: string;
    data: Uint8Array;
  }
  /** Collects user records into one aggregated record of at most 1 MiB. */
  export class RecordAggregator {
    /** Throws when the record lacks a partition key or would push the aggregate past 1 MiB. */
    addUserRecord(record: AggregatorUserRecord): void;
    /** The aggregate of the records added so far, then starts afresh; undefined when empty. */
    build(): { partitionKey: string; data: Buffer } | undefined;
  }
}

declare module "aws-kinesis-agg/lib/common.js" {
  /** protobufjs message type for the KPL `AggregatedRecord`; decode throws on malformed input. */
  export const AggregatedRecord: {
    decode(bytes: Uint8Array): {
      records: { explicit_hash_key_index?: unknown }[];
      explicit_hash_key_table: string[];
    };
  };
}
