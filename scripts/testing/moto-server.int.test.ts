// The moto launcher: the shared instance of the integration run, a clear error without moto,
// and no moto left behind — whether stopped, or when the process that started it is killed.
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { MOTO_MAPPING_RESULT_PATH, createScriptCloudWatchClient, setMappingLastProcessingResult, startMotoServer } from "../lib/moto-server";

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

describe("our moto plugin's control call (a mapping's LastProcessingResult)", () => {
  // That a set result is answered by ListEventSourceMappings: scripts/testing/demo-consumers.int.test.ts.
  it("names the mapping it cannot find, and refuses a body it cannot read", async () => {
    const endpoint = inject("motoEndpoint");
    await expect(setMappingLastProcessingResult(endpoint, { uuid: "no-such-mapping", result: "OK" })).rejects.toThrow(
      /\(404\).*no event source mapping no-such-mapping in account 123456789012, region us-east-1/,
    );
    const bad = await fetch(`${endpoint}${MOTO_MAPPING_RESULT_PATH}`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ message: "the body must be JSON" });
  });
});

describe("the shared moto server of the integration run", () => {
  it("is provided to tests and set as the SDK's CloudWatch endpoint", async () => {
    const endpoint = inject("cloudwatchEndpoint");
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.AWS_ENDPOINT_URL_CLOUDWATCH).toBe(endpoint);
    const cw = createScriptCloudWatchClient(endpoint);
    try {
      const out = await cw.send(new ListMetricsCommand({ Namespace: "AWS/Kinesis" }));
      expect(out.Metrics).toBeInstanceOf(Array);
    } finally {
      cw.destroy();
    }
  });
});

describe("startMotoServer", () => {
  it("says how to install moto when it is missing", async () => {
    await expect(startMotoServer({ python: "no-such-python-here", startTimeoutMs: 5_000 })).rejects.toThrow(/pip install "moto\[server\]"/);
  });

  it("stop() ends moto and can be called twice", async () => {
    const moto = await startMotoServer();
    expect(await accepts(moto.port)).toBe(true);
    const started = Date.now();
    await moto.stop();
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(await accepts(moto.port)).toBe(false);
    await moto.stop();
  });

  it("takes moto down with it when the process that started it is killed", async () => {
    // `node --import tsx`, not the tsx CLI: that would run the script in a grandchild we cannot kill.
    const parent = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/testing/fixtures/moto-then-hang.ts")], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      parent.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /PORT (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.once("exit", (code) => reject(new Error(`the fixture exited early (code ${code})`)));
    });
    expect(await accepts(port)).toBe(true);
    parent.kill("SIGKILL");
    expect(await until(async () => !(await accepts(port)), 8_000)).toBe(true);
  });
});
