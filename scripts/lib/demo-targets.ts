// The targets file the demo and the e2e server hand the app (SHARDSCOPE_TARGETS_FILE): the
// embedded Kinesis as `local` (us-east-1, the default) and a second kinesis-local playing
// eu-west-1 as `local-eu`, both local emulators with their own endpoints; moto, when it runs, as
// both targets' CloudWatch and (the demo's) DynamoDB, Lambda and Firehose.
import fs from "node:fs";
import path from "node:path";
import { LOCAL_REGION } from "./kinesis-client";
import { EU_REGION } from "./demo-streams";

export const LOCAL_TARGET = "local";
export const EU_TARGET = "local-eu";

export interface DemoTargetEndpoints {
  /** The embedded kinesis-local (us-east-1). */
  kinesis: string;
  /** The second kinesis-local, playing eu-west-1. */
  kinesisEu: string;
  /** moto, when it runs: CloudWatch for both (it keeps the regions apart). */
  cloudwatch?: string;
  /** moto, when it plays the consumers' services for both: DynamoDB (KCL lease tables), Lambda, Firehose; and the Glue Schema Registry. */
  consumers?: string;
  /** What local-eu's region switcher offers besides eu-west-1 (kinesis-local keeps each region's streams apart). */
  euExtraRegions?: string[];
}

/** One entry of the file's `targets` list (see lib/server/targets/targets-file.ts for every key). */
export interface TargetsFileEntry {
  name: string;
  region: string;
  regions?: string[];
  profile?: string;
  endpoints?: Partial<Record<"kinesis" | "cloudwatch" | "sts" | "dynamodb" | "lambda" | "firehose" | "glue", string>>;
  local?: boolean;
}

export interface TargetsFileContents {
  default?: string;
  targets: TargetsFileEntry[];
}

/** `local` and `local-eu`, plus any `extra` targets (the e2e server adds a broken one). */
export function demoTargets(e: DemoTargetEndpoints, extra: TargetsFileEntry[] = []): TargetsFileContents {
  const cloudwatch = {
    ...(e.cloudwatch ? { cloudwatch: e.cloudwatch } : {}),
    ...(e.consumers ? { dynamodb: e.consumers, lambda: e.consumers, firehose: e.consumers, glue: e.consumers } : {}),
  };
  return {
    default: LOCAL_TARGET,
    targets: [
      { name: LOCAL_TARGET, region: LOCAL_REGION, local: true, endpoints: { kinesis: e.kinesis, ...cloudwatch } },
      {
        name: EU_TARGET,
        region: EU_REGION,
        ...(e.euExtraRegions?.length ? { regions: [EU_REGION, ...e.euExtraRegions] } : {}),
        local: true,
        endpoints: { kinesis: e.kinesisEu, ...cloudwatch },
      },
      ...extra,
    ],
  };
}

/** Writes the file (creating its directory) and returns its path. */
export function writeTargetsFile(file: string, contents: TargetsFileContents): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(contents, null, 2)}\n`);
  return file;
}
