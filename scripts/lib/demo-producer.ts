// Drives modest, realistic traffic into the demo streams so every view has something to show.
// Kept to tens of records per second: kinesis-local slows down as its shards fill.
import { PutRecordCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { buildCloudWatchLogsEnvelope } from "../../lib/records/encode/build-cloudwatch-logs-envelope";
import { buildKplAggregate } from "../../lib/records/encode/build-kpl-aggregate";
import { createRng, type Rng } from "../../lib/util/create-rng";
import {
  DEMO_MIX,
  clickstreamRecord,
  nextTelemetry,
  orderRecord,
  paymentRecord,
  pickFromMix,
  type DemoRecord,
  type DemoStreamMix,
  type DemoStreamName,
} from "./demo-data";

export interface DemoProducerOptions<S extends string = DemoStreamName> {
  /** Which streams get which records, and how the rate is shared; the four demo streams by default. */
  mix?: readonly DemoStreamMix<S>[];
  /** Records per second over all streams (a KPL aggregate counts once). */
  ratePerSecond?: number;
  /** Fixed seed for repeatable traffic; random by default. */
  seed?: number;
  /** Puts allowed in flight; beyond that a tick's records are skipped rather than queued. */
  maxInFlight?: number;
  log?: (line: string) => void;
  /** Told about every put, with the shard Kinesis put it in (the demo publishes CloudWatch metrics from these). */
  onPut?: (put: PutOutcome) => void;
}

export interface PutOutcome {
  stream: string;
  /** The shard Kinesis answered with; undefined when the put failed. */
  shardId?: string;
  bytes: number;
  ok: boolean;
  /** The error name of a failed put, e.g. ProvisionedThroughputExceededException. */
  error?: string;
  latencyMs: number;
  /** Epoch ms when the put was answered. */
  at: number;
}

export interface StreamStats {
  sent: number;
  failed: number;
  bytes: number;
}

export interface DemoProducerStats<S extends string = DemoStreamName> {
  sent: number;
  failed: number;
  /** Records not even attempted because too many puts were still in flight. */
  skipped: number;
  inFlight: number;
  /** User records inside the KPL aggregates sent to telemetry. */
  kplUserRecords: number;
  perStream: Record<S, StreamStats>;
  runningForMs: number;
}

export interface DemoProducer<S extends string = DemoStreamName> {
  stats(): DemoProducerStats<S>;
  /** Stops scheduling and waits for the puts still in flight. */
  stop(): Promise<void>;
}

const TICK_MS = 100;

export function startDemoProducer<S extends string = DemoStreamName>(client: KinesisClient, opts: DemoProducerOptions<S> = {}): DemoProducer<S> {
  const mix = opts.mix ?? (DEMO_MIX as unknown as readonly DemoStreamMix<S>[]);
  const rate = opts.ratePerSecond ?? 20;
  const maxInFlight = opts.maxInFlight ?? 32;
  const log = opts.log ?? ((line: string) => console.warn(line));
  const rng = createRng(opts.seed ?? Math.floor(Math.random() * 2 ** 32));

  const perStream = Object.fromEntries(mix.map((m) => [m.stream, { sent: 0, failed: 0, bytes: 0 }])) as Record<S, StreamStats>;
  const totals = { skipped: 0, kplUserRecords: 0 };
  const inFlight = new Set<Promise<void>>();
  const reportedErrors = new Set<string>();
  const startedAt = Date.now();
  let stopped = false;
  let credit = 0;
  let lastTick = startedAt;

  const send = ({ stream, carries }: DemoStreamMix<S>): void => {
    const task = (async () => {
      const started = Date.now();
      let bytes = 0;
      try {
        const record = nextRecord(carries, rng, totals);
        bytes = record.data.byteLength;
        const out = await client.send(
          new PutRecordCommand({
            StreamName: stream,
            PartitionKey: record.partitionKey,
            ExplicitHashKey: record.explicitHashKey,
            Data: record.data,
          }),
        );
        perStream[stream].sent++;
        perStream[stream].bytes += record.data.byteLength;
        opts.onPut?.({ stream, shardId: out.ShardId, bytes, ok: true, latencyMs: Date.now() - started, at: Date.now() });
      } catch (err) {
        perStream[stream].failed++;
        opts.onPut?.({ stream, bytes, ok: false, error: (err as Error).name, latencyMs: Date.now() - started, at: Date.now() });
        const name = (err as Error).name || "Error";
        // Once per stream and error kind: a down emulator must not flood the terminal.
        const kind = `${stream}:${name}`;
        if (!reportedErrors.has(kind)) {
          reportedErrors.add(kind);
          log(`demo producer: putting to ${stream} failed (${name}: ${(err as Error).message}); further ${name} errors on ${stream} are counted silently`);
        }
      }
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  const tick = (): void => {
    const now = Date.now();
    // Credit by elapsed time, not by tick count, so a late timer does not lower the rate.
    credit += ((now - lastTick) / 1000) * rate;
    lastTick = now;
    while (credit >= 1) {
      credit -= 1;
      if (inFlight.size >= maxInFlight) {
        totals.skipped++;
        continue;
      }
      send(pickFromMix(rng, mix));
    }
  };

  const timer = setInterval(tick, TICK_MS);
  // The producer alone must never keep a process alive.
  timer.unref();

  return {
    stats(): DemoProducerStats<S> {
      let sent = 0;
      let failed = 0;
      for (const s of Object.values<StreamStats>(perStream)) {
        sent += s.sent;
        failed += s.failed;
      }
      return {
        sent,
        failed,
        skipped: totals.skipped,
        inFlight: inFlight.size,
        kplUserRecords: totals.kplUserRecords,
        perStream: structuredClone(perStream),
        runningForMs: Date.now() - startedAt,
      };
    },
    async stop(): Promise<void> {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
      }
      await Promise.all([...inFlight]);
    },
  };
}

function nextRecord(stream: DemoStreamName, rng: Rng, totals: { kplUserRecords: number }): DemoRecord {
  const now = new Date();
  switch (stream) {
    case "orders":
      return orderRecord(rng, now);
    case "clickstream":
      return clickstreamRecord(rng, now);
    case "payments":
      return paymentRecord(rng, now);
    case "telemetry": {
      const item = nextTelemetry(rng, now);
      switch (item.kind) {
        case "kpl":
          totals.kplUserRecords += item.userRecords.length;
          return { partitionKey: item.partitionKey, data: buildKplAggregate(item.userRecords) };
        case "cwlogs":
          return { partitionKey: item.partitionKey, data: buildCloudWatchLogsEnvelope(item.envelope) };
        case "text":
        case "binary":
          return item.record;
      }
    }
  }
}
