// The AWS regions the region switcher offers, by partition, with the names AWS gives them.
// Copied from the SDK's partition table (@aws-sdk/core util-endpoints partitions.js); a region
// AWS opens later is still usable through a target's `regions` list. Isomorphic: the browser's
// switcher shows the names.

export type Partition = "aws" | "aws-cn" | "aws-us-gov";

const REGIONS: Record<Partition, ReadonlyArray<readonly [string, string]>> = {
  aws: [
    ["af-south-1", "Africa (Cape Town)"],
    ["ap-east-1", "Asia Pacific (Hong Kong)"],
    ["ap-east-2", "Asia Pacific (Taipei)"],
    ["ap-northeast-1", "Asia Pacific (Tokyo)"],
    ["ap-northeast-2", "Asia Pacific (Seoul)"],
    ["ap-northeast-3", "Asia Pacific (Osaka)"],
    ["ap-south-1", "Asia Pacific (Mumbai)"],
    ["ap-south-2", "Asia Pacific (Hyderabad)"],
    ["ap-southeast-1", "Asia Pacific (Singapore)"],
    ["ap-southeast-2", "Asia Pacific (Sydney)"],
    ["ap-southeast-3", "Asia Pacific (Jakarta)"],
    ["ap-southeast-4", "Asia Pacific (Melbourne)"],
    ["ap-southeast-5", "Asia Pacific (Malaysia)"],
    ["ap-southeast-6", "Asia Pacific (New Zealand)"],
    ["ap-southeast-7", "Asia Pacific (Thailand)"],
    ["ca-central-1", "Canada (Central)"],
    ["ca-west-1", "Canada West (Calgary)"],
    ["eu-central-1", "Europe (Frankfurt)"],
    ["eu-central-2", "Europe (Zurich)"],
    ["eu-north-1", "Europe (Stockholm)"],
    ["eu-south-1", "Europe (Milan)"],
    ["eu-south-2", "Europe (Spain)"],
    ["eu-west-1", "Europe (Ireland)"],
    ["eu-west-2", "Europe (London)"],
    ["eu-west-3", "Europe (Paris)"],
    ["il-central-1", "Israel (Tel Aviv)"],
    ["me-central-1", "Middle East (UAE)"],
    ["me-south-1", "Middle East (Bahrain)"],
    ["me-west-1", "Middle East (Saudi Arabia)"],
    ["mx-central-1", "Mexico (Central)"],
    ["sa-east-1", "South America (Sao Paulo)"],
    ["sa-west-1", "South America (Chile)"],
    ["us-east-1", "US East (N. Virginia)"],
    ["us-east-2", "US East (Ohio)"],
    ["us-west-1", "US West (N. California)"],
    ["us-west-2", "US West (Oregon)"],
  ],
  "aws-cn": [
    ["cn-north-1", "China (Beijing)"],
    ["cn-northwest-1", "China (Ningxia)"],
  ],
  "aws-us-gov": [
    ["us-gov-east-1", "AWS GovCloud (US-East)"],
    ["us-gov-west-1", "AWS GovCloud (US-West)"],
  ],
};

const NAMES = new Map<string, string>(Object.values(REGIONS).flat());

/** The partition a region belongs to, by AWS's own naming rules (cn-…: China, us-gov-…: GovCloud). */
export function partitionOf(region: string): Partition {
  if (/^cn-\w+-\d+$/.test(region)) return "aws-cn";
  if (/^us-gov-\w+-\d+$/.test(region)) return "aws-us-gov";
  return "aws";
}

/** Every region of the partition `region` belongs to, in AWS's order. */
export function partitionRegions(region: string): string[] {
  return REGIONS[partitionOf(region)].map(([r]) => r);
}

/** AWS's name for a region ("Europe (Ireland)"), or undefined for one this list does not know. */
export function regionName(region: string): string | undefined {
  return NAMES.get(region);
}

/** What the switcher shows: "eu-west-1 — Europe (Ireland)", or the bare code for an unknown region. */
export function regionLabel(region: string): string {
  const name = NAMES.get(region);
  return name ? `${region} — ${name}` : region;
}
