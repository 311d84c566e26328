import { describe, expect, it } from "vitest";
import { gunzipSync, strFromU8 } from "fflate";
import { buildCloudWatchLogsEnvelope } from "./build-cloudwatch-logs-envelope";

describe("buildCloudWatchLogsEnvelope", () => {
  it("gzips the envelope a subscription filter sends, with 56-digit event ids by default", () => {
    const bytes = buildCloudWatchLogsEnvelope({
      logGroup: "/aws/lambda/checkout",
      logStream: "2024/05/01/[$LATEST]abc",
      events: [
        { timestamp: 1714521600000, message: "START" },
        { id: "custom-id", timestamp: 1714521600001, message: '{"level":"info"}' },
      ],
    });
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(JSON.parse(strFromU8(gunzipSync(bytes)))).toEqual({
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: "/aws/lambda/checkout",
      logStream: "2024/05/01/[$LATEST]abc",
      subscriptionFilters: ["shardscope"],
      logEvents: [
        { id: "0001714521600000" + "0".repeat(40), timestamp: 1714521600000, message: "START" },
        { id: "custom-id", timestamp: 1714521600001, message: '{"level":"info"}' },
      ],
    });
  });

  it("builds a CONTROL_MESSAGE with the given owner and filters, the same bytes each time", () => {
    const input = {
      messageType: "CONTROL_MESSAGE" as const,
      owner: "CloudwatchLogs",
      logGroup: "",
      logStream: "",
      subscriptionFilters: [],
      events: [{ id: "", timestamp: 1, message: "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream." }],
    };
    const bytes = buildCloudWatchLogsEnvelope(input);
    expect(bytes).toEqual(buildCloudWatchLogsEnvelope(input));
    expect(JSON.parse(strFromU8(gunzipSync(bytes)))).toMatchObject({
      messageType: "CONTROL_MESSAGE",
      owner: "CloudwatchLogs",
      subscriptionFilters: [],
    });
  });
});
