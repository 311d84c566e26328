// The probes' answers (GET /api/live, GET /api/ready): what a load balancer or Kubernetes reads.

export interface LiveResponse {
  live: true;
  /** Seconds since this process started. */
  uptimeSeconds: number;
}

export interface ReadyResponse {
  /** Settings valid and targets loaded: this server can serve requests. Kinesis being unreachable does not make it unready. */
  ready: boolean;
  checks: { settings: "ok" | "failed"; targets: "ok" | "failed" };
  /** Targets configured (0 when they could not be loaded). */
  targets: number;
  /** Whether the default target's Kinesis answered a ListStreams call, checked at most every few seconds. */
  kinesis: { reachable: boolean; checkedAt: string; error?: string };
  /** When not ready: what failed, in words (the server log has the details). */
  message?: string;
}
