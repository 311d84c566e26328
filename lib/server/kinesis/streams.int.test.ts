// Streams against the run's kinesis-local: the list pages with HasMoreStreams/ExclusiveStartStreamName
// there, so a small page size must still return every stream exactly once.
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamConsumerCommand,
  IncreaseStreamRetentionPeriodCommand,
  RegisterStreamConsumerCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listAllStreamNames, waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { AppError } from "@/lib/server/errors";
import { describeStream, describeStreamDetails, forgetStream, listAllStreams } from "./streams";
import { defaultScope } from "@/lib/server/targets/registry";

const prefix = `ss-streams-${randomBytes(4).toString("hex")}`;
const LISTED = Array.from({ length: 25 }, (_, i) => `${prefix}-list-${String(i).padStart(2, "0")}`);
const PROVISIONED = `${prefix}-provisioned`;
const ON_DEMAND = `${prefix}-on-demand`;
const created: string[] = [];

let client: KinesisClient;

async function createStream(name: string, mode: "PROVISIONED" | "ON_DEMAND" = "PROVISIONED", shards = 1): Promise<void> {
  await client.send(
    new CreateStreamCommand(
      mode === "ON_DEMAND"
        ? { StreamName: name, StreamModeDetails: { StreamMode: "ON_DEMAND" } }
        : { StreamName: name, ShardCount: shards, StreamModeDetails: { StreamMode: "PROVISIONED" } },
    ),
  );
  created.push(name);
}

beforeAll(async () => {
  client = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await Promise.all([...LISTED.map((name) => createStream(name)), createStream(PROVISIONED, "PROVISIONED", 2), createStream(ON_DEMAND, "ON_DEMAND")]);
  await Promise.all(created.map((name) => waitUntilActive(client, name)));
});

afterAll(async () => {
  // Frees the shards for the other integration files sharing this kinesis-local.
  await Promise.all(created.map((name) => client.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }))));
  client.destroy();
});

describe("listAllStreams against kinesis-local", () => {
  it("follows ExclusiveStartStreamName paging and returns every stream exactly once", async () => {
    let calls = 0;
    const counting = { send: (cmd: never) => (calls++, client.send(cmd)) } as unknown as KinesisClient;

    const streams = await listAllStreams(counting, 10);

    const names = streams.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith(`${prefix}-list-`)).sort()).toEqual(LISTED);
    expect(names.filter((n) => n.startsWith(prefix)).sort()).toEqual([...created].sort());
    // The same set as a plain walk of the API, in pages of 10 (plus at most one empty last page).
    const everything = await listAllStreamNames(client);
    expect([...names].sort()).toEqual([...everything].sort());
    expect(calls).toBeGreaterThanOrEqual(Math.ceil(everything.length / 10));
    expect(calls).toBeLessThanOrEqual(Math.ceil(everything.length / 10) + 1);
  });

  it("returns names only where ListStreams gives no summaries", async () => {
    const streams = await listAllStreams(client, 10);
    expect(streams.find((s) => s.name === LISTED[0])).toEqual({ name: LISTED[0] });
  });
});

describe("describeStream", () => {
  it("gives mode, open shard count and retention of a provisioned stream", async () => {
    await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: PROVISIONED, RetentionPeriodHours: 48 }));
    await waitUntilActive(client, PROVISIONED);
    forgetStream(await defaultScope(), PROVISIONED);

    const summary = await describeStream(await defaultScope(), PROVISIONED);

    expect(summary).toMatchObject({
      name: PROVISIONED,
      arn: `arn:aws:kinesis:us-east-1:000000000000:stream/${PROVISIONED}`,
      status: "ACTIVE",
      mode: "PROVISIONED",
      openShardCount: 2,
      retentionHours: 48,
      encryption: "NONE",
      enhancedMonitoring: [],
      // kinesis-local gives no MaxRecordSizeInKiB: Kinesis' default, 1 MiB.
      maxRecordSizeKiB: 1024,
    });
    expect(Date.now() - Date.parse(summary.createdAt)).toBeGreaterThanOrEqual(0);
    expect(Date.now() - Date.parse(summary.createdAt)).toBeLessThan(5 * 60_000);
  });

  it("gives an on-demand stream its four shards and the default retention", async () => {
    expect(await describeStream(await defaultScope(), ON_DEMAND)).toMatchObject({
      name: ON_DEMAND,
      mode: "ON_DEMAND",
      openShardCount: 4,
      retentionHours: 24,
    });
  });

  it("reports an unknown stream as not_found", async () => {
    const failure = describeStream(await defaultScope(), `${prefix}-missing`);
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("describeStreamDetails", () => {
  it("lists the stream's tags and its enhanced fan-out consumers", async () => {
    await client.send(new AddTagsToStreamCommand({ StreamName: PROVISIONED, Tags: { team: "data", env: "test", "cost-center": "42" } }));
    const streamArn = `arn:aws:kinesis:us-east-1:000000000000:stream/${PROVISIONED}`;
    const { Consumer } = await client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "audit" }));
    for (let i = 0; i < 100; i++) {
      const d = await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN }));
      if (d.ConsumerDescription?.ConsumerStatus === "ACTIVE") break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const details = await describeStreamDetails(await defaultScope(), PROVISIONED);

    expect([...details.tags].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: "cost-center", value: "42" },
      { key: "env", value: "test" },
      { key: "team", value: "data" },
    ]);
    expect(details.consumers).toEqual([
      {
        name: "audit",
        arn: Consumer!.ConsumerARN,
        status: "ACTIVE",
        createdAt: Consumer!.ConsumerCreationTimestamp!.toISOString(),
      },
    ]);
    expect(details.consumers[0]?.arn).toMatch(new RegExp(`^${streamArn}/consumer/audit:\\d+$`));
  });

  it("has no tags on an untagged stream", async () => {
    expect(await describeStreamDetails(await defaultScope(), ON_DEMAND)).toEqual({ tags: [], consumers: [] });
  });
});
