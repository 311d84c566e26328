// KPL (Kinesis Producer Library) aggregated records: detection and de-aggregation through
// aws-kinesis-agg. That package needs Node's Buffer and crypto, so this module is server-side only.
import { Buffer } from "node:buffer";
import { deaggregateSync, type UserRecord } from "aws-kinesis-agg";
import { AggregatedRecord } from "aws-kinesis-agg/lib/common.js";

/** An aggregated record is these 4 bytes, a protobuf `AggregatedRecord`, then its MD5 (16 bytes). */
export const KPL_MAGIC: readonly number[] = [0xf3, 0x89, 0x9a, 0xc2];
const MD5_LENGTH = 16;

export interface KplUserRecord {
  partitionKey: string;
  explicitHashKey?: string;
  data: Uint8Array;
}

export type KplResult = { ok: true; records: KplUserRecord[] } | { ok: false; reason: string };

export function hasKplMagic(bytes: Uint8Array): boolean {
  return KPL_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Splits an aggregated record into its user records, verifying the MD5 checksum. Never throws:
 * anything that is not a sound aggregate comes back as a reason in words.
 */
export function deaggregateKpl(bytes: Uint8Array): KplResult {
  if (!hasKplMagic(bytes)) return { ok: false, reason: "missing the magic bytes f3 89 9a c2" };
  if (bytes.length < KPL_MAGIC.length + MD5_LENGTH) {
    return { ok: false, reason: `${bytes.length} bytes are too few to hold the magic bytes and an MD5 checksum` };
  }

  let verdict: { error: unknown; records: UserRecord[] } | undefined;
  try {
    // The library takes a Lambda-style record, whose data is base64: hence the round trip.
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    // `true`: verify the MD5 checksum, the only thing telling a real aggregate from lookalike bytes.
    deaggregateSync({ data }, true, (error: Error | undefined, records?: UserRecord[]) => {
      // The library may call back twice (an error for one user record, then "done"; or again
      // with the error when a callback throws); the first call is the verdict.
      verdict ??= { error, records: records ?? [] };
    });
  } catch (error) {
    verdict ??= { error, records: [] };
  }
  if (!verdict) return { ok: false, reason: "aws-kinesis-agg returned no result" };
  if (verdict.error) return { ok: false, reason: describeError(verdict.error) };

  const records: KplUserRecord[] = [];
  for (const [i, record] of verdict.records.entries()) {
    // An index past the end of the key table comes back as an undefined key, not an error.
    if (typeof record.partitionKey !== "string") {
      return { ok: false, reason: `user record ${i} refers to a partition key missing from the key table` };
    }
    records.push({
      partitionKey: record.partitionKey,
      ...(record.explicitPartitionKey !== undefined && { explicitHashKey: record.explicitPartitionKey }),
      data: new Uint8Array(Buffer.from(record.data, "base64")),
    });
  }
  if (records.some((r) => r.explicitHashKey !== undefined)) {
    return dropPhantomHashKeys(bytes, records);
  }
  return { ok: true, records };
}

/**
 * aws-kinesis-agg gives a user record without an explicit hash key the table's first one: the
 * absent protobuf field reads as index 0 (protobufjs default). Only a field present on the wire
 * is an own property of the decoded message, which tells the two apart.
 */
function dropPhantomHashKeys(bytes: Uint8Array, records: KplUserRecord[]): KplResult {
  try {
    const message = AggregatedRecord.decode(bytes.subarray(KPL_MAGIC.length, bytes.length - MD5_LENGTH));
    return {
      ok: true,
      records: records.map((record, i) => {
        const onWire = message.records[i];
        if (onWire && Object.prototype.hasOwnProperty.call(onWire, "explicit_hash_key_index")) return record;
        const { explicitHashKey: _phantom, ...rest } = record;
        return rest;
      }),
    };
  } catch (error) {
    return { ok: false, reason: describeError(error) };
  }
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message === "Invalid record checksum") return "the MD5 checksum does not match its contents";
  return `the protobuf body is malformed (${message})`;
}
