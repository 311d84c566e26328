// What `npm run demo` says about itself while it starts: pure, so the wording is tested.

/** The AWS SDK's support floor: its releases after early January 2027 require this Node major. */
export const SDK_NODE_MAJOR = 22;

/**
 * One line in place of the SDK's own NodeVersionSupportWarning, which the demo process and the
 * server child would each print as nine lines (the demo turns both off with the SDK's documented
 * AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED); undefined when Node is recent enough.
 */
export function nodeSupportNote(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major) || major >= SDK_NODE_MAJOR) return undefined;
  return `note: you run Node ${version}; AWS SDK releases after January 2027 require Node >= ${SDK_NODE_MAJOR} (the demo works as it is).`;
}

/** What the demo says before `next build`: a first build takes a while, and says so. */
export function buildStartMessage(firstBuild: boolean, cores: number): string {
  return firstBuild
    ? `building the app (first run: about a minute on 2 cores, you have ${cores})…`
    : "rebuilding the app (sources changed since the last build; about a minute)…";
}

/** "built in 58 s" / "built in 1 min 12 s". */
export function buildDoneMessage(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const took = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `built in ${took}`;
}

export interface DemoTargetLine {
  name: string;
  region: string;
  endpoint: string;
  /** The streams it holds, e.g. "orders, clickstream, telemetry, payments". */
  streams: string;
}

/**
 * The banner's lines about the targets: which exist, where each one's Kinesis is and what it
 * holds, and how to switch between them (the top bar, or the URL).
 */
export function targetsBannerLines(url: string, targets: readonly DemoTargetLine[], defaultTarget: string): string[] {
  const other = targets.find((t) => t.name !== defaultTarget);
  return [
    `${targets.length} targets (SHARDSCOPE_TARGETS_FILE):`,
    ...targets.map((t) => `  ${t.name}${t.name === defaultTarget ? " (default)" : ""}: ${t.region}, kinesis-local ${t.endpoint}; streams ${t.streams}`),
    other
      ? `Switch with Target and Region in the top bar, or by URL: ${url}/t/${other.name}/${other.region}/streams/orders`
      : "Switch with Target and Region in the top bar.",
  ];
}
