import "server-only";
// The probes' answers. Live: the process runs and answers HTTP. Ready: the settings are valid and
// the targets loaded, so requests can be served; whether the default target's Kinesis answers is
// reported too, but does not make the server unready (an AWS outage must not make a load balancer
// drop every replica, and the pages say what is wrong better than a 503 does). Kinesis is asked at
// most once every few seconds however often the probes come, so probes cost AWS next to nothing.
import { ListStreamsCommand } from "@aws-sdk/client-kinesis";
import type { LiveResponse, ReadyResponse } from "@/lib/ops/types";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import { AppError } from "@/lib/server/errors";
import { defaultScope, targetsSetup } from "@/lib/server/targets/registry";
import { log } from "./log";

/** How long one answer of Kinesis serves every probe. */
export const KINESIS_CHECK_TTL_MS = 10_000;
const KINESIS_TIMEOUT_MS = 2_000;

const KEY = Symbol.for("shardscope.readiness");

interface Held {
  kinesis?: { at: number; answer: Promise<ReadyResponse["kinesis"]> };
}

function held(): Held {
  const g = globalThis as typeof globalThis & { [KEY]?: Held };
  g[KEY] ??= {};
  return g[KEY];
}

export function liveness(): LiveResponse {
  return { live: true, uptimeSeconds: Math.round(process.uptime()) };
}

async function checkKinesis(): Promise<ReadyResponse["kinesis"]> {
  const checkedAt = new Date().toISOString();
  try {
    const scope = await defaultScope();
    await kinesisClient(scope).send(new ListStreamsCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(KINESIS_TIMEOUT_MS) });
    return { reachable: true, checkedAt };
  } catch (e) {
    const scope = await defaultScope().catch(() => undefined);
    const mapped = e instanceof AppError ? e : scope ? scope.awsError("Kinesis", e) : new AppError("internal", String(e));
    log().warn({ code: mapped.code, reason: mapped.message }, "readiness: the default target's Kinesis does not answer");
    return { reachable: false, checkedAt, error: mapped.code };
  }
}

/** Kinesis's last answer while fresh, else a new check (one at a time, shared by every probe). */
function kinesisStatus(now = Date.now()): Promise<ReadyResponse["kinesis"]> {
  const h = held();
  if (!h.kinesis || now - h.kinesis.at >= KINESIS_CHECK_TTL_MS) h.kinesis = { at: now, answer: checkKinesis() };
  return h.kinesis.answer;
}

export async function readiness(): Promise<ReadyResponse> {
  const checks: ReadyResponse["checks"] = { settings: "ok", targets: "ok" };
  try {
    getConfig();
  } catch (e) {
    log().error({ reason: (e as Error).message }, "readiness: the settings are invalid");
    checks.settings = "failed";
    checks.targets = "failed";
    return notReady(checks, "The settings are invalid; the server log lists the problems.");
  }
  let targets: number;
  try {
    targets = (await targetsSetup()).targets.length;
  } catch (e) {
    log().error({ reason: (e as Error).message }, "readiness: the targets could not be loaded");
    checks.targets = "failed";
    return notReady(checks, "The targets could not be loaded; the server log says why.");
  }
  return { ready: true, checks, targets, kinesis: await kinesisStatus() };
}

function notReady(checks: ReadyResponse["checks"], message: string): ReadyResponse {
  return { ready: false, checks, targets: 0, kinesis: { reachable: false, checkedAt: new Date().toISOString() }, message };
}

/** For tests: forget Kinesis's last answer. */
export function forgetReadiness(): void {
  delete held().kinesis;
}
