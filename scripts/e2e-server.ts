// The server Playwright runs against: a fresh kinesis-local with the demo streams and the
// e2e fixtures, and the built app in front of it. Stops everything on SIGTERM/SIGINT.
import path from "node:path";
import fs from "node:fs";
import { seedFixtures } from "@/e2e/fixtures/seed";
import { spawnNode } from "./lib/child-process";
import { createDemoStreams } from "./lib/demo-streams";
import { createScriptKinesisClient, LOCAL_CREDENTIALS, LOCAL_REGION } from "./lib/kinesis-client";
import { startKinesisLocal } from "./lib/kinesis-local";

async function main() {
  const root = path.resolve(__dirname, "..");
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (npm test does it for you).");
  }
  const port = process.env.PORT ?? "3100";
  const kinesis = await startKinesisLocal();
  const client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
  await createDemoStreams(client);
  await seedFixtures(client);
  client.destroy();

  const next = spawnNode({
    name: "next",
    args: [require.resolve("next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", port],
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      SHARDSCOPE_LOCAL_EMULATOR: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    onLine: (line) => console.log(`[next] ${line}`),
  });
  // Specs play the producer's part: they read where kinesis-local is from here.
  fs.mkdirSync(path.join(root, ".test-output"), { recursive: true });
  fs.writeFileSync(path.join(root, ".test-output", "e2e-services.json"), JSON.stringify({ kinesisEndpoint: kinesis.endpoint }));
  console.log(`e2e server: kinesis-local ${kinesis.endpoint}, app http://127.0.0.1:${port}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all([next.stop(3000), kinesis.stop(3000)]);
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  void next.exited.then(() => stop(1));
  void kinesis.exited.then(() => stop(1));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
