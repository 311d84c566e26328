import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error("expected parseConfig to throw");
}

describe("parseConfig", () => {
  it("reads a search's share, concurrency, batch and limits, within Kinesis's own bounds", () => {
    expect(
      parseConfig({
        SHARDSCOPE_SEARCH_CALLS_PER_SECOND: "3.5",
        SHARDSCOPE_SEARCH_CONCURRENCY: "4",
        SHARDSCOPE_SEARCH_BATCH_LIMIT: "500",
        SHARDSCOPE_SEARCH_MAX_SECONDS: "60",
        SHARDSCOPE_SEARCH_MAX_BYTES: "1000000",
        SHARDSCOPE_SEARCH_BUFFER_MB: "32",
      }).search,
    ).toEqual({ callsPerSecond: 3.5, concurrency: 4, batchLimit: 500, maxMs: 60_000, maxBytes: 1_000_000, bufferBytes: 32 * 1024 * 1024 });
    const problems = problemsOf({ SHARDSCOPE_SEARCH_CALLS_PER_SECOND: "6", SHARDSCOPE_SEARCH_BATCH_LIMIT: "10001", SHARDSCOPE_SEARCH_CONCURRENCY: "1.5" });
    expect(problems).toMatch(/SHARDSCOPE_SEARCH_CALLS_PER_SECOND/);
    expect(problems).toMatch(/SHARDSCOPE_SEARCH_BATCH_LIMIT/);
    expect(problems).toMatch(/SHARDSCOPE_SEARCH_CONCURRENCY/);
  });

  it("uses the defaults when nothing is set", () => {
    expect(parseConfig({})).toEqual({
      readOnly: false,
      describeRatePerSecond: 10,
      describeConcurrency: 5,
      listTtlMs: 5_000,
      summaryTtlMs: 30_000,
      browseMaxCalls: 5,
      tail: {
        callsPerSecond: 1,
        maxCallsPerSecond: 5,
        queueRecords: 5_000,
        readerBufferBytes: 32 * 1024 * 1024,
        queueBytes: 8 * 1024 * 1024,
        idleStopMs: 5_000,
        maxSessions: 500,
        maxSessionsPerClient: 50,
      },
      search: { callsPerSecond: 2, concurrency: 8, batchLimit: 10_000, maxMs: 300_000, maxBytes: 2 * 1024 * 1024 * 1024, bufferBytes: 64 * 1024 * 1024 },
      efo: {
        consumerName: `shardscope-${hostname()
          .replace(/[^a-zA-Z0-9_.-]/g, "-")
          .slice(0, 100)}`,
        releaseAfterMs: 60_000,
      },
      kinesisEndpoint: undefined,
      cloudwatchEndpoint: undefined,
      metricsTtlMs: 30_000,
      cloudwatchDisabled: false,
      monitor: { thresholds: { iteratorAgeWarnMs: 60_000, iteratorAgeCritMs: 300_000, throttleWarn: 1, throttleCrit: 50 }, maxStreams: 100 },
      allowedHosts: [],
      secret: undefined,
      targetsFile: undefined,
      schemaDir: path.resolve(".shardscope", "schemas"),
      consumers: { leaseTables: undefined, lagWarnMs: 60_000, lagCritMs: 300_000, stallMs: 300_000, expiryMarginMs: 7_200_000, refreshMs: 30_000 },
      logLevel: "info",
      metricsListener: undefined,
    });
  });

  it("keeps the tail's hard cap whole and never below its caught-up pace", () => {
    expect(parseConfig({ SHARDSCOPE_TAIL_CALLS_PER_SECOND: "2.5", SHARDSCOPE_TAIL_MAX_CALLS_PER_SECOND: "1" }).tail.maxCallsPerSecond).toBe(3);
    expect(() => parseConfig({ SHARDSCOPE_TAIL_MAX_CALLS_PER_SECOND: "6" })).toThrow(/SHARDSCOPE_TAIL_MAX_CALLS_PER_SECOND/);
    expect(() => parseConfig({ SHARDSCOPE_EFO_CONSUMER_NAME: "bad name!" })).toThrow(/SHARDSCOPE_EFO_CONSUMER_NAME/);
    expect(parseConfig({ SHARDSCOPE_EFO_CONSUMER_NAME: "team-tail" }).efo.consumerName).toBe("team-tail");
  });

  it("reads SHARDSCOPE_ALLOWED_HOSTS and names the entries that are not hosts", () => {
    expect(parseConfig({ SHARDSCOPE_ALLOWED_HOSTS: "Shardscope.example.com, 10.0.0.5:3000" }).allowedHosts).toEqual([
      "shardscope.example.com",
      "10.0.0.5:3000",
    ]);
    expect(problemsOf({ SHARDSCOPE_ALLOWED_HOSTS: "https://shardscope.example.com" })).toMatch(
      /SHARDSCOPE_ALLOWED_HOSTS: "https:\/\/shardscope.example.com" is not a host/,
    );
  });

  it("treats empty strings as unset, as in `FOO= npm start`", () => {
    expect(parseConfig({ SHARDSCOPE_DESCRIBE_RATE: "", AWS_ENDPOINT_URL_KINESIS: "", SHARDSCOPE_READ_ONLY: "" })).toEqual(parseConfig({}));
  });

  it("ignores variables it does not own", () => {
    expect(parseConfig({ PATH: "/usr/bin", AWS_PROFILE: "prod" })).toEqual(parseConfig({}));
  });

  it.each([
    ["1", true],
    ["true", true],
    ["yes", true],
    ["0", false],
    ["false", false],
    ["no", false],
  ])("reads the flag value %s as %s", (value, expected) => {
    const c = parseConfig({ SHARDSCOPE_READ_ONLY: value });
    expect(c.readOnly).toBe(expected);
  });

  it("reads numbers and turns seconds into milliseconds", () => {
    expect(
      parseConfig({
        SHARDSCOPE_DESCRIBE_RATE: "2.5",
        SHARDSCOPE_DESCRIBE_CONCURRENCY: "3",
        SHARDSCOPE_LIST_TTL_SECONDS: "0.5",
        SHARDSCOPE_SUMMARY_TTL_SECONDS: "120",
        SHARDSCOPE_BROWSE_MAX_CALLS: "20",
      }),
    ).toMatchObject({ describeRatePerSecond: 2.5, describeConcurrency: 3, listTtlMs: 500, summaryTtlMs: 120_000, browseMaxCalls: 20 });
  });

  it("falls back to AWS_ENDPOINT_URL for both services, and lets the per-service variables win", () => {
    expect(parseConfig({ AWS_ENDPOINT_URL: "http://localhost:4566" })).toMatchObject({
      kinesisEndpoint: "http://localhost:4566",
      cloudwatchEndpoint: "http://localhost:4566",
    });
    expect(
      parseConfig({
        AWS_ENDPOINT_URL: "http://localhost:4566",
        AWS_ENDPOINT_URL_KINESIS: "http://127.0.0.1:4567",
        AWS_ENDPOINT_URL_CLOUDWATCH: "http://127.0.0.1:5000",
      }),
    ).toMatchObject({ kinesisEndpoint: "http://127.0.0.1:4567", cloudwatchEndpoint: "http://127.0.0.1:5000" });
  });

  it("lists every problem in one message", () => {
    expect(
      problemsOf({
        SHARDSCOPE_READ_ONLY: "maybe",
        SHARDSCOPE_DESCRIBE_RATE: "50",
        SHARDSCOPE_LIST_TTL_SECONDS: "-1",
        SHARDSCOPE_BROWSE_MAX_CALLS: "lots",
        AWS_ENDPOINT_URL_KINESIS: "not a url",
      }),
    ).toBe(
      [
        "Invalid Shardscope configuration:",
        '  SHARDSCOPE_READ_ONLY: Invalid option: expected one of "0"|"1"|"true"|"false"|"yes"|"no"|""',
        "  SHARDSCOPE_DESCRIBE_RATE: Too big: expected number to be <=20",
        "  SHARDSCOPE_LIST_TTL_SECONDS: Too small: expected number to be >0",
        "  SHARDSCOPE_BROWSE_MAX_CALLS: Invalid input: expected number, received NaN",
        "  AWS_ENDPOINT_URL_KINESIS: Invalid URL",
      ].join("\n"),
    );
  });

  it("rejects zero and fractional counts instead of flooring them to a limiter that never runs", () => {
    expect(problemsOf({ SHARDSCOPE_DESCRIBE_CONCURRENCY: "0.5", SHARDSCOPE_BROWSE_MAX_CALLS: "0" })).toBe(
      [
        "Invalid Shardscope configuration:",
        "  SHARDSCOPE_DESCRIBE_CONCURRENCY: Invalid input: expected int, received number",
        "  SHARDSCOPE_BROWSE_MAX_CALLS: Too small: expected number to be >0",
      ].join("\n"),
    );
  });
  it("reads SHARDSCOPE_TARGETS_FILE, unset when empty", () => {
    expect(parseConfig({ SHARDSCOPE_TARGETS_FILE: "/etc/shardscope/targets.json" }).targetsFile).toBe("/etc/shardscope/targets.json");
    expect(parseConfig({ SHARDSCOPE_TARGETS_FILE: "" }).targetsFile).toBeUndefined();
  });
});

describe("consumer settings", () => {
  it("reads lease tables, pinned streams and thresholds", () => {
    const c = parseConfig({ SHARDSCOPE_KCL_LEASE_TABLES: "orders-enricher, audit=payments", SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS: "30" });
    expect(c.consumers.leaseTables).toEqual([{ table: "orders-enricher" }, { table: "audit", stream: "payments" }]);
    expect(c.consumers).toMatchObject({ lagWarnMs: 30_000, lagCritMs: 300_000, refreshMs: 30_000, expiryMarginMs: 7_200_000 });
    expect(parseConfig({}).consumers.leaseTables).toBeUndefined();
  });

  it("refuses a lease table that cannot be one, and a warning above the critical lag", () => {
    expect(() => parseConfig({ SHARDSCOPE_KCL_LEASE_TABLES: "ok-table,a=b=c,x" })).toThrow(/"a=b=c" is not `table` or `table=stream`[\s\S]*"x" is not/);
    expect(() => parseConfig({ SHARDSCOPE_CONSUMER_LAG_WARN_SECONDS: "900" })).toThrow(/LAG_WARN_SECONDS must not exceed/);
  });

  it("takes the log level and the metrics listener, and refuses what cannot work", () => {
    expect(parseConfig({ SHARDSCOPE_LOG_LEVEL: " Debug " }).logLevel).toBe("debug");
    expect(parseConfig({ SHARDSCOPE_METRICS_PORT: "9464" }).metricsListener).toEqual({ host: "127.0.0.1", port: 9464 });
    expect(parseConfig({ SHARDSCOPE_METRICS_PORT: "9464", SHARDSCOPE_METRICS_HOST: "0.0.0.0" }).metricsListener).toEqual({ host: "0.0.0.0", port: 9464 });
    expect(() => parseConfig({ SHARDSCOPE_LOG_LEVEL: "loud", SHARDSCOPE_METRICS_PORT: "70000" })).toThrow(
      /SHARDSCOPE_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent\n\s+SHARDSCOPE_METRICS_PORT: /,
    );
    expect(() => parseConfig({ SHARDSCOPE_METRICS_PORT: "3000" })).toThrow(/SHARDSCOPE_METRICS_PORT: 3000 is the app's own port \(PORT\)/);
    expect(() => parseConfig({ SHARDSCOPE_METRICS_PORT: "8080", PORT: "8080" })).toThrow(/SHARDSCOPE_METRICS_PORT: 8080 is the app's own port/);
  });
});

describe("SHARDSCOPE_SCHEMA_DIR", () => {
  it("is made absolute, from the working directory", () => {
    expect(parseConfig({ SHARDSCOPE_SCHEMA_DIR: "var/schemas" }).schemaDir).toBe(path.resolve("var/schemas"));
    expect(parseConfig({ SHARDSCOPE_SCHEMA_DIR: "/srv/shardscope/schemas" }).schemaDir).toBe("/srv/shardscope/schemas");
  });
});
