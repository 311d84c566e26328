// One record's rules, shared by the form (which shows each problem beside its field) and the
// server (which refuses a request naming each bad record). A record that passes is one Kinesis
// accepts: its explicit hash key in canonical form, its data decoded to bytes.
import { utf8Length } from "@/lib/util/utf8-length";
import { decodeData } from "./decode-data";
import { type DataEncoding, formatRecordLimit, MAX_HASH_KEY, PUT_LIMITS } from "./limits";
import { describeLoneSurrogate, loneSurrogateAt } from "./text-position";

/** A record as the API receives it and the form builds it. */
export interface PutRecordInput {
  partitionKey: string;
  explicitHashKey?: string;
  data: string;
  encoding: DataEncoding;
}

export interface PreparedRecord {
  partitionKey: string;
  /** Canonical decimal (no leading zeros): Kinesis refuses "007". */
  explicitHashKey?: string;
  data: Uint8Array;
  /** Data and partition key bytes: what counts towards PutRecords' 10 MiB. */
  size: number;
}

export type RecordField = "partitionKey" | "explicitHashKey" | "data";

export interface FieldProblem {
  field: RecordField;
  message: string;
}

export function checkPartitionKey(key: string): string | undefined {
  if (key.length === 0) return "The partition key is empty; it needs 1 to 256 characters.";
  const lone = loneSurrogateAt(key);
  if (lone >= 0) return `The partition key contains ${describeLoneSurrogate(key, lone)}; remove it or complete the pair.`;
  if (key.length > PUT_LIMITS.partitionKeyMaxChars) {
    const points = [...key].length;
    const note = points !== key.length ? ` (${points} characters, but characters outside the Basic Multilingual Plane such as emoji count as two)` : "";
    return `The partition key is ${key.length} characters long${note}; Kinesis allows at most ${PUT_LIMITS.partitionKeyMaxChars}.`;
  }
  return undefined;
}

export type HashKeyCheck = { ok: true; value: string } | { ok: false; message: string };

/** A decimal integer in 0 … 2^128 − 1; surrounding spaces are ignored, leading zeros dropped. */
export function checkExplicitHashKey(raw: string): HashKeyCheck {
  const s = raw.trim();
  if (!/^\d+$/.test(s)) {
    return { ok: false, message: "The explicit hash key must be a decimal integer from 0 to 2^128 − 1 (digits only)." };
  }
  const value = BigInt(s);
  if (value > MAX_HASH_KEY) {
    return { ok: false, message: `The explicit hash key is larger than 2^128 − 1 (${MAX_HASH_KEY.toString()}).` };
  }
  return { ok: true, value: value.toString() };
}

export type PreparedResult = { ok: true; record: PreparedRecord } | { ok: false; problems: FieldProblem[] };

/**
 * `maxRecordBytes` is the stream's maximum record size (its MaxRecordSizeInKiB × 1024): the form
 * has it from the stream's summary, the server from describing the stream.
 */
export function prepareRecord(input: PutRecordInput, maxRecordBytes: number = PUT_LIMITS.recordDataMaxBytes): PreparedResult {
  const problems: FieldProblem[] = [];
  const keyProblem = checkPartitionKey(input.partitionKey);
  if (keyProblem) problems.push({ field: "partitionKey", message: keyProblem });

  let explicitHashKey: string | undefined;
  if (input.explicitHashKey !== undefined && input.explicitHashKey.trim() !== "") {
    const hk = checkExplicitHashKey(input.explicitHashKey);
    if (hk.ok) explicitHashKey = hk.value;
    else problems.push({ field: "explicitHashKey", message: hk.message });
  }

  let data: Uint8Array | undefined;
  const decoded = decodeData(input.data, input.encoding);
  if (!decoded.ok) {
    problems.push({ field: "data", message: decoded.message });
  } else if (decoded.bytes.byteLength > maxRecordBytes) {
    problems.push({
      field: "data",
      message: `The data is ${decoded.bytes.byteLength.toLocaleString("en-US")} bytes after decoding; a record of this stream holds at most ${formatRecordLimit(maxRecordBytes)} (${maxRecordBytes.toLocaleString("en-US")} bytes).`,
    });
  } else {
    data = decoded.bytes;
  }

  if (problems.length > 0 || !data) return { ok: false, problems };
  return {
    ok: true,
    record: { partitionKey: input.partitionKey, explicitHashKey, data, size: data.byteLength + utf8Length(input.partitionKey) },
  };
}
