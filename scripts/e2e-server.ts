// The server Playwright runs against: a fresh kinesis-local with the demo streams and the
// e2e fixtures, moto as CloudWatch, and the built app in front of them. Stops everything on
// SIGTERM/SIGINT.
//
// The app reaches moto through a fault proxy that specs can cut and restore (to see CloudWatch
// become unreachable); specs seed moto directly, playing AWS's part. Where everything listens is
// written to .test-output/e2e-services.json for the specs (see e2e/fixtures/services.ts).
import path from "node:path";
import fs from "node:fs";
import http from "node:http";
import { seedFixtures } from "@/e2e/fixtures/seed";
import { E2E_SERVICES_FILE, type E2eServices } from "@/e2e/fixtures/services";
import { spawnNode } from "./lib/child-process";
import { createDemoStreams } from "./lib/demo-streams";
import { startFaultProxy } from "./lib/fault-proxy";
import { freePort } from "./lib/free-port";
import { createScriptKinesisClient, LOCAL_CREDENTIALS, LOCAL_REGION } from "./lib/kinesis-client";
import { startKinesisLocal } from "./lib/kinesis-local";
import { startMotoServer } from "./lib/moto-server";
import { START_SCRIPT } from "./lib/next-server";

async function main() {
  const root = path.resolve(__dirname, "..");
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (npm test does it for you).");
  }
  const port = process.env.PORT ?? "3100";
  // Room for the specs' own streams (one has 50 shards) beside the demo streams.
  const kinesis = await startKinesisLocal({ shardLimit: 500, onDemandStreamLimit: 20 });
  const moto = await startMotoServer().catch(async (e) => {
    await kinesis.stop();
    throw e;
  });
  const cloudwatch = await startFaultProxy({ target: moto.endpoint });
  const control = await startControl(cloudwatch);
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  await createDemoStreams(client);
  await seedFixtures(client);
  client.destroy();
  const services: E2eServices = {
    kinesisEndpoint: kinesis.endpoint,
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
      // Short, so that a lease table a spec writes shows within seconds on /consumers and the wall.
      SHARDSCOPE_CONSUMERS_REFRESH_SECONDS: "3",
      // Short, so that a spec that cuts CloudWatch sees the next refresh fail within seconds.
      SHARDSCOPE_METRICS_TTL_SECONDS: "2",
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      SHARDSCOPE_LOCAL_EMULATOR: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    onLine: (line) => console.log(`[next] ${line}`),
  });
  console.log(`e2e server: kinesis-local ${kinesis.endpoint}, moto ${moto.endpoint} (app via ${cloudwatch.endpoint}), app http://127.0.0.1:${port}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    control.server.close();
    await cloudwatch.stop();
    await Promise.all([next.stop(3000), kinesis.stop(3000), moto.stop(3000)]);
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  void next.exited.then(() => stop(1));
  void kinesis.exited.then(() => stop(1));
  void moto.exited.then(() => stop(1));
}

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
