import "server-only";
// PROVISIONAL (replaced by the targets-config branch).
import type { TargetConfig } from "./target-config";

export function regionsOf(t: TargetConfig): string[] {
  return t.regions ?? [t.defaultRegion];
}
