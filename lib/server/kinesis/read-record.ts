import "server-only";
// A record as GetRecords or SubscribeToShard returned it: its metadata at once (a tail reader's
// stats need only the partition key, size and arrival time), its payload encoded and decoded only
// when someone asks, and then once per decoder however many tail viewers share the reader.
import type { _Record } from "@aws-sdk/client-kinesis";
import { decodePayload } from "@/lib/records/decode-payload";
import type { SchemaLookup } from "@/lib/records/schema-resolver";
import type { DecodedPayload, DecoderName, RecordView } from "@/lib/records/types";

export class ReadRecord implements RecordView {
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly arrivalTime: string;
  readonly size: number;
  readonly bytes: Uint8Array;
  private base64: string | undefined;
  private readonly decodings = new Map<DecoderName, DecodedPayload>();
  /** The last view asked for (viewers of one reader nearly always use one decoder). */
  private view: { decoder: DecoderName; view: RecordView } | undefined;
  /** The stream's schemas (lib/server/schemas), set before the record is decoded for a viewer. */
  private schemas: (SchemaLookup & { misses: number }) | undefined;

  constructor(
    readonly shardId: string,
    r: _Record,
  ) {
    this.bytes = r.Data ?? new Uint8Array();
    this.sequenceNumber = r.SequenceNumber ?? "";
    this.partitionKey = r.PartitionKey ?? "";
    this.arrivalTime = (r.ApproximateArrivalTimestamp ?? new Date(0)).toISOString();
    this.size = this.bytes.byteLength;
  }

  get data(): string {
    this.base64 ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString("base64");
    return this.base64;
  }

  get decoded(): DecodedPayload {
    return this.decodedAs("auto");
  }

  /** The decoders that have run on this record so far (for tests and stats). */
  get decoders(): DecoderName[] {
    return [...this.decodings.keys()];
  }

  decodedAs(decoder: DecoderName): DecodedPayload {
    let d = this.decodings.get(decoder);
    if (!d) {
      const misses = this.schemas?.misses;
      d = decodePayload(this.bytes, { decoder, schemas: this.schemas });
      // A decoding that met a schema version not fetched yet is not kept: the next one will have it.
      if (this.schemas?.misses === misses) this.decodings.set(decoder, d);
    }
    return d;
  }

  /**
   * Lets go of this record's decodings (a search has filtered it out: its decoded payload, often
   * several times the record's size, must not stay while the rest of its batch is filtered).
   */
  forgetDecodings(): void {
    this.decodings.clear();
    this.view = undefined;
  }

  /** Decode with these schemas from now on (decodings made without them are made again). */
  useSchemas(schemas: SchemaLookup & { misses: number }): void {
    if (this.schemas === schemas) return;
    this.schemas = schemas;
    this.decodings.clear();
  }

  /**
   * The record as `decoder` shows it: one plain object for every viewer of this record with that
   * decoder (the last one asked for is kept) until its decoding changes, so that what is derived
   * from it can be shared (lib/server/tail/records-event.ts). Never modified: a viewer that needs
   * another view (masking) makes a copy.
   */
  viewAs(decoder: DecoderName): RecordView {
    const decoded = this.decodedAs(decoder);
    if (this.view?.decoder !== decoder || this.view.view.decoded !== decoded) this.view = { decoder, view: plainView(this, decoded) };
    return this.view.view;
  }

  /** The record decoded with the schema's text included (the detail view). */
  decodedWithSchemaText(decoder: DecoderName): DecodedPayload {
    return decodePayload(this.bytes, { decoder, schemas: this.schemas, withSchemaText: true });
  }
}

/** One record as the records API sends it, decoded with `decoder`. */
export function toRecordView(shardId: string, r: _Record, decoder: DecoderName = "auto"): RecordView {
  return viewAs(new ReadRecord(shardId, r), decoder);
}

/**
 * The record as `decoder` shows it, as a plain object ready to queue and send. A `ReadRecord`
 * decodes at most once per decoder and gives the same object to every caller (never modify it);
 * any other record (one already decoded with the auto chain) is decoded again from its bytes only
 * for another decoder.
 */
export function viewAs(r: RecordView, decoder: DecoderName): RecordView {
  if (r instanceof ReadRecord) return r.viewAs(decoder);
  return plainView(r, decoder === "auto" ? r.decoded : decodePayload(Buffer.from(r.data, "base64"), { decoder }));
}

function plainView(r: RecordView, decoded: DecodedPayload): RecordView {
  return {
    shardId: r.shardId,
    sequenceNumber: r.sequenceNumber,
    partitionKey: r.partitionKey,
    arrivalTime: r.arrivalTime,
    size: r.size,
    data: r.data,
    decoded,
  };
}
