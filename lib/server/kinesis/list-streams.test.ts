// listAllStreams against fake ListStreams services: real AWS (NextToken + StreamSummaries), the
// older HasMoreStreams/ExclusiveStartStreamName paging, and a service that never stops saying "more".
import { ListStreamsCommand, type KinesisClient, type ListStreamsCommandInput, type ListStreamsCommandOutput } from "@aws-sdk/client-kinesis";
import { describe, expect, it } from "vitest";
import { listAllStreams, toStreamSummary } from "./streams";

type Page = Omit<ListStreamsCommandOutput, "$metadata">;

/** A client whose ListStreams answers come from `answer`; every request input is recorded. */
function fakeClient(answer: (input: ListStreamsCommandInput, call: number) => Page) {
  const inputs: ListStreamsCommandInput[] = [];
  const client = {
    send: async (cmd: unknown) => {
      if (!(cmd instanceof ListStreamsCommand)) throw new Error(`unexpected command ${String(cmd)}`);
      inputs.push({ ...cmd.input });
      return { $metadata: {}, ...answer(cmd.input, inputs.length - 1) };
    },
  } as unknown as KinesisClient;
  return { client, inputs };
}

const created = new Date("2024-05-01T08:00:00.000Z");
const summary = (name: string, mode: "PROVISIONED" | "ON_DEMAND" = "PROVISIONED") => ({
  StreamName: name,
  StreamARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`,
  StreamStatus: "ACTIVE" as const,
  StreamModeDetails: { StreamMode: mode },
  StreamCreationTimestamp: created,
});

describe("listAllStreams", () => {
  it("follows NextToken alone, as real AWS requires, and maps every summary", async () => {
    const pages: Page[] = [
      { StreamNames: ["a", "b"], StreamSummaries: [summary("a"), summary("b", "ON_DEMAND")], HasMoreStreams: true, NextToken: "t1" },
      { StreamNames: ["c", "d"], StreamSummaries: [summary("c"), summary("d")], HasMoreStreams: true, NextToken: "t2" },
      { StreamNames: ["e"], StreamSummaries: [summary("e", "ON_DEMAND")], HasMoreStreams: false },
    ];
    const { client, inputs } = fakeClient((_input, call) => pages[call]!);

    const streams = await listAllStreams(client, 2);

    expect(inputs).toEqual([
      { Limit: 2, ExclusiveStartStreamName: undefined },
      { NextToken: "t1", Limit: 2 },
      { NextToken: "t2", Limit: 2 },
    ]);
    for (const input of inputs.slice(1)) expect(input).not.toHaveProperty("ExclusiveStartStreamName");
    expect(streams).toEqual(
      (
        [
          ["a", "PROVISIONED"],
          ["b", "ON_DEMAND"],
          ["c", "PROVISIONED"],
          ["d", "PROVISIONED"],
          ["e", "ON_DEMAND"],
        ] as const
      ).map(([name, mode]) => ({
        name,
        arn: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`,
        status: "ACTIVE",
        mode,
        createdAt: "2024-05-01T08:00:00.000Z",
      })),
    );
  });

  it("pages with HasMoreStreams and ExclusiveStartStreamName when there is no NextToken", async () => {
    const all = ["alpha", "beta", "delta", "gamma", "omega"];
    const { client, inputs } = fakeClient((input) => {
      const start = input.ExclusiveStartStreamName ? all.indexOf(input.ExclusiveStartStreamName) + 1 : 0;
      const names = all.slice(start, start + (input.Limit ?? 100));
      return { StreamNames: names, HasMoreStreams: start + names.length < all.length };
    });

    const streams = await listAllStreams(client, 2);

    expect(inputs).toEqual([
      { Limit: 2, ExclusiveStartStreamName: undefined },
      { Limit: 2, ExclusiveStartStreamName: "beta" },
      { Limit: 2, ExclusiveStartStreamName: "gamma" },
    ]);
    expect(streams).toEqual(all.map((name) => ({ name })));
  });

  it("stops when the service says HasMoreStreams but sends no new names", async () => {
    const { client, inputs } = fakeClient(() => ({ StreamNames: ["same-1", "same-2"], HasMoreStreams: true }));

    const streams = await listAllStreams(client, 2);

    expect(streams).toEqual([{ name: "same-1" }, { name: "same-2" }]);
    expect(inputs).toEqual([
      { Limit: 2, ExclusiveStartStreamName: undefined },
      { Limit: 2, ExclusiveStartStreamName: "same-2" },
    ]);
  });

  it("stops on an empty page that still says HasMoreStreams", async () => {
    const { client, inputs } = fakeClient(() => ({ StreamNames: [], HasMoreStreams: true }));
    expect(await listAllStreams(client)).toEqual([]);
    expect(inputs).toHaveLength(1);
  });
});

describe("toStreamSummary", () => {
  it("maps DescribeStreamSummary output onto our summary, with safe defaults", () => {
    expect(
      toStreamSummary({
        StreamName: "orders",
        StreamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
        StreamStatus: "ACTIVE",
        StreamModeDetails: { StreamMode: "ON_DEMAND" },
        OpenShardCount: 4,
        RetentionPeriodHours: 48,
        EncryptionType: "KMS",
        KeyId: "alias/aws/kinesis",
        StreamCreationTimestamp: created,
        EnhancedMonitoring: [{ ShardLevelMetrics: ["OutgoingBytes", "IncomingBytes"] }],
        ConsumerCount: 2,
        MaxRecordSizeInKiB: 10240,
      }),
    ).toEqual({
      name: "orders",
      arn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
      status: "ACTIVE",
      mode: "ON_DEMAND",
      openShardCount: 4,
      retentionHours: 48,
      encryption: "KMS",
      keyId: "alias/aws/kinesis",
      createdAt: "2024-05-01T08:00:00.000Z",
      enhancedMonitoring: ["IncomingBytes", "OutgoingBytes"],
      consumerCount: 2,
      maxRecordSizeKiB: 10240,
    });
    expect(toStreamSummary({} as never)).toEqual({
      name: "",
      arn: "",
      status: "UNKNOWN",
      mode: "PROVISIONED",
      openShardCount: 0,
      retentionHours: 24,
      encryption: "NONE",
      keyId: undefined,
      createdAt: "1970-01-01T00:00:00.000Z",
      enhancedMonitoring: [],
      consumerCount: undefined,
      maxRecordSizeKiB: 1024,
    });
  });
});
