// Builds what a CloudWatch Logs subscription filter puts on a Kinesis stream (a gzipped JSON
// envelope of log events), for tests and the demo producer. Pure and isomorphic (fflate).
import { gzipSync, strToU8 } from "fflate";

export interface CloudWatchLogsEnvelopeInput {
  logGroup: string;
  logStream: string;
  events: { id?: string; timestamp: number; message: string }[];
  /** The AWS account id; a placeholder by default. */
  owner?: string;
  subscriptionFilters?: string[];
  /** CloudWatch Logs sends one CONTROL_MESSAGE when a subscription starts, to check the stream. */
  messageType?: "DATA_MESSAGE" | "CONTROL_MESSAGE";
}

export function buildCloudWatchLogsEnvelope(input: CloudWatchLogsEnvelopeInput): Uint8Array {
  const envelope = {
    messageType: input.messageType ?? "DATA_MESSAGE",
    owner: input.owner ?? "123456789012",
    logGroup: input.logGroup,
    logStream: input.logStream,
    subscriptionFilters: input.subscriptionFilters ?? ["shardscope"],
    logEvents: input.events.map((event, i) => ({
      id: event.id ?? logEventId(event.timestamp, i),
      timestamp: event.timestamp,
      message: event.message,
    })),
  };
  // mtime 0 so the same input always gives the same bytes.
  return gzipSync(strToU8(JSON.stringify(envelope)), { mtime: 0 });
}

/** Real event ids are 56 decimal digits; this one is unique per (timestamp, position). */
function logEventId(timestamp: number, index: number): string {
  return String(Math.max(0, Math.trunc(timestamp))).padStart(16, "0") + String(index).padStart(40, "0");
}
