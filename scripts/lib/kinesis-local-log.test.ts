import { describe, expect, it } from "vitest";
import { createKinesisLocalLogFilter } from "./kinesis-local-log";

const frames = [
  "  at kinesis.mock.validations.CommonValidations$.f2(/x/node_modules/kinesis-local/main.js:28991:43)",
  "  at {anonymous}()(/x/node_modules/kinesis-local/main.js:117379:74)",
  "  at cats.effect.IOFiber.runLoop(/x/node_modules/kinesis-local/main.js:161657:32)",
  "  at $p.z7 [as _onImmediate](/x/node_modules/kinesis-local/main.js:102530:19)",
];
// As kinesis-local 0.x prints them (captured from a DescribeStreamSummary of a missing stream).
const notFound = [
  "[warn] kinesis.mock.cache.Cache 2026-12-01T05:02:33.001635Z x-amz-id-2=Ig6w, action=DescribeStreamSummary, streamName=nope Describing the stream summary was unuccessful",
  "kinesis.mock.ResourceNotFoundException: Stream arn arn:aws:kinesis:us-east-1:000000000000:stream/nope not found",
  ...frames,
];
const limitExceeded = [
  "[warn] kinesis.mock.cache.Cache 2026-12-01T05:02:34.000000Z action=CreateStream, streamName=big Creating the stream was unuccessful",
  "kinesis.mock.LimitExceededException: Request would exceed the shard limit",
  ...frames,
];

function run(lines: string[]): string[] {
  const out: string[] = [];
  const filter = createKinesisLocalLogFilter((line) => out.push(line));
  for (const line of lines) filter.push(line);
  filter.flush();
  return out;
}

describe("createKinesisLocalLogFilter", () => {
  it("drops an expected not-found answer entirely: header, exception and stack trace", () => {
    expect(run(notFound)).toEqual([]);
    expect(run([...notFound, ...notFound])).toEqual([]);
  });

  it("keeps other failures as their header and exception line, without the stack frames", () => {
    expect(run(limitExceeded)).toEqual(limitExceeded.slice(0, 2));
  });

  it("keeps what follows a dropped trace, and a failure right after a not-found", () => {
    expect(run([...notFound, "[error] something broke", ...limitExceeded, "plain line"])).toEqual([
      "[error] something broke",
      ...limitExceeded.slice(0, 2),
      "plain line",
    ]);
  });

  it("passes other lines on unchanged, including an indented line that is not in a trace", () => {
    expect(run(["[warn] low disk", "  at the start of a sentence"])).toEqual(["[warn] low disk", "  at the start of a sentence"]);
  });

  it("holds a failure header only until the next line, and flushes it at the end", () => {
    const out: string[] = [];
    const filter = createKinesisLocalLogFilter((line) => out.push(line));
    filter.push(limitExceeded[0]!);
    expect(out).toEqual([]);
    filter.flush();
    expect(out).toEqual([limitExceeded[0]]);
  });
});
