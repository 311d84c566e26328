// The JSON shapes of record injection's answer.

/** One record's fate in `POST /api/streams/{name}/records`, in the order the records were sent. */
export type PutRecordResult = { shardId: string; sequenceNumber: string } | { errorCode: string; errorMessage: string };

export interface PutRecordsResponse {
  results: PutRecordResult[];
}
