// The JSON shapes of what this server talks to: the target (region, account, endpoint) and its health.

export interface Target {
  region: string;
  /** 12-digit account id, "local" for an emulator, or null when it could not be determined. */
  account: string | null;
  endpoint: string;
  local: boolean;
  readOnly: boolean;
}

export interface HealthResponse {
  ok: boolean;
  kinesis: { reachable: boolean; endpoint: string; region: string; error?: string };
  cloudwatch: { reachable: boolean; endpoint: string; error?: string };
}
