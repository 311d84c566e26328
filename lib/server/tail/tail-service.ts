import "server-only";
// The process-wide tail hub, built once from configuration, and the entry point the SSE route uses.
import type { TailStartPosition } from "@/lib/api/tail";
import type { DecoderName } from "@/lib/records/types";
import type { CompiledTailFilter } from "@/lib/tail/tail-filter";
import type { TailCheckpoint } from "@/lib/tail/tail-checkpoint";
import { kinesisClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import { listShards } from "@/lib/server/kinesis/shards";
import { TailHub } from "./tail-hub";
import { TailSession } from "./tail-session";

const hubKey = Symbol.for("shardscope.tailHub");

export function tailHub(): TailHub {
  const g = globalThis as typeof globalThis & { [hubKey]?: TailHub };
  if (!g[hubKey]) {
    const c = getConfig();
    g[hubKey] = new TailHub(kinesisClient(), {
      callsPerSecond: c.tail.callsPerSecond,
      maxCallsPerSecond: c.tail.maxCallsPerSecond,
      idleStopMs: c.tail.idleStopMs,
      endpoint: c.kinesisEndpoint,
    });
  }
  return g[hubKey];
}

export interface OpenTailRequest {
  stream: string;
  from: TailStartPosition;
  at?: string;
  shardIds: string[];
  resume?: TailCheckpoint;
  filter: CompiledTailFilter & { ok: true };
  decoder: DecoderName;
}

export async function openTail(req: OpenTailRequest): Promise<TailSession> {
  const c = getConfig();
  const session = new TailSession({
    ...req,
    queueRecords: c.tail.queueRecords,
    queueBytes: c.tail.queueBytes,
    hub: tailHub(),
    listShards,
  });
  try {
    await session.start();
  } catch (e) {
    session.close();
    throw e;
  }
  return session;
}
