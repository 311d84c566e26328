import "server-only";
// The regions a target offers in the switcher, and the only ones the server accepts for it.
import { partitionRegions } from "@/lib/targets/regions";
import type { TargetConfig } from "./target-config";

export { regionLabel } from "@/lib/targets/regions";

/**
 * Its configured `regions`; else only its default region for an emulator (kinesis-local plays one
 * region); else every AWS region of its default region's partition (commercial, China or GovCloud).
 */
export function regionsOf(t: TargetConfig): string[] {
  if (t.regions && t.regions.length > 0) return [...t.regions];
  if (t.local) return [t.defaultRegion];
  const all = partitionRegions(t.defaultRegion);
  // A region newer than our list is still the one the target was configured with.
  return all.includes(t.defaultRegion) ? all : [t.defaultRegion, ...all];
}
