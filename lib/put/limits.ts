// The limits of a write, as Kinesis sets them. The browser checks them before sending and the
// server checks them again before any call, so a request that breaks one writes nothing.

export const DATA_ENCODINGS = ["text", "json", "base64", "hex"] as const;
export type DataEncoding = (typeof DATA_ENCODINGS)[number];

export const PUT_LIMITS = {
  /** Kinesis counts UTF-16 code units: a character outside the BMP (an emoji) counts as two. */
  partitionKeyMaxChars: 256,
  /**
   * Bytes of one record's data after decoding, unless the stream says otherwise: each stream has its
   * own maximum (MaxRecordSizeInKiB, 1 to 10 MiB, set with UpdateMaxRecordSize); 1 MiB when absent.
   */
  recordDataMaxBytes: 1024 * 1024,
  /** PutRecords: records per call. */
  requestMaxRecords: 500,
  /**
   * PutRecords: bytes per call, data and partition keys together. 10 MiB since Kinesis took records
   * of up to 10 MiB (the SDK's PutRecords documentation; it was 5 MiB before).
   */
  requestMaxBytes: 10 * 1024 * 1024,
  /**
   * Bytes of one POST body to Shardscope. Hex doubles the data and JSON escaping can grow text
   * further, so this is larger than requestMaxBytes; the uploader splits requests to stay under it.
   */
  requestMaxBodyBytes: 24 * 1024 * 1024,
} as const;

/** Explicit hash keys are 128-bit unsigned integers. */
export const MAX_HASH_KEY = 2n ** 128n - 1n;

/** The largest maximum record size a stream can have (UpdateMaxRecordSize allows up to 10 MiB). */
export const KINESIS_MAX_RECORD_BYTES = 10 * 1024 * 1024;

/** A stream's maximum record size when DescribeStreamSummary does not give one (emulators, older streams). */
export const DEFAULT_MAX_RECORD_SIZE_KIB = 1024;

/** "1 MiB", "10 MiB", "1.5 MiB", "512 KiB": a stream's record limit as Kinesis states it. */
export function formatRecordLimit(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(2))} MiB`;
  return `${Number((bytes / 1024).toFixed(2))} KiB`;
}
