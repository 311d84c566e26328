import "server-only";
// Record injection, the only write Shardscope makes: one PutRecords call for records the caller
// has already validated (lib/put), answered per record with its shard and sequence number or the
// error Kinesis gave it. Failed entries are not retried here; the uploader retries with backoff.
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import type { PutRecordResult, PutRecordsResponse } from "@/lib/put/types";
import { describeProblems, parsePutRecordsRequest } from "@/lib/put/put-request";
import type { PreparedRecord } from "@/lib/put/prepare-record";
import { kinesisClient } from "@/lib/server/aws/clients";
import { AppError, scrub } from "@/lib/server/errors";
import type { Scope } from "@/lib/server/targets/scope";

/**
 * The validated records of a request body, or an invalid_input error naming every bad record.
 * `maxRecordBytes` is the stream's maximum record size (describeStream's maxRecordSizeKiB × 1024).
 */
export function recordsFromBody(body: unknown, maxRecordBytes?: number): PreparedRecord[] {
  const parsed = parsePutRecordsRequest(body, maxRecordBytes);
  if (!parsed.ok) throw new AppError("invalid_input", describeProblems(parsed.problems), parsed.problems);
  return parsed.records;
}

export async function putRecords(scope: Scope, stream: string, records: PreparedRecord[]): Promise<PutRecordsResponse> {
  let out;
  try {
    out = await kinesisClient(scope).send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: records.map((r) => ({ PartitionKey: r.partitionKey, ExplicitHashKey: r.explicitHashKey, Data: r.data })),
      }),
    );
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
  const entries = out.Records ?? [];
  if (entries.length !== records.length) {
    throw new AppError("internal", `Kinesis answered ${entries.length} results for ${records.length} records; some may have been written.`);
  }
  const results: PutRecordResult[] = entries.map((e) =>
    e.ErrorCode || !e.ShardId || !e.SequenceNumber
      ? { errorCode: e.ErrorCode ?? "UnknownError", errorMessage: scrub(e.ErrorMessage ?? "Kinesis gave no shard for this record.") }
      : { shardId: e.ShardId, sequenceNumber: e.SequenceNumber },
  );
  return { results };
}
