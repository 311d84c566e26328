// Reads a Prometheus text exposition in tests, with a parser written to the format's spec
// (parse-prometheus-text-format, ported from the Prometheus Python client), not with our own code.
import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";

export type Scrape = Map<string, PromFamily>;

export function parseScrape(text: string): Scrape {
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(scrape: Scrape, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = scrape.get(name);
  const found = family?.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!found || found.length === 0) return undefined;
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return Number(found[0]!.value);
}

/** The sum of every sample of `name` whose labels include `labels` (0 when there is none). */
export function sampleSum(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return (scrape.get(name)?.metrics ?? [])
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value), 0);
}
