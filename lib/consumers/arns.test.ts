import { describe, expect, it } from "vitest";
import { functionNameOfArn, kinesisStreamOfArn, resourceNameOfArn, streamArnOfSource } from "./arns";

describe("ARNs", () => {
  it("reads a stream's region and name, and refuses consumers and other services", () => {
    expect(kinesisStreamOfArn("arn:aws:kinesis:eu-west-1:123456789012:stream/orders")).toEqual({ region: "eu-west-1", stream: "orders" });
    expect(kinesisStreamOfArn("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b-c_d")).toEqual({ region: "cn-north-1", stream: "a.b-c_d" });
    expect(kinesisStreamOfArn("arn:aws:kinesis:eu-west-1:123456789012:stream/orders/consumer/app:1700000000")).toBeUndefined();
    expect(kinesisStreamOfArn("arn:aws:sqs:eu-west-1:123456789012:queue")).toBeUndefined();
    expect(kinesisStreamOfArn(undefined)).toBeUndefined();
  });

  it("finds the stream behind a stream ARN or a fan-out consumer's ARN", () => {
    const stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders";
    expect(streamArnOfSource(stream)).toBe(stream);
    expect(streamArnOfSource(`${stream}/consumer/enrich:1700000000`)).toBe(stream);
    expect(streamArnOfSource("arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2024")).toBeUndefined();
    expect(streamArnOfSource(undefined)).toBeUndefined();
  });

  it("reads a function's name without its alias, and a resource's last part", () => {
    expect(functionNameOfArn("arn:aws:lambda:us-east-1:123456789012:function:enrich")).toBe("enrich");
    expect(functionNameOfArn("arn:aws:lambda:us-east-1:123456789012:function:enrich:PROD")).toBe("enrich");
    expect(functionNameOfArn("enrich")).toBe("enrich");
    expect(resourceNameOfArn("arn:aws:s3:::my-bucket")).toBe("my-bucket");
    expect(resourceNameOfArn("arn:aws:es:us-east-1:123456789012:domain/logs")).toBe("logs");
  });
});
