// Lambda and Firehose consumers in the browser, against kinesis-local and moto playing AWS's part
// (the e2e server's moto plays kinesis-local's account): a Lambda function with an event source
// mapping on a stream whose last processing result is an error (AWS sets it after invoking the
// function; moto through our plugin's test-only call), with the IteratorAge AWS publishes growing
// over the last minutes; and a Firehose delivery stream from another stream to an S3 bucket.
import { CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, DeleteStreamCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, DeleteFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { expect, test, type Page } from "@playwright/test";
import { createScriptKinesisClient, LOCAL_CREDENTIALS, LOCAL_REGION } from "@/scripts/lib/kinesis-client";
import { createFunction, createServiceRole, KINESIS_LOCAL_ACCOUNT, kinesisLocalStreamArn, motoRaw } from "@/scripts/lib/moto-aws";
import { setMappingLastProcessingResult } from "@/scripts/lib/moto-server";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { Aws, uniqueName } from "./fixtures/cloudwatch";
import { e2eServices } from "./fixtures/services";

const FAILURE = "PROBLEM: Function call failed";
const clicks = uniqueName("lam");
const tele = uniqueName("fh");
const suffix = Math.random().toString(36).slice(2, 8);
const fn = `fn-${suffix}`;
const delivery = `fh-${suffix}`;
const bucket = `b-${suffix}`;
const dlq = `arn:aws:sqs:${LOCAL_REGION}:${KINESIS_LOCAL_ACCOUNT}:${fn}-dlq`;
/** IteratorAge AWS published, one a minute from 6 minutes ago: 60 s more each minute (the function keeps failing). */
const AGES = [60_000, 120_000, 180_000, 240_000, 300_000];

let aws: Aws;
let motoKinesis: KinesisClient;
let lambda: LambdaClient;
let firehose: FirehoseClient;
let mappingUuid = "";

test.beforeAll(async () => {
  const moto = e2eServices().cloudwatchEndpoint;
  const sdk = { endpoint: moto, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
  aws = new Aws();
  motoKinesis = createScriptKinesisClient({ endpoint: moto });
  lambda = new LambdaClient(sdk);
  firehose = new FirehoseClient(sdk);
  await Promise.all([aws.createStream(clicks, 1), aws.createStream(tele, 1)]);
  // moto looks a source ARN up in its own Kinesis: the same streams exist there (AWS's part).
  for (const s of [clicks, tele]) await motoKinesis.send(new CreateStreamCommand({ StreamName: s, ShardCount: 1 }));
  const role = await createServiceRole(moto, `role-${suffix}`);
  await createFunction(lambda, fn, role);
  const mapping = await lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: fn,
      EventSourceArn: kinesisLocalStreamArn(clicks),
      StartingPosition: "TRIM_HORIZON",
      BatchSize: 100,
      DestinationConfig: { OnFailure: { Destination: dlq } },
    }),
  );
  mappingUuid = mapping.UUID!;
  await setMappingLastProcessingResult(moto, { uuid: mappingUuid, result: FAILURE, accountId: KINESIS_LOCAL_ACCOUNT, region: LOCAL_REGION });
  const now = Date.now();
  await aws.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: "AWS/Lambda",
      MetricData: AGES.map((age, i) => ({
        MetricName: "IteratorAge",
        Dimensions: [{ Name: "FunctionName", Value: fn }],
        Timestamp: new Date(now - (6 - i) * 60_000),
        Unit: "Milliseconds",
        Value: age,
      })),
    }),
  );
  await motoRaw(moto, "s3", "PUT", `/${bucket}`);
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: delivery,
      DeliveryStreamType: "KinesisStreamAsSource",
      KinesisStreamSourceConfiguration: { KinesisStreamARN: kinesisLocalStreamArn(tele), RoleARN: role },
      ExtendedS3DestinationConfiguration: { BucketARN: `arn:aws:s3:::${bucket}`, RoleARN: role, Prefix: "telemetry/" },
    }),
  );
});

test.afterAll(async () => {
  // They go with their streams: a mapping on a deleted stream is another story.
  await lambda?.send(new DeleteEventSourceMappingCommand({ UUID: mappingUuid })).catch(() => undefined);
  await lambda?.send(new DeleteFunctionCommand({ FunctionName: fn })).catch(() => undefined);
  await firehose?.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: delivery })).catch(() => undefined);
  for (const s of [clicks, tele]) await motoKinesis?.send(new DeleteStreamCommand({ StreamName: s })).catch(() => undefined);
  for (const c of [motoKinesis, lambda, firehose]) c?.destroy();
  await aws?.close();
});

const row = (page: Page, kind: string) => page.locator(`[data-testid="consumer-row"][data-kind="${kind}"]`);

test("a failing Lambda mapping is said first and prominently, critical in the picture and the table, with its IteratorAge growing", async ({ page }) => {
  await page.goto(`/streams/${clicks}/consumers`);
  const alert = page.getByTestId("lambda-failures");
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute("role", "alert");
  await expect(alert).toContainText(`${fn}: last processing result “${FAILURE}”; failed batches go to ${dlq}`);

  const box = page.locator(`[data-testid="pipeline-box"][data-consumer="lambda:${mappingUuid}"]`);
  await expect(box).toHaveAttribute("data-health", "critical");
  await expect(box.locator("rect")).toHaveAttribute("stroke", "#b91c1c");
  await expect(box).toContainText(`function ${fn}`);
  await expect(page.getByTestId("pipeline-text")).toContainText(`Lambda function ${fn}, function ${fn}: critical (last processing result: "${FAILURE}"`);

  const lam = row(page, "lambda");
  await expect(lam).toHaveAttribute("data-health", "critical");
  await expect(lam.getByTestId("consumer-state")).toHaveText("Enabled");
  await expect(lam.getByTestId("consumer-reasons")).toContainText(`last processing result: "${FAILURE}"`);
  await expect(lam.getByTestId("consumer-lag")).toHaveText("5 min");
  // CloudWatch's minutes: the chart has history as soon as the tab opens.
  const trend = lam.getByTestId("lag-trend");
  await expect(trend).toHaveAttribute("data-source", "cloudwatch");
  await expect(trend).toHaveAttribute("data-samples", String(AGES.length));
  await expect(trend).toHaveAttribute("data-direction", "growing");
  await expect(trend.getByTestId("lag-trend-words")).toHaveText("↑ growing");
  await expectNoSeriousViolations(page, "consumers tab with a failing Lambda");

  // The alert's name opens the row: the mapping's facts, the result in red.
  await alert.getByRole("button", { name: fn }).click();
  await expect(lam.getByTestId("consumer-toggle")).toHaveAttribute("aria-expanded", "true");
  const facts = page.getByTestId("consumer-facts");
  await expect(facts).toContainText(`lastProcessingResult${FAILURE}`);
  await expect(facts).toContainText(`onFailureDestination${dlq}`);
  await expect(facts).toContainText("batchSize100");
  await expect(facts).toContainText("startingPositionTRIM_HORIZON");
  await expect(facts.locator("dd.error-text")).toHaveText(FAILURE);
});

test("a Firehose delivery stream names where it delivers, in the picture and the row", async ({ page }) => {
  await page.goto(`/streams/${tele}/consumers`);
  const fh = row(page, "firehose");
  await expect(fh).toHaveAttribute("data-consumer", `firehose:${delivery}`);
  await expect(fh).toHaveAttribute("data-health", "ok");
  await expect(fh.getByTestId("consumer-state")).toHaveText("ACTIVE");
  await expect(page.getByTestId("lambda-failures")).toHaveCount(0);
  const box = page.locator(`[data-testid="pipeline-box"][data-consumer="firehose:${delivery}"]`);
  await expect(box).toContainText(`→ S3 bucket ${bucket}`);
  await expect(box.locator("rect")).toHaveAttribute("stroke", "#15803d");
  await expect(page.getByTestId("pipeline-text")).toContainText(`Firehose delivery stream ${delivery}, → S3 bucket ${bucket}: ok`);
  await fh.getByTestId("consumer-toggle").click();
  await expect(page.getByTestId("consumer-facts")).toContainText(`destinationS3 bucket ${bucket}`);
  await expect(page.getByTestId("consumer-facts")).toContainText(`sourceStreamArn${kinesisLocalStreamArn(tele)}`);
  await expectNoSeriousViolations(page, "consumers tab with a Firehose");
});

test("/consumers says the failing Lambda first too, naming its stream", async ({ page }) => {
  await page.goto("/consumers");
  const failure = page.locator(`[data-testid="lambda-failure"][data-consumer="lambda:${mappingUuid}"]`);
  await expect(failure).toContainText(`${fn} (on ${clicks}): last processing result “${FAILURE}”`);
  await page.getByTestId("consumers-filter-text").fill(delivery);
  await expect(page.getByTestId("consumer-row")).toHaveCount(1);
  await expect(page.getByTestId("consumer-row")).toHaveAttribute("data-stream", tele);
});
