// Playing AWS's part in moto for the consumers tab (the demo, the tests, the benchmark): the
// Lambda functions, event source mappings, Firehose delivery streams and S3 buckets AWS would hold.
//
// One account: kinesis-local names its streams in account 000000000000, and moto only accepts an
// event source mapping or a delivery stream whose source ARN is a stream of the mapping's own
// account (it looks the ARN up in its own Kinesis). So moto must play account 000000000000 too:
// the demo starts its moto with MOTO_ACCOUNT_ID (startMotoServer({ accountId })); the integration
// tests share one moto in its default account, so their harness speaks for 000000000000 with
// moto's `x-moto-account-id` header (inMotoAccount) and their app target assumes a role there
// through moto's STS (moto attributes assumed credentials to the role's account).
import { CreateFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./kinesis-client";

/** The account kinesis-local puts in every stream ARN. */
export const KINESIS_LOCAL_ACCOUNT = "000000000000";

export const kinesisLocalStreamArn = (name: string, region = LOCAL_REGION, account = KINESIS_LOCAL_ACCOUNT) =>
  `arn:aws:kinesis:${region}:${account}:stream/${name}`;

/** Every request of a harness client speaks for `account` in moto (ignored when moto runs with MOTO_ACCOUNT_ID). */
export function inMotoAccount<C extends { middlewareStack: { add: (...args: never[]) => unknown } }>(client: C, account = KINESIS_LOCAL_ACCOUNT): C {
  (client.middlewareStack as unknown as { add: (m: unknown, o: unknown) => void }).add(
    (next: (args: unknown) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
      args.request.headers["x-moto-account-id"] = account;
      return next(args);
    },
    { step: "build", name: "motoAccount" },
  );
  return client;
}

/** moto calls no SDK here has a client for (IAM, S3): the service is named in the credential scope, as SigV4 does. */
export async function motoRaw(
  endpoint: string,
  service: string,
  method: string,
  urlPath: string,
  body?: string,
  account = KINESIS_LOCAL_ACCOUNT,
  region = LOCAL_REGION,
): Promise<string> {
  const res = await fetch(`${endpoint}${urlPath}`, {
    method,
    body,
    headers: {
      "x-moto-account-id": account,
      authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto ${service} ${method} ${urlPath}: ${res.status} ${text}`);
  return text;
}

/** An IAM role Lambda and Firehose may assume (moto checks that a function's role exists); returns its ARN. */
export async function createServiceRole(endpoint: string, name: string, account = KINESIS_LOCAL_ACCOUNT): Promise<string> {
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "firehose.amazonaws.com"] }, Action: "sts:AssumeRole" }],
  });
  await motoRaw(
    endpoint,
    "iam",
    "POST",
    "/",
    `Action=CreateRole&Version=2010-05-08&RoleName=${name}&AssumeRolePolicyDocument=${encodeURIComponent(trust)}`,
    undefined,
    account,
  );
  return `arn:aws:iam::${account}:role/${name}`;
}

/** A Node.js function (moto never runs it for a Kinesis source). */
export async function createFunction(
  lambda: LambdaClient,
  name: string,
  role: string,
  code = "exports.handler = async (event) => ({ records: event.Records.length });\n",
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Role: role,
      Code: { ZipFile: zipSync({ "index.js": strToU8(code) }) },
    }),
  );
}
