import "server-only";
// Record browsing: one page of a shard from any start position. The cursor is opaque to the
// browser; it carries the shard iterator and the last sequence number so that an expired
// iterator (they live 5 minutes) is renewed transparently right after the last record seen. It is
// signed and names its scope (target and region), stream and shard, so no one can hand us an
// iterator of their own making, nor one made for another account or region.
import { GetRecordsCommand, GetShardIteratorCommand, type GetRecordsCommandOutput, type KinesisClient, type ShardIteratorType } from "@aws-sdk/client-kinesis";
import { z } from "zod";
import type { RecordsPageResponse, StartPosition } from "@/lib/records/types";
import type { DecoderName, RecordView } from "@/lib/records/types";
import { previewRecord } from "@/lib/records/record-preview";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { countedGetRecords } from "@/lib/server/ops/metrics";
import { sign, verify } from "@/lib/server/signing";
import type { Scope } from "@/lib/server/targets/scope";
import { sleep } from "@/lib/util/sleep";
import { maskingFor, type MaskingPrincipal } from "@/lib/server/masking/masking-for";
import { prepareRecords } from "@/lib/server/schemas/prepare-records";
import { ReadRecord, viewAs } from "./read-record";

/** Iterators expire after 5 minutes; renew a little before that rather than fail a request. */
const ITERATOR_RENEW_AFTER_MS = 270_000;
/** Kinesis allows 5 GetRecords calls per second per shard; one page never spends more than that pace. */
const EMPTY_PAGE_PAUSE_MS = 200;

const cursorSchema = z.object({
  v: z.literal(1),
  /** The scope's key (`target/region`). */
  scope: z.string(),
  stream: z.string(),
  shardId: z.string(),
  iterator: z.string(),
  lastSeq: z.string().optional(),
  from: z.enum(["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"]),
  at: z.string().optional(),
  issuedAt: z.number(),
});
export type BrowseCursor = z.infer<typeof cursorSchema>;

/** Cursors are signed: one that was forged, altered or made for another scope, stream or shard is refused. */
const CURSOR_PURPOSE = "cursor";

export function encodeCursor(c: BrowseCursor): string {
  return sign(CURSOR_PURPOSE, Buffer.from(JSON.stringify(c), "utf8").toString("base64url"));
}

function foreignCursor(): AppError {
  const restart = getConfig().secret ? "" : " If Shardscope restarted since, that is why: without SHARDSCOPE_SECRET its cursors do not survive a restart.";
  return new AppError("invalid_input", `The cursor is not one this Shardscope issued, or it was altered. Start again from a position.${restart}`);
}

export function decodeCursor(raw: string, scopeKey: string, stream: string, shardId: string): BrowseCursor {
  const payload = verify(CURSOR_PURPOSE, raw);
  if (payload === undefined) throw foreignCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw foreignCursor();
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw foreignCursor();
  if (result.data.scope !== scopeKey) {
    throw new AppError("invalid_input", `The cursor belongs to another target or region (${result.data.scope}). Start again from a position.`);
  }
  if (result.data.stream !== stream || result.data.shardId !== shardId) {
    throw new AppError(
      "invalid_input",
      `The cursor belongs to another stream or shard (${result.data.stream}, ${result.data.shardId}). Start again from a position.`,
    );
  }
  return result.data;
}

export interface BrowseRequest {
  stream: string;
  shardId: string;
  from: StartPosition;
  /** ISO timestamp for AT_TIMESTAMP, sequence number for the *_SEQUENCE_NUMBER positions. */
  at?: string;
  limit: number;
  cursor?: string;
  decoder?: DecoderName;
  /** The viewer, for masking (lib/server/masking): without one, the stream's rules apply. */
  principal?: MaskingPrincipal;
}

async function shardIterator(client: KinesisClient, stream: string, shardId: string, type: ShardIteratorType, at: string | undefined): Promise<string> {
  const out = await client.send(
    new GetShardIteratorCommand({
      StreamName: stream,
      ShardId: shardId,
      ShardIteratorType: type,
      Timestamp: type === "AT_TIMESTAMP" && at ? new Date(at) : undefined,
      StartingSequenceNumber: type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER" ? at : undefined,
    }),
  );
  if (!out.ShardIterator) throw new AppError("internal", "Kinesis returned no shard iterator.");
  return out.ShardIterator;
}

/** Where to restart when an iterator has expired: just after the last record seen, else the original position. */
function renewal(c: Pick<BrowseCursor, "lastSeq" | "from" | "at">): { type: ShardIteratorType; at?: string } {
  if (c.lastSeq) return { type: "AFTER_SEQUENCE_NUMBER", at: c.lastSeq };
  return { type: c.from, at: c.at };
}

export async function browseRecords(scope: Scope, req: BrowseRequest, client: KinesisClient = kinesisClient(scope)): Promise<RecordsPageResponse> {
  const { stream, shardId, limit } = req;
  const decoder = req.decoder ?? "auto";
  try {
    const prior = req.cursor ? decodeCursor(req.cursor, scope.key, stream, shardId) : undefined;
    const position = prior ? { from: prior.from, at: prior.at } : { from: req.from, at: req.at };
    let lastSeq = prior?.lastSeq;
    let iterator: string;
    let issuedAt = prior?.issuedAt ?? Date.now();
    if (prior && Date.now() - prior.issuedAt < ITERATOR_RENEW_AFTER_MS) {
      iterator = prior.iterator;
    } else {
      const r = prior ? renewal(prior) : { type: req.from, at: req.at };
      iterator = await shardIterator(client, stream, shardId, r.type, r.at);
      issuedAt = Date.now();
    }

    const masking = await maskingFor(scope, stream, req.principal);
    const records: ReadRecord[] = [];
    let next: string | undefined = iterator;
    let millisBehindLatest: number | null = null;
    let renewed = false;
    const maxCalls = getConfig().browseMaxCalls;
    for (let call = 0; call < maxCalls && next; call++) {
      if (call > 0) await sleep(EMPTY_PAGE_PAUSE_MS);
      let out;
      try {
        out = await countedGetRecords(scope, stream, () => client.send(new GetRecordsCommand({ ShardIterator: next, Limit: limit - records.length })));
      } catch (e) {
        if ((e as { name?: string }).name === "ExpiredIteratorException" && !renewed) {
          renewed = true;
          const r = renewal({ lastSeq, ...position });
          next = await shardIterator(client, stream, shardId, r.type, r.at);
          issuedAt = Date.now();
          continue;
        }
        throw e;
      }
      for (const r of out.Records ?? []) {
        records.push(new ReadRecord(shardId, r));
        lastSeq = r.SequenceNumber ?? lastSeq;
      }
      next = out.NextShardIterator;
      issuedAt = Date.now();
      millisBehindLatest = out.MillisBehindLatest ?? null;
      // Keep reading past empty responses only while the shard says there is more behind us.
      if (records.length > 0 || millisBehindLatest === 0 || records.length >= limit) break;
    }

    // Schemas (Glue versions, the stream's attached file) fetched before the synchronous decode.
    await prepareRecords(scope, stream, records, decoder);
    return {
      // Masked before the preview is cut, so a preview is written from the masked payload.
      records: records.map((r) => previewRecord(masking.apply(viewAs(r, decoder)))),
      cursor: next ? encodeCursor({ v: 1, scope: scope.key, stream, shardId, iterator: next, lastSeq, ...position, issuedAt }) : null,
      millisBehindLatest,
    };
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
}

export interface RecordRequest {
  stream: string;
  shardId: string;
  sequenceNumber: string;
  decoder?: DecoderName;
  /** Send the record whole, however large; else a preview when it is large (as pages do). */
  full?: boolean;
  /** The viewer, for masking (lib/server/masking): without one, the stream's rules apply. */
  principal?: MaskingPrincipal;
}

/** GetRecords calls spent looking for one record before saying it is not there. */
const ONE_RECORD_MAX_CALLS = 3;

/**
 * One record by its sequence number: GetRecords from AT_SEQUENCE_NUMBER with Limit 1. A record
 * past the retention period (or never written) is a 404, not the next record in its place.
 */
export async function readRecord(scope: Scope, req: RecordRequest, client: KinesisClient = kinesisClient(scope)): Promise<RecordView> {
  const { stream, shardId, sequenceNumber } = req;
  try {
    let next: string | undefined = await shardIterator(client, stream, shardId, "AT_SEQUENCE_NUMBER", sequenceNumber);
    for (let call = 0; call < ONE_RECORD_MAX_CALLS && next; call++) {
      if (call > 0) await sleep(EMPTY_PAGE_PAUSE_MS);
      const out: GetRecordsCommandOutput = await countedGetRecords(scope, stream, () => client.send(new GetRecordsCommand({ ShardIterator: next, Limit: 1 })));
      const r = out.Records?.[0];
      if (r) {
        if (r.SequenceNumber !== sequenceNumber) break;
        const decoder = req.decoder ?? "auto";
        const read = new ReadRecord(shardId, r);
        await prepareRecords(scope, stream, [read], decoder);
        // The detail view shows the schema's text beside the decoded value.
        const masking = await maskingFor(scope, stream, req.principal);
        const view = masking.apply({ ...viewAs(read, decoder), decoded: read.decodedWithSchemaText(decoder) });
        return req.full ? view : previewRecord(view);
      }
      next = out.NextShardIterator;
    }
  } catch (e) {
    throw scope.awsError("Kinesis", e);
  }
  throw new AppError("not_found", `No record ${sequenceNumber} in ${shardId} of ${stream}: it may be older than the stream's retention period.`);
}
