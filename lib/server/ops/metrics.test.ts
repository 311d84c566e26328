// The metrics as a scraper reads them: names, types, labels and values, parsed by a Prometheus
// text-format parser (not by our own code), and labels that stay bounded whatever an error says.
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/server/errors";
import { parseScrape, sampleSum, sampleValue } from "@/scripts/testing/prometheus";
import {
  countAwsCall,
  countedGetRecords,
  countedWrite,
  countSessionOpen,
  countSignIn,
  countWrite,
  errorCodeLabel,
  getRecordsOutcome,
  metricsRegistry,
  metricsText,
  sdkLabels,
  setReaderSource,
  writeOutcome,
} from "./metrics";

const scope = { target: "prod", region: "eu-west-1" };
const scrape = async () => parseScrape((await metricsText()).body);

beforeEach(() => {
  metricsRegistry().resetMetrics();
  setReaderSource(() => []);
});

describe("the metrics", () => {
  it("are served in the Prometheus text format, with help and type for each family", async () => {
    const { contentType } = await metricsText();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8$/);
    const s = await scrape();
    for (const [name, type] of [
      ["shardscope_sessions_open", "GAUGE"],
      ["shardscope_readers", "GAUGE"],
      ["shardscope_getrecords_calls_total", "COUNTER"],
      ["shardscope_getrecords_throttles_total", "COUNTER"],
      ["shardscope_aws_calls_total", "COUNTER"],
      ["shardscope_aws_errors_total", "COUNTER"],
      ["shardscope_cloudwatch_calls_total", "COUNTER"],
      ["shardscope_sign_ins_total", "COUNTER"],
      ["shardscope_writes_total", "COUNTER"],
      ["shardscope_process_resident_memory_bytes", "GAUGE"],
      ["shardscope_nodejs_eventloop_lag_seconds", "GAUGE"],
    ] as const) {
      expect(s.get(name)?.type, name).toBe(type);
      expect(s.get(name)?.help, name).not.toBe("");
    }
  });

  it("count open sessions by kind, each closed once however often it is closed", async () => {
    const closeTail = countSessionOpen("tail");
    countSessionOpen("tail");
    const closeSearch = countSessionOpen("search");
    expect(sampleValue(await scrape(), "shardscope_sessions_open", { kind: "tail" })).toBe(2);
    closeTail();
    closeTail();
    closeSearch();
    const s = await scrape();
    expect(sampleValue(s, "shardscope_sessions_open", { kind: "tail" })).toBe(1);
    expect(sampleValue(s, "shardscope_sessions_open", { kind: "search" })).toBe(0);
  });

  it("take the readers from their source at every scrape", async () => {
    let polling = 3;
    setReaderSource(() => [
      { ...scope, mode: "polling", count: polling },
      { ...scope, mode: "efo", count: 1 },
    ]);
    expect(sampleValue(await scrape(), "shardscope_readers", { ...scope, mode: "polling" })).toBe(3);
    polling = 0;
    const s = await scrape();
    expect(sampleValue(s, "shardscope_readers", { ...scope, mode: "polling" })).toBe(0);
    expect(sampleValue(s, "shardscope_readers", { ...scope, mode: "efo" })).toBe(1);
  });

  it("count GetRecords calls and throttles per stream; an aborted call is not counted", async () => {
    const throttle = Object.assign(new Error("Rate exceeded for shard"), { name: "ProvisionedThroughputExceededException" });
    await countedGetRecords(scope, "orders", async () => ({ Records: [] }));
    await expect(
      countedGetRecords(scope, "orders", async () => {
        throw throttle;
      }),
    ).rejects.toBe(throttle);
    await expect(
      countedGetRecords(scope, "orders", async () => {
        throw Object.assign(new Error("gone"), { name: "AbortError" });
      }),
    ).rejects.toThrow("gone");
    await countedGetRecords({ target: "prod", region: "us-east-1" }, "orders", async () => ({}));
    const s = await scrape();
    expect(sampleValue(s, "shardscope_getrecords_calls_total", { ...scope, stream: "orders" })).toBe(2);
    expect(sampleValue(s, "shardscope_getrecords_throttles_total", { ...scope, stream: "orders" })).toBe(1);
    expect(sampleValue(s, "shardscope_getrecords_calls_total", { target: "prod", region: "us-east-1", stream: "orders" })).toBe(1);
    expect(getRecordsOutcome(Object.assign(new Error(), { name: "ExpiredIteratorException" }))).toBe("error");
  });

  it("count AWS calls by service and operation, errors by code, and CloudWatch calls per scope", async () => {
    countAwsCall(scope, "KinesisClient", "ListStreamsCommand");
    countAwsCall(scope, "CloudWatchClient", "GetMetricDataCommand");
    countAwsCall(scope, "CloudWatchClient", "GetMetricDataCommand", Object.assign(new Error("no"), { name: "AccessDeniedException" }));
    countAwsCall(scope, "KinesisClient", "GetRecordsCommand", Object.assign(new Error("left"), { name: "AbortError" }));
    const s = await scrape();
    expect(sampleValue(s, "shardscope_aws_calls_total", { service: "Kinesis", operation: "ListStreams" })).toBe(1);
    expect(sampleValue(s, "shardscope_aws_calls_total", { service: "CloudWatch", operation: "GetMetricData" })).toBe(2);
    expect(sampleValue(s, "shardscope_cloudwatch_calls_total", { ...scope, operation: "GetMetricData" })).toBe(2);
    expect(sampleValue(s, "shardscope_aws_errors_total", { service: "CloudWatch", code: "AccessDeniedException" })).toBe(1);
    // The viewer leaving is not an AWS error.
    expect(sampleSum(s, "shardscope_aws_errors_total", { service: "Kinesis" })).toBe(0);
  });

  it("never put free text in a label", () => {
    expect(errorCodeLabel(Object.assign(new Error("x"), { name: "ResourceNotFoundException" }))).toBe("ResourceNotFoundException");
    expect(errorCodeLabel(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(errorCodeLabel(Object.assign(new Error("x"), { name: 'evil"} 1\nfake_metric 9' }))).toBe("other");
    expect(errorCodeLabel(new Error("plain"))).toBe("other");
    expect(errorCodeLabel("a string")).toBe("other");
    expect(errorCodeLabel(null)).toBe("other");
    expect(sdkLabels("KinesisClient", "SubscribeToShardCommand")).toEqual({ service: "Kinesis", operation: "SubscribeToShard" });
    expect(sdkLabels(undefined, "a b")).toEqual({ service: "other", operation: "other" });
  });

  it("count sign-ins and writes with their outcomes", async () => {
    countSignIn("oidc", "ok");
    countSignIn("oidc", "refused");
    countSignIn("oidc", "ok");
    countWrite("register_consumer", "ok");
    await countedWrite(
      "put",
      async () => ({ failed: 1, total: 3 }),
      (r) => writeOutcome(r.failed, r.total),
    );
    await expect(
      countedWrite("put", async () => {
        throw new AppError("read_only", "read-only");
      }),
    ).rejects.toThrow("read-only");
    await expect(
      countedWrite("put", async () => {
        throw new AppError("invalid_input", "bad");
      }),
    ).rejects.toThrow("bad");
    await expect(
      countedWrite("put", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const s = await scrape();
    expect(sampleValue(s, "shardscope_sign_ins_total", { auth: "oidc", outcome: "ok" })).toBe(2);
    expect(sampleValue(s, "shardscope_sign_ins_total", { auth: "oidc", outcome: "refused" })).toBe(1);
    expect(sampleValue(s, "shardscope_writes_total", { action: "register_consumer", outcome: "ok" })).toBe(1);
    for (const outcome of ["partial", "refused", "invalid", "failed"]) {
      expect(sampleValue(s, "shardscope_writes_total", { action: "put", outcome }), outcome).toBe(1);
    }
    expect(writeOutcome(0, 5)).toBe("ok");
    expect(writeOutcome(5, 5)).toBe("failed");
  });
});
