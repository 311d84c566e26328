import "server-only";
// The process-wide tail hub and enhanced fan-out consumers, built once from configuration, and
// the entry point the SSE route uses.
import type { TailStartPosition } from "@/lib/api/tail";
import type { DecoderName } from "@/lib/records/types";
import type { CompiledTailFilter } from "@/lib/tail/tail-filter";
import type { TailCheckpoint } from "@/lib/tail/tail-checkpoint";
import { kinesisClient, kinesisStreamingClient } from "@/lib/server/aws/clients";
import { getConfig } from "@/lib/server/config";
import { listShards } from "@/lib/server/kinesis/shards";
import { EfoConsumers, type ConsumerLease } from "./efo-consumers";
import { TailHub } from "./tail-hub";
import { TailSession } from "./tail-session";

const key = Symbol.for("shardscope.tail");

function tail(): { hub: TailHub; consumers: EfoConsumers } {
  const g = globalThis as typeof globalThis & { [key]?: { hub: TailHub; consumers: EfoConsumers } };
  if (!g[key]) {
    const c = getConfig();
    g[key] = {
      hub: new TailHub(
        kinesisClient(),
        {
          callsPerSecond: c.tail.callsPerSecond,
          maxCallsPerSecond: c.tail.maxCallsPerSecond,
          idleStopMs: c.tail.idleStopMs,
          // A batch must fit a viewer's queue twice over: at Kinesis's own limit (10,000) a reader
          // catching up hands even an idle viewer more than its queue holds, and the rest is dropped.
          batchLimit: Math.max(1, Math.min(10_000, Math.floor(c.tail.queueRecords / 2))),
          endpoint: c.kinesisEndpoint,
        },
        kinesisStreamingClient(),
      ),
      consumers: new EfoConsumers(kinesisClient(), { defaultName: c.efo.consumerName, releaseAfterMs: c.efo.releaseAfterMs, endpoint: c.kinesisEndpoint }),
    };
  }
  return g[key];
}

export const tailHub = () => tail().hub;
export const efoConsumers = () => tail().consumers;

export interface OpenTailRequest {
  stream: string;
  streamArn: string;
  from: TailStartPosition;
  at?: string;
  shardIds: string[];
  resume?: TailCheckpoint;
  filter: CompiledTailFilter & { ok: true };
  decoder: DecoderName;
  /** Enhanced fan-out: through the named consumer, or one Shardscope registers when the name is empty. */
  efo?: { consumerName?: string };
  statsOnly?: boolean;
}

export async function openTail(req: OpenTailRequest): Promise<TailSession> {
  const c = getConfig();
  let lease: ConsumerLease | undefined;
  if (req.efo) lease = await efoConsumers().lease(req.streamArn, req.stream, req.efo.consumerName);
  const session = new TailSession({
    ...req,
    efo: lease ? { consumerArn: lease.consumerArn } : undefined,
    onClose: () => lease?.release(),
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
