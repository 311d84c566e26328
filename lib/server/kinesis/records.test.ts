// browseRecords' cursor handling against a fake Kinesis: iterator renewal after
// ExpiredIteratorException, and cursors that must not be accepted.
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetRecordsCommandInput,
  type GetShardIteratorCommandInput,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/server/errors";
import { Scope } from "@/lib/server/targets/scope";
import { browseRecords, decodeCursor, encodeCursor, type BrowseCursor } from "./records";
import { log } from "@/lib/server/ops/log";

const scope = new Scope({ name: "local", kind: "default", defaultRegion: "us-east-1", endpoints: {}, local: true }, "us-east-1", undefined);

type Call = { op: "GetRecords"; input: GetRecordsCommandInput } | { op: "GetShardIterator"; input: GetShardIteratorCommandInput };

interface FakeShard {
  getRecords(input: GetRecordsCommandInput): unknown;
  getShardIterator(input: GetShardIteratorCommandInput): unknown;
}

function fakeClient(shard: FakeShard) {
  const calls: Call[] = [];
  const client = {
    send: async (cmd: unknown) => {
      if (cmd instanceof GetRecordsCommand) {
        calls.push({ op: "GetRecords", input: { ...cmd.input } });
        return shard.getRecords(cmd.input);
      }
      if (cmd instanceof GetShardIteratorCommand) {
        calls.push({ op: "GetShardIterator", input: { ...cmd.input } });
        return shard.getShardIterator(cmd.input);
      }
      throw new Error(`unexpected command ${String(cmd)}`);
    },
  } as unknown as KinesisClient;
  return { client, calls };
}

const arrival = new Date("2024-06-01T12:00:00.000Z");
const record = (seq: string, text: string) => ({
  SequenceNumber: seq,
  PartitionKey: `pk-${seq}`,
  ApproximateArrivalTimestamp: arrival,
  Data: new TextEncoder().encode(text),
});

const baseCursor: BrowseCursor = {
  scope: "local/us-east-1",
  v: 1,
  stream: "orders",
  shardId: "shardId-000000000000",
  iterator: "it-old",
  lastSeq: "100",
  from: "TRIM_HORIZON",
  issuedAt: 0,
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("browseRecords after ExpiredIteratorException", () => {
  it("renews the iterator right after the cursor's last sequence number and returns the records", async () => {
    const { client, calls } = fakeClient({
      getRecords: (input) => {
        if (input.ShardIterator === "it-old") throw Object.assign(new Error("Iterator expired"), { name: "ExpiredIteratorException" });
        if (input.ShardIterator === "it-renewed") {
          return { Records: [record("101", '{"n":1}'), record("102", "plain")], NextShardIterator: "it-next", MillisBehindLatest: 0 };
        }
        throw new Error(`unexpected iterator ${input.ShardIterator}`);
      },
      getShardIterator: () => ({ ShardIterator: "it-renewed" }),
    });
    // Fresh by its issuedAt, so the server trusts the iterator until Kinesis says otherwise.
    const cursor = encodeCursor({ ...baseCursor, issuedAt: Date.now() });

    const page = await browseRecords(scope, { stream: "orders", shardId: "shardId-000000000000", from: "TRIM_HORIZON", limit: 10, cursor }, client);

    expect(calls).toEqual([
      { op: "GetRecords", input: { ShardIterator: "it-old", Limit: 10 } },
      {
        op: "GetShardIterator",
        input: {
          StreamName: "orders",
          ShardId: "shardId-000000000000",
          ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
          StartingSequenceNumber: "100",
          Timestamp: undefined,
        },
      },
      { op: "GetRecords", input: { ShardIterator: "it-renewed", Limit: 10 } },
    ]);
    expect(page.millisBehindLatest).toBe(0);
    expect(page.records.map((r) => [r.sequenceNumber, r.partitionKey, r.arrivalTime, r.size, r.data, r.decoded.format])).toEqual([
      ["101", "pk-101", "2024-06-01T12:00:00.000Z", 7, Buffer.from('{"n":1}').toString("base64"), "json"],
      ["102", "pk-102", "2024-06-01T12:00:00.000Z", 5, Buffer.from("plain").toString("base64"), "text"],
    ]);
    expect(page.cursor).not.toBeNull();
    const next = decodeCursor(page.cursor!, "local/us-east-1", "orders", "shardId-000000000000");
    expect(next).toMatchObject({ v: 1, stream: "orders", shardId: "shardId-000000000000", iterator: "it-next", lastSeq: "102", from: "TRIM_HORIZON" });
  });

  it("renews from the original position when no record was seen yet", async () => {
    const { client, calls } = fakeClient({
      getRecords: (input) => {
        if (input.ShardIterator === "it-old") throw Object.assign(new Error("expired"), { name: "ExpiredIteratorException" });
        return { Records: [record("7", "x")], NextShardIterator: "it-next", MillisBehindLatest: 0 };
      },
      getShardIterator: () => ({ ShardIterator: "it-renewed" }),
    });
    const cursor = encodeCursor({ ...baseCursor, lastSeq: undefined, from: "AT_TIMESTAMP", at: "2024-06-01T11:00:00.000Z", issuedAt: Date.now() });

    const page = await browseRecords(scope, { stream: "orders", shardId: "shardId-000000000000", from: "TRIM_HORIZON", limit: 5, cursor }, client);

    expect(calls[1]).toEqual({
      op: "GetShardIterator",
      input: {
        StreamName: "orders",
        ShardId: "shardId-000000000000",
        ShardIteratorType: "AT_TIMESTAMP",
        Timestamp: new Date("2024-06-01T11:00:00.000Z"),
        StartingSequenceNumber: undefined,
      },
    });
    expect(page.records.map((r) => r.sequenceNumber)).toEqual(["7"]);
  });

  it("renews only once: a second expiry in the same request is reported", async () => {
    const logError = vi.spyOn(log(), "error").mockImplementation(() => {});
    const { client } = fakeClient({
      getRecords: () => {
        throw Object.assign(new Error("expired"), { name: "ExpiredIteratorException", $metadata: { httpStatusCode: 400 } });
      },
      getShardIterator: () => ({ ShardIterator: "it-renewed" }),
    });
    const cursor = encodeCursor({ ...baseCursor, issuedAt: Date.now() });
    const failure = browseRecords(scope, { stream: "orders", shardId: "shardId-000000000000", from: "TRIM_HORIZON", limit: 5, cursor }, client);
    // Not one of the mapped names: it surfaces as internal, never as an endless loop.
    await expect(failure).rejects.toMatchObject({ code: "internal", message: "Kinesis request failed unexpectedly (ExpiredIteratorException)." });
    expect(logError).toHaveBeenCalledTimes(1);
  });

  it("gets a new iterator before reading when the cursor is older than an iterator lives", async () => {
    const { client, calls } = fakeClient({
      getRecords: () => ({ Records: [record("101", "x")], NextShardIterator: "it-next", MillisBehindLatest: 0 }),
      getShardIterator: () => ({ ShardIterator: "it-renewed" }),
    });
    const cursor = encodeCursor({ ...baseCursor, issuedAt: Date.now() - 6 * 60_000 });

    await browseRecords(scope, { stream: "orders", shardId: "shardId-000000000000", from: "TRIM_HORIZON", limit: 5, cursor }, client);

    expect(calls.map((c) => c.op)).toEqual(["GetShardIterator", "GetRecords"]);
    expect(calls[0]?.input).toMatchObject({ ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: "100" });
    expect(calls[1]?.input).toEqual({ ShardIterator: "it-renewed", Limit: 5 });
  });

  it("returns a null cursor once a closed shard has been read to its end", async () => {
    const { client } = fakeClient({
      getRecords: () => ({ Records: [record("5", "last")], NextShardIterator: undefined, MillisBehindLatest: 0 }),
      getShardIterator: () => ({ ShardIterator: "it-0" }),
    });
    const page = await browseRecords(scope, { stream: "orders", shardId: "shardId-000000000000", from: "TRIM_HORIZON", limit: 5 }, client);
    expect(page.records.map((r) => r.sequenceNumber)).toEqual(["5"]);
    expect(page.cursor).toBeNull();
  });
});

describe("cursors that are not accepted", () => {
  const neverCalled = () =>
    fakeClient({
      getRecords: () => {
        throw new Error("GetRecords must not be called");
      },
      getShardIterator: () => {
        throw new Error("GetShardIterator must not be called");
      },
    });

  it.each([
    ["another stream", { stream: "payments" }, /^The cursor belongs to another stream or shard \(payments, shardId-000000000000\)\./],
    ["another shard", { shardId: "shardId-000000000001" }, /^The cursor belongs to another stream or shard \(orders, shardId-000000000001\)\./],
  ])("rejects a cursor for %s", async (_what, change, message) => {
    const { client, calls } = neverCalled();
    const cursor = encodeCursor({ ...baseCursor, ...change, issuedAt: Date.now() });
    const failure = browseRecords(scope, { stream: "orders", shardId: "shardId-000000000000", from: "TRIM_HORIZON", limit: 5, cursor }, client);
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: "invalid_input", message });
    expect(calls).toEqual([]);
  });

  it.each([
    ["garbage", "not-a-cursor"],
    ["JSON of another shape", Buffer.from(JSON.stringify({ v: 2, iterator: "x" })).toString("base64url")],
    ["an empty string", ""],
  ])("rejects %s", async (_what, raw) => {
    expect(() => decodeCursor(raw, "local/us-east-1", "orders", "shardId-000000000000")).toThrow(
      /^The cursor is not one this Shardscope issued, or it was altered\. Start again from a position\./,
    );
    const { client, calls } = neverCalled();
    await expect(
      browseRecords(scope, { stream: "orders", shardId: "shardId-000000000000", from: "TRIM_HORIZON", limit: 5, cursor: raw || "%%%" }, client),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^The cursor is not one this Shardscope issued, or it was altered\./) });
    expect(calls).toEqual([]);
  });

  it("round-trips a cursor it issued", () => {
    const c: BrowseCursor = { ...baseCursor, from: "AT_SEQUENCE_NUMBER", at: "42", issuedAt: 1_717_243_200_000 };
    expect(decodeCursor(encodeCursor(c), "local/us-east-1", "orders", "shardId-000000000000")).toEqual(c);
  });
});
