// An emulator target (kinesis-local alone, no moto): the consumer sources that need DynamoDB,
// Lambda or Firehose say they are not there, rather than ask AWS with the emulator's credentials;
// the fan-out consumers (Kinesis itself) are still read, and the health check says the same.
import { CreateStreamCommand, DeleteStreamCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitUntilActive } from "@/scripts/lib/demo-streams";
import { createScriptKinesisClient } from "@/scripts/lib/kinesis-client";
import { scopeAt } from "@/scripts/testing/scope";
import { checkHealth } from "@/lib/server/target";
import { streamConsumers } from "./consumers-service";

const STREAM = `ss-emu-${randomBytes(3).toString("hex")}`;
let kinesis: KinesisClient;

beforeAll(async () => {
  kinesis = createScriptKinesisClient({ endpoint: inject("kinesisEndpoint") });
  await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
  await waitUntilActive(kinesis, STREAM);
});
afterAll(async () => {
  await kinesis.send(new DeleteStreamCommand({ StreamName: STREAM })).catch(() => {});
  kinesis.destroy();
});

describe("an emulator target with Kinesis only", () => {
  it("reports the sources it cannot have as not available, and still reads fan-out consumers", async () => {
    const scope = await scopeAt({ kinesis: inject("kinesisEndpoint") }, "emu-only");
    const answer = await streamConsumers(scope, STREAM);
    const why = (service: string) => `Not available on target emu-only: it is a local emulator with no ${service} endpoint configured.`;
    expect(answer.sources).toEqual([
      { kind: "kcl", ok: false, message: why("DynamoDB") },
      { kind: "lambda", ok: false, message: why("Lambda") },
      { kind: "firehose", ok: false, message: why("Firehose") },
      { kind: "efo", ok: true },
    ]);
    expect(answer.usage.otherCalls).toBe(1); // ListStreamConsumers only: nothing went to AWS
    const health = await checkHealth(scope);
    expect(health.ok).toBe(true);
    expect(health.dynamodb).toEqual({ reachable: false, endpoint: "none", error: why("DynamoDB") });
    expect(health.lambda.error).toBe(why("Lambda"));
  });
});
