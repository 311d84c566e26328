// The server Playwright runs against: a fresh kinesis-local with the demo streams and the
// e2e fixtures (target `local`, us-east-1, the default), a second kinesis-local playing eu-west-1
// with its own demo streams (target `local-eu`), a target `broken-sso` whose SSO profile has never
// logged in (its pages say so), moto as CloudWatch and as the consumers' DynamoDB, Lambda and
// Firehose (playing kinesis-local's account, as the demo's does: scripts/lib/moto-aws.ts says
// why), and the built app in front of them. Stops everything on SIGTERM/SIGINT.
//
// The app reaches moto through a fault proxy that specs can cut and restore (to see CloudWatch
// become unreachable); specs seed moto directly, playing AWS's part. Where everything listens is
// written to .test-output/e2e-services.json for the specs (see e2e/fixtures/services.ts).
import path from "node:path";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import { seedFixtures } from "@/e2e/fixtures/seed";
import { BROKEN_SSO_PROFILE, E2E_SERVICES_FILE, type E2eServices } from "@/e2e/fixtures/services";
import { spawnNode } from "./lib/child-process";
import { EU_REGION, createDemoStreams, createEuDemoStreams } from "./lib/demo-streams";
import { LOCAL_TARGET, demoTargets, writeTargetsFile } from "./lib/demo-targets";
import { createScriptGlueClient, registerDemoSchemas } from "./lib/demo-schemas";
import { placeSensorsSchema, writeSensorsStream } from "./lib/demo-sensors";
import { startFaultProxy } from "./lib/fault-proxy";
import { freePort } from "./lib/free-port";
import { createScriptKinesisClient, LOCAL_CREDENTIALS, LOCAL_REGION } from "./lib/kinesis-client";
import { startKinesisLocal } from "./lib/kinesis-local";
import { KINESIS_LOCAL_ACCOUNT } from "./lib/moto-aws";
import { startMotoServer } from "./lib/moto-server";
import { START_SCRIPT } from "./lib/next-server";

async function main() {
  const root = path.resolve(__dirname, "..");
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (npm test does it for you).");
  }
  const port = process.env.PORT ?? "3100";
  // All three at once; if one fails, whichever did start must not outlive the failed start.
  const started = await Promise.allSettled([
    // Room for the specs' own streams (one has 50 shards) beside the demo streams.
    startKinesisLocal({ shardLimit: 500, onDemandStreamLimit: 20 }),
    startKinesisLocal({ region: EU_REGION }),
    startMotoServer({ accountId: KINESIS_LOCAL_ACCOUNT }),
  ]);
  const [k, e, m] = started;
  if (k.status === "rejected" || e.status === "rejected" || m.status === "rejected") {
    await Promise.all(started.map((r) => (r.status === "fulfilled" ? r.value.stop() : undefined)));
    throw (started.find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
  }
  const [kinesis, kinesisEu, moto] = [k.value, e.value, m.value];
  const cloudwatch = await startFaultProxy({ target: moto.endpoint });
  const control = await startControl(cloudwatch);
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  const clientEu = createScriptKinesisClient({ endpoint: kinesisEu.endpoint, region: EU_REGION });
  await Promise.all([createDemoStreams(client).then(() => seedFixtures(client)), createEuDemoStreams(clientEu)]);
  // Schemas: the demo registry in moto's Glue, `sensors` written with it, its .proto in a schema
  // directory of this run's own (specs upload and remove schemas there).
  const schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-e2e-schemas-"));
  placeSensorsSchema(schemaDir, LOCAL_TARGET, LOCAL_REGION);
  const glue = createScriptGlueClient(moto.endpoint);
  await writeSensorsStream(client, await registerDemoSchemas(glue));
  glue.destroy();
  client.destroy();
  clientEu.destroy();

  // The targets: `local` and `local-eu` as the demo has them (CloudWatch through the fault proxy),
  // and `broken-sso`, an SSO profile of a private AWS config whose session never logged in.
  const aws = fs.mkdtempSync(path.join(os.tmpdir(), "shardscope-e2e-aws-"));
  fs.writeFileSync(path.join(aws, "config"), BROKEN_SSO_CONFIG);
  fs.writeFileSync(path.join(aws, "credentials"), "");
  const targetsFile = writeTargetsFile(
    path.join(root, ".test-output", "e2e-targets.json"),
    // local-eu offers eu-central-1 too, so specs can switch region within a target (it has no streams there).
    demoTargets(
      { kinesis: kinesis.endpoint, kinesisEu: kinesisEu.endpoint, cloudwatch: cloudwatch.endpoint, consumers: moto.endpoint, euExtraRegions: ["eu-central-1"] },
      [
        {
          name: BROKEN_SSO_PROFILE,
          profile: BROKEN_SSO_PROFILE,
          region: "us-east-1",
          // STS and CloudWatch are moto; its credentials fail before any call is signed, so nothing
          // reaches AWS. No kinesis endpoint here, so that it is not an emulator (an emulator never
          // asks STS who it is, and so would never learn that its credentials do not work).
          endpoints: { cloudwatch: cloudwatch.endpoint, sts: moto.endpoint },
        },
      ],
    ),
  );
  const services: E2eServices = {
    kinesisEndpoint: kinesis.endpoint,
    kinesisEndpointEu: kinesisEu.endpoint,
    cloudwatchEndpoint: moto.endpoint,
    appCloudwatchEndpoint: cloudwatch.endpoint,
    control: control.url,
  };
  // Specs play AWS's part: they read where everything is from here.
  fs.mkdirSync(path.dirname(path.join(root, E2E_SERVICES_FILE)), { recursive: true });
  fs.writeFileSync(path.join(root, E2E_SERVICES_FILE), JSON.stringify(services, null, 2));

  const next = spawnNode({
    name: "next",
    args: [path.join(root, START_SCRIPT)],
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: port,
      SHARDSCOPE_HOST: "127.0.0.1",
      AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch.endpoint,
      // Consumers: specs write KCL lease tables (and mappings, delivery streams) into moto directly.
      AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: moto.endpoint,
      AWS_ENDPOINT_URL_FIREHOSE: moto.endpoint,
      AWS_ENDPOINT_URL_GLUE: moto.endpoint,
      SHARDSCOPE_SCHEMA_DIR: schemaDir,
      // Short, so that a lease table a spec writes shows within seconds on /consumers and the wall.
      SHARDSCOPE_CONSUMERS_REFRESH_SECONDS: "3",
      // Short, so that a spec that cuts CloudWatch sees the next refresh fail within seconds.
      SHARDSCOPE_METRICS_TTL_SECONDS: "2",
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      // Only these shared files: none of the machine's profiles, and the SSO profile broken-sso.
      AWS_CONFIG_FILE: path.join(aws, "config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(aws, "credentials"),
      // Which targets are emulators is the targets file's to say (broken-sso is not one).
      SHARDSCOPE_TARGETS_FILE: targetsFile,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Warnings and errors only: a JSON line per API request would bury the specs' own output.
      SHARDSCOPE_LOG_LEVEL: process.env.SHARDSCOPE_LOG_LEVEL || "warn",
    },
    onLine: (line) => console.log(`[next] ${line}`),
  });
  console.log(
    `e2e server: kinesis-local ${kinesis.endpoint} (${EU_REGION}: ${kinesisEu.endpoint}), moto ${moto.endpoint} (app via ${cloudwatch.endpoint}), app http://127.0.0.1:${port}`,
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    control.server.close();
    await cloudwatch.stop();
    await Promise.all([next.stop(3000), kinesis.stop(3000), kinesisEu.stop(3000), moto.stop(3000)]);
    fs.rmSync(aws, { recursive: true, force: true });
    fs.rmSync(schemaDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  void next.exited.then(() => stop(1));
  void kinesis.exited.then(() => stop(1));
  void kinesisEu.exited.then(() => stop(1));
  void moto.exited.then(() => stop(1));
}

/** A start URL nobody has logged in to, so no token from the machine's own ~/.aws/sso/cache can apply. */
const BROKEN_SSO_CONFIG = `[profile ${BROKEN_SSO_PROFILE}]
sso_session = shardscope-e2e
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-east-1

[sso-session shardscope-e2e]
sso_start_url = https://shardscope-e2e-never-logged-in.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`;

/** Loopback HTTP for specs: POST /cloudwatch/cut and /cloudwatch/restore switch the app's CloudWatch off and on. */
async function startControl(cloudwatch: Awaited<ReturnType<typeof startFaultProxy>>) {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const action = req.method === "POST" ? req.url : undefined;
    const run = action === "/cloudwatch/cut" ? cloudwatch.down() : action === "/cloudwatch/restore" ? cloudwatch.up() : undefined;
    if (!run) return req.method === "GET" && req.url === "/cloudwatch" ? reply(200, { up: !cloudwatch.isDown() }) : reply(404, { error: "unknown control" });
    run.then(
      () => reply(200, { up: !cloudwatch.isDown() }),
      (e: Error) => reply(500, { error: e.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${port}` };
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
