import { describe, expect, it } from "vitest";
import { parseTargetsFile } from "@/lib/server/targets/targets-file";
import { demoTargets } from "./demo-targets";

const endpoints = { kinesis: "http://127.0.0.1:4567", kinesisEu: "http://127.0.0.1:4568", cloudwatch: "http://127.0.0.1:5000" };
const noSharedFiles = { configFile: {}, credentialsFile: {} };

describe("demoTargets", () => {
  it("is a targets file the app accepts: local (us-east-1, the default) and local-eu (eu-west-1), each on its own kinesis-local", () => {
    const setup = parseTargetsFile(JSON.stringify(demoTargets(endpoints)), "demo-targets.json", {}, noSharedFiles);
    expect(setup.defaultTarget).toBe("local");
    expect(setup.targets.map((t) => [t.name, t.kind, t.defaultRegion, t.local, t.endpoints])).toEqual([
      ["local", "default", "us-east-1", true, { kinesis: endpoints.kinesis, cloudwatch: endpoints.cloudwatch }],
      ["local-eu", "default", "eu-west-1", true, { kinesis: endpoints.kinesisEu, cloudwatch: endpoints.cloudwatch }],
    ]);
  });

  it("masks payments' card numbers and hashes payer emails, and the app accepts the rules", () => {
    const setup = parseTargetsFile(JSON.stringify(demoTargets(endpoints)), "demo-targets.json", {}, noSharedFiles);
    expect(setup.masking?.rules).toEqual([
      { streams: ["payments"], path: "$.card.number", action: "mask" },
      { streams: ["payments"], field: "customerEmail", action: "hash" },
    ]);
  });

  it("leaves CloudWatch to the app's own setting when moto is not running", () => {
    const setup = parseTargetsFile(JSON.stringify(demoTargets({ ...endpoints, cloudwatch: undefined })), "demo-targets.json", {}, noSharedFiles);
    expect(setup.targets.map((t) => t.endpoints)).toEqual([{ kinesis: endpoints.kinesis }, { kinesis: endpoints.kinesisEu }]);
  });

  it("gives both targets moto as DynamoDB, Lambda, Firehose and Glue when the demo runs its consumers there", () => {
    const moto = "http://127.0.0.1:5001";
    const setup = parseTargetsFile(JSON.stringify(demoTargets({ ...endpoints, consumers: moto })), "demo-targets.json", {}, noSharedFiles);
    expect(setup.targets.map((t) => t.endpoints)).toEqual([
      { kinesis: endpoints.kinesis, cloudwatch: endpoints.cloudwatch, dynamodb: moto, lambda: moto, firehose: moto, glue: moto },
      { kinesis: endpoints.kinesisEu, cloudwatch: endpoints.cloudwatch, dynamodb: moto, lambda: moto, firehose: moto, glue: moto },
    ]);
  });

  it("appends extra targets after the two local ones", () => {
    const shared = { configFile: { "broken-sso": { sso_session: "corp" } }, credentialsFile: {} };
    const setup = parseTargetsFile(
      JSON.stringify(demoTargets(endpoints, [{ name: "broken-sso", profile: "broken-sso", region: "us-east-1" }])),
      "t.json",
      {},
      shared,
    );
    expect(setup.targets.map((t) => [t.name, t.kind])).toEqual([
      ["local", "default"],
      ["local-eu", "default"],
      ["broken-sso", "profile"],
    ]);
  });
});
