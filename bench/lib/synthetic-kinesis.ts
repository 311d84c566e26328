// A read-only Kinesis endpoint on loopback that serves one stream of generated records, for the
// search's memory benchmark only: kinesis-local takes records at ~300 a second on this machine, so a
// stream of 1,000,000 records cannot be filled in a benchmark's time. It speaks the Kinesis JSON
// 1.1 protocol (X-Amz-Target: Kinesis_20131202.<Operation>, the shapes of the Kinesis API
// reference) for exactly what a search asks: DescribeStreamSummary, ListShards, GetShardIterator
// and GetRecords (up to Limit records, at most 10 MiB of data, as Kinesis). Records are made on
// demand, never stored: record i of a shard arrived at `startMs + i * spacingMs`, its data a ~1 KB
// JSON order, so the server's own memory stays flat however many records it serves.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SyntheticStream {
  name: string;
  shards: number;
  recordsPerShard: number;
  /** Bytes of each record's data (JSON padded to it). */
  recordBytes: number;
  /** Arrival time of every shard's first record; the last ones arrive before now. */
  startMs: number;
  spacingMs: number;
}

export interface SyntheticKinesis {
  endpoint: string;
  /** GetRecords calls answered, and the records and data bytes they carried. */
  stats: () => { getRecords: number; records: number; bytes: number };
  stop: () => Promise<void>;
}

const MAX_HASH = 2n ** 128n - 1n;
const MAX_ANSWER_BYTES = 10 * 1024 * 1024;
const ACCOUNT = "000000000000";

const shardId = (i: number) => `shardId-${String(i).padStart(12, "0")}`;
/** Sequence numbers compare as numbers: shard and index both in it, fixed width. */
const sequenceOf = (shard: number, index: number) => `4959${String(shard).padStart(6, "0")}${String(index).padStart(20, "0")}`;
const indexOf = (sequence: string) => Number(sequence.slice(10));

function dataOf(stream: SyntheticStream, shard: number, index: number): Buffer {
  const n = shard * stream.recordsPerShard + index;
  const body = { n, customer: `customer-${String(n % 1000).padStart(4, "0")}`, total: (n * 37) % 2000, currency: n % 3 ? "EUR" : "USD", pad: "" };
  const base = JSON.stringify(body).length;
  body.pad = "x".repeat(Math.max(0, stream.recordBytes - base));
  return Buffer.from(JSON.stringify(body));
}

export async function startSyntheticKinesis(stream: SyntheticStream, region = "us-east-1"): Promise<SyntheticKinesis> {
  const counters = { getRecords: 0, records: 0, bytes: 0 };
  const arn = `arn:aws:kinesis:${region}:${ACCOUNT}:stream/${stream.name}`;
  const perShard = MAX_HASH / BigInt(stream.shards);
  const shards = Array.from({ length: stream.shards }, (_, i) => ({
    ShardId: shardId(i),
    HashKeyRange: {
      StartingHashKey: (perShard * BigInt(i)).toString(),
      EndingHashKey: (i === stream.shards - 1 ? MAX_HASH : perShard * BigInt(i + 1) - 1n).toString(),
    },
    SequenceNumberRange: { StartingSequenceNumber: sequenceOf(i, 0) },
  }));
  const arrival = (index: number) => stream.startMs + index * stream.spacingMs;
  const iterator = (shard: number, index: number) => Buffer.from(JSON.stringify([shard, index])).toString("base64");

  const answer = (op: string, req: Record<string, unknown>): [number, unknown] => {
    const notFound: [number, unknown] = [
      400,
      { __type: "ResourceNotFoundException", message: `Stream ${String(req.StreamName)} under account ${ACCOUNT} not found.` },
    ];
    switch (op) {
      case "DescribeStreamSummary":
        if (req.StreamName !== stream.name && req.StreamARN !== arn) return notFound;
        return [
          200,
          {
            StreamDescriptionSummary: {
              StreamName: stream.name,
              StreamARN: arn,
              StreamStatus: "ACTIVE",
              StreamModeDetails: { StreamMode: "PROVISIONED" },
              RetentionPeriodHours: 24,
              StreamCreationTimestamp: Math.floor(stream.startMs / 1000) - 60,
              EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
              EncryptionType: "NONE",
              OpenShardCount: stream.shards,
              ConsumerCount: 0,
            },
          },
        ];
      case "ListShards":
        if (req.StreamName !== undefined && req.StreamName !== stream.name) return notFound;
        return [200, { Shards: shards }];
      case "GetShardIterator": {
        const shard = shards.findIndex((s) => s.ShardId === req.ShardId);
        if (req.StreamName !== stream.name || shard < 0) return notFound;
        const type = String(req.ShardIteratorType);
        let index = 0;
        if (type === "LATEST") index = stream.recordsPerShard;
        else if (type === "AT_TIMESTAMP") index = Math.max(0, Math.ceil((Number(req.Timestamp) * 1000 - stream.startMs) / stream.spacingMs));
        else if (type === "AT_SEQUENCE_NUMBER") index = indexOf(String(req.StartingSequenceNumber));
        else if (type === "AFTER_SEQUENCE_NUMBER") index = indexOf(String(req.StartingSequenceNumber)) + 1;
        return [200, { ShardIterator: iterator(shard, Math.min(index, stream.recordsPerShard)) }];
      }
      case "GetRecords": {
        let shard: number;
        let from: number;
        try {
          [shard, from] = JSON.parse(Buffer.from(String(req.ShardIterator), "base64").toString("utf8")) as [number, number];
        } catch {
          return [400, { __type: "InvalidArgumentException", message: "Invalid ShardIterator." }];
        }
        const limit = Math.min(10_000, Number(req.Limit ?? 10_000));
        const records: unknown[] = [];
        let bytes = 0;
        let i = from;
        for (; i < stream.recordsPerShard && records.length < limit; i++) {
          const data = dataOf(stream, shard, i);
          if (bytes + data.length > MAX_ANSWER_BYTES) break;
          bytes += data.length;
          records.push({
            SequenceNumber: sequenceOf(shard, i),
            ApproximateArrivalTimestamp: arrival(i) / 1000,
            Data: data.toString("base64"),
            PartitionKey: `customer-${String((shard * stream.recordsPerShard + i) % 1000).padStart(4, "0")}`,
          });
        }
        counters.getRecords++;
        counters.records += records.length;
        counters.bytes += bytes;
        const behind = i < stream.recordsPerShard ? Math.max(0, Date.now() - arrival(i)) : 0;
        return [200, { Records: records, NextShardIterator: iterator(shard, i), MillisBehindLatest: behind }];
      }
      default:
        return [400, { __type: "UnknownOperationException", message: `${op} is not served by the synthetic stream.` }];
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const op = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        /* answered below as an unknown operation or a missing stream */
      }
      const [status, out] = answer(op, body);
      const text = JSON.stringify(out);
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats: () => ({ ...counters }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
