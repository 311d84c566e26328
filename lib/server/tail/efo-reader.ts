import "server-only";
// Reads one shard through enhanced fan-out (SubscribeToShard): Kinesis pushes records to a
// registered consumer over a dedicated 2 MB/s pipe, so this reader spends none of the shard's
// shared GetRecords budget. A subscription lasts five minutes; it is renewed from the last
// continuation sequence number, so nothing is lost or repeated across renewals.
import { SubscribeToShardCommand, type KinesisClient, type StartingPosition } from "@aws-sdk/client-kinesis";
import { mapAwsError } from "@/lib/server/errors";
import { ReadRecord } from "@/lib/server/kinesis/read-record";
import { isPositionRefused, ReaderBase, type ReaderStart } from "./reader-base";

export interface EfoSettings {
  consumerArn: string;
  idleStopMs: number;
  endpoint?: string;
  /** Bound of the reader's buffer of batches not yet taken by every viewer. */
  bufferBytes?: number;
  /** Readies a batch for its viewers' decoders (schemas fetched) before it is handed out. */
  prepare?: (stream: string, records: ReadRecord[]) => Promise<void>;
}

export class EfoReader extends ReaderBase {
  readonly mode = "efo" as const;
  // Kinesis allows one subscription per consumer and shard per second: never retry sooner.
  protected readonly retry = { floorMs: 1_000, jitter: 0 };
  /** Where the next subscription continues, as Kinesis told us (covers records we filtered out too). */
  private continuation: string | undefined;

  constructor(
    private readonly client: KinesisClient,
    stream: string,
    shardId: string,
    start: ReaderStart,
    readonly settings: EfoSettings,
    onStop: (reader: EfoReader) => void,
  ) {
    super(stream, shardId, start, settings.idleStopMs, (r) => onStop(r as EfoReader), settings.bufferBytes);
    void this.run();
  }

  protected callRates() {
    return { callsPerSecond: 0, budgetPerSecond: 5 };
  }

  private position(): StartingPosition {
    if (this.continuation) return { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: this.continuation };
    const p = this.resumePoint();
    return {
      Type: p.type,
      SequenceNumber: p.type === "AT_SEQUENCE_NUMBER" || p.type === "AFTER_SEQUENCE_NUMBER" ? p.at : undefined,
      Timestamp: p.type === "AT_TIMESTAMP" && p.at ? new Date(p.at) : undefined,
    };
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let backoff = 0;
    while (!this.stopped) {
      const position = this.position();
      try {
        const out = await this.client.send(
          new SubscribeToShardCommand({ ConsumerARN: this.settings.consumerArn, ShardId: this.shardId, StartingPosition: position }),
          { abortSignal: signal },
        );
        if (!out.EventStream) throw new Error("SubscribeToShard returned no event stream");
        this.reached = true;
        for await (const ev of out.EventStream) {
          if (this.stopped) return;
          const e = ev.SubscribeToShardEvent;
          if (!e) continue;
          backoff = 0;
          const records = (e.Records ?? []).map((r) => new ReadRecord(this.shardId, r));
          await this.settings.prepare?.(this.stream, records);
          if (this.stopped) return;
          this.deliver(records, e.MillisBehindLatest ?? 0);
          if (e.ContinuationSequenceNumber) this.continuation = e.ContinuationSequenceNumber;
          // A closed shard's last event names its children and carries no continuation.
          if ((e.ChildShards?.length ?? 0) > 0 && !e.ContinuationSequenceNumber) {
            this.finish();
            return;
          }
          this.setState((e.MillisBehindLatest ?? 0) > 0 ? "catching-up" : "live");
          // Take the next event only once some viewer needs more (the stream waits meanwhile).
          await this.waitForDemand(signal);
        }
        // The subscription ran its five minutes: subscribe again from the continuation.
      } catch (err) {
        if (this.stopped || signal.aborted) return;
        const mapped = mapAwsError(err, { service: "Kinesis", endpoint: this.settings.endpoint });
        const name = (err as { name?: string }).name ?? "";
        const from: ReaderStart | undefined =
          position.Type === "AFTER_SEQUENCE_NUMBER" || position.Type === "AT_SEQUENCE_NUMBER"
            ? { type: position.Type, at: position.SequenceNumber, resumed: this.continuation !== undefined || this.start.resumed }
            : undefined;
        if (from && name !== "ResourceInUseException" && isPositionRefused(err, this.settings.endpoint) && this.fallBackFrom(from)) {
          this.continuation = undefined;
          continue;
        }
        // ResourceInUse means the consumer's previous subscription is still closing.
        const next = await this.retryAfter(
          mapped,
          backoff,
          name === "ResourceInUseException" ? "The consumer's previous subscription is still open." : undefined,
        );
        if (next === undefined) return;
        backoff = next;
      }
    }
  }
}
