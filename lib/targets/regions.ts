// PROVISIONAL (replaced by the targets-config branch).
export function regionLabel(region: string): string {
  return region;
}
