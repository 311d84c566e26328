// A Kinesis endpoint for benchmarks only, that serves one stream whose records arrive at a set
// rate: record j of a shard arrives at start + j / (rate / shards) seconds, made on demand when a
// GetRecords asks for it. kinesis-local accepts ~320 records/s on this machine, far below what the
// browser benchmark needs; this source keeps up with any rate while the app, the AWS SDK, the SSE
// route and the browser's code stay the real ones: the app talks to it through
// `AWS_ENDPOINT_URL_KINESIS`, over HTTP, in the Kinesis JSON protocol (awsJson1_1), as to AWS.
// Only what the tail and the stream pages call is served; anything else is an error the app shows.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SyntheticStreamOptions {
  name: string;
  shards: number;
  /** Records per second, all shards together. */
  rate: number;
  /** Records stop arriving this long after `start()`. */
  seconds: number;
  /** Approximate bytes of each record's JSON payload. */
  recordBytes?: number;
}

export interface SyntheticKinesis {
  endpoint: string;
  /** Records begin to arrive now (none exist before). */
  start(): void;
  /** Records that have arrived so far, all shards together. */
  arrived(): number;
  /** Records that will have arrived once the run is over. */
  readonly total: number;
  /** GetRecords calls answered, and records they returned. */
  readonly served: { calls: number; records: number };
  stop(): Promise<void>;
}

const TWO_128 = 2n ** 128n;
/** Sequence numbers as Kinesis's look: decimal, increasing within a shard, unique across shards. */
const SEQ_BASE = 49_600_000_000_000_000_000_000_000n;
const SEQ_SHARD_STRIDE = 10n ** 15n;

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startSyntheticKinesis(o: SyntheticStreamOptions): Promise<SyntheticKinesis> {
  const perShard = o.rate / o.shards;
  const perShardTotal = Math.floor(perShard * o.seconds);
  const pad = "x".repeat(Math.max(0, (o.recordBytes ?? 200) - 80));
  const created = new Date(Date.now() - 3600_000);
  let startedAt: number | undefined;
  const served = { calls: 0, records: 0 };

  const shardId = (s: number) => `shardId-${String(s).padStart(12, "0")}`;
  const shardIndex = (id: unknown): number => {
    const s = typeof id === "string" && /^shardId-\d{12}$/.test(id) ? Number(id.slice(8)) : -1;
    if (s < 0 || s >= o.shards) throw new ApiError("ResourceNotFoundException", `Shard ${String(id)} in stream ${o.name} does not exist.`);
    return s;
  };
  const checkStream = (body: Record<string, unknown>) => {
    if (body.StreamName !== undefined && body.StreamName !== o.name)
      throw new ApiError("ResourceNotFoundException", `Stream ${String(body.StreamName)} not found.`);
  };
  /** Records of one shard that have arrived by `now`. */
  const available = (now: number) => (startedAt === undefined ? 0 : Math.min(perShardTotal, Math.floor(((now - startedAt) / 1000) * perShard)));
  const seqOf = (s: number, j: number) => (SEQ_BASE + BigInt(s) * SEQ_SHARD_STRIDE + BigInt(j)).toString();
  const indexOfSeq = (s: number, seq: unknown): number => {
    const v = typeof seq === "string" && /^\d{1,128}$/.test(seq) ? BigInt(seq) - SEQ_BASE - BigInt(s) * SEQ_SHARD_STRIDE : -1n;
    if (v < 0n || v >= SEQ_SHARD_STRIDE) throw new ApiError("InvalidArgumentException", `Sequence number ${String(seq)} is not of shard ${shardId(s)}.`);
    return Number(v);
  };
  const iterator = (s: number, j: number) => Buffer.from(JSON.stringify({ s, j })).toString("base64");
  const shards = () =>
    Array.from({ length: o.shards }, (_, s) => ({
      ShardId: shardId(s),
      HashKeyRange: {
        StartingHashKey: ((TWO_128 * BigInt(s)) / BigInt(o.shards)).toString(),
        EndingHashKey: ((TWO_128 * BigInt(s + 1)) / BigInt(o.shards) - 1n).toString(),
      },
      SequenceNumberRange: { StartingSequenceNumber: seqOf(s, 0) },
    }));
  const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${o.name}`;

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    ListStreams: () => ({
      StreamNames: [o.name],
      HasMoreStreams: false,
      StreamSummaries: [
        {
          StreamName: o.name,
          StreamARN: arn,
          StreamStatus: "ACTIVE",
          StreamModeDetails: { StreamMode: "PROVISIONED" },
          StreamCreationTimestamp: created.getTime() / 1000,
        },
      ],
    }),
    DescribeStreamSummary: (b) => {
      checkStream(b);
      return {
        StreamDescriptionSummary: {
          StreamName: o.name,
          StreamARN: arn,
          StreamStatus: "ACTIVE",
          StreamModeDetails: { StreamMode: "PROVISIONED" },
          RetentionPeriodHours: 24,
          StreamCreationTimestamp: created.getTime() / 1000,
          EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
          EncryptionType: "NONE",
          OpenShardCount: o.shards,
          ConsumerCount: 0,
        },
      };
    },
    ListShards: (b) => {
      checkStream(b);
      return { Shards: shards() };
    },
    ListStreamConsumers: () => ({ Consumers: [] }),
    ListTagsForStream: (b) => {
      checkStream(b);
      return { Tags: [], HasMoreTags: false };
    },
    GetShardIterator: (b) => {
      checkStream(b);
      const s = shardIndex(b.ShardId);
      const now = Date.now();
      let j: number;
      switch (b.ShardIteratorType) {
        case "TRIM_HORIZON":
          j = 0;
          break;
        case "LATEST":
          j = available(now);
          break;
        case "AT_SEQUENCE_NUMBER":
          j = indexOfSeq(s, b.StartingSequenceNumber);
          break;
        case "AFTER_SEQUENCE_NUMBER":
          j = indexOfSeq(s, b.StartingSequenceNumber) + 1;
          break;
        case "AT_TIMESTAMP": {
          const t = typeof b.Timestamp === "number" ? b.Timestamp * 1000 : NaN;
          if (Number.isNaN(t)) throw new ApiError("InvalidArgumentException", "Timestamp is required for AT_TIMESTAMP.");
          j = startedAt === undefined ? 0 : Math.max(0, Math.ceil(((t - startedAt) / 1000) * perShard));
          break;
        }
        default:
          throw new ApiError("InvalidArgumentException", `Unknown ShardIteratorType ${String(b.ShardIteratorType)}.`);
      }
      return { ShardIterator: iterator(s, j) };
    },
    GetRecords: (b) => {
      let it: { s: number; j: number };
      try {
        it = JSON.parse(Buffer.from(String(b.ShardIterator), "base64").toString("utf8")) as { s: number; j: number };
      } catch {
        throw new ApiError("InvalidArgumentException", "Invalid ShardIterator.");
      }
      const s = shardIndex(shardId(it.s));
      const limit = Math.min(10_000, typeof b.Limit === "number" ? b.Limit : 10_000);
      const now = Date.now();
      const upTo = available(now);
      const end = Math.min(upTo, it.j + limit);
      const Records = [];
      for (let j = it.j; j < end; j++) {
        const i = j * o.shards + s;
        const arrival = (startedAt ?? now) + (j / perShard) * 1000;
        const payload = JSON.stringify({ i, shard: s, ts: Math.round(arrival), amount: (i * 37) % 1000, pad });
        Records.push({
          SequenceNumber: seqOf(s, j),
          ApproximateArrivalTimestamp: arrival / 1000,
          Data: Buffer.from(payload).toString("base64"),
          PartitionKey: `key-${i % 500}`,
        });
      }
      served.calls++;
      served.records += Records.length;
      return { Records, NextShardIterator: iterator(s, end), MillisBehindLatest: Math.max(0, Math.round(((upTo - end) / perShard) * 1000)) };
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const op = target.startsWith("Kinesis_20131202.") ? target.slice("Kinesis_20131202.".length) : "";
      let status = 200;
      let out: unknown;
      try {
        const handler = operations[op];
        if (!handler) throw new ApiError("UnknownOperationException", `The synthetic benchmark source does not serve ${op || "this request"}.`);
        out = handler(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>);
      } catch (e) {
        status = 400;
        out = e instanceof ApiError ? { __type: e.type, message: e.message } : { __type: "InvalidArgumentException", message: String(e) };
      }
      const text = JSON.stringify(out);
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    start: () => {
      startedAt = Date.now();
    },
    arrived: () => available(Date.now()) * o.shards,
    total: perShardTotal * o.shards,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
