import "server-only";
// Enhanced fan-out consumers for the tail: one the user names (looked up, never changed), or one
// Shardscope registers under a stable name, shares between viewers, and deregisters after it has
// been idle a while (a registered consumer costs money per shard-hour).
import { countWrite } from "@/lib/server/ops/metrics";
import { log } from "@/lib/server/ops/log";
import { DeregisterStreamConsumerCommand, DescribeStreamConsumerCommand, RegisterStreamConsumerCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { AppError, mapAwsError } from "@/lib/server/errors";
import { sleep } from "@/lib/util/sleep";

export interface ConsumerLease {
  consumerArn: string;
  name: string;
  /** Registered by Shardscope (and so deregistered by it). */
  owned: boolean;
  release(): void;
}

interface Owned {
  arn: string;
  name: string;
  leases: number;
  timer?: ReturnType<typeof setTimeout>;
}

export class EfoConsumers {
  private readonly owned = new Map<string, Owned>();
  private readonly pending = new Map<string, Promise<Owned>>();

  constructor(
    private readonly client: KinesisClient,
    private readonly settings: {
      defaultName: string;
      releaseAfterMs: number;
      activeTimeoutMs?: number;
      endpoint?: string;
      /** Told of every deregistration Shardscope makes on its own (idle consumer released), for the audit log. */
      onDeregister?: (event: { consumer: string; stream: string; outcome: "ok" | "failed"; message?: string }) => void;
    },
  ) {}

  private async waitActive(streamArn: string, name: string): Promise<string> {
    const deadline = Date.now() + (this.settings.activeTimeoutMs ?? 30_000);
    for (;;) {
      const out = await this.client.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }));
      const d = out.ConsumerDescription;
      if (d?.ConsumerStatus === "ACTIVE" && d.ConsumerARN) return d.ConsumerARN;
      if (d?.ConsumerStatus === "DELETING") throw new AppError("invalid_input", `The consumer ${name} is being deleted; try again in a minute.`);
      if (Date.now() > deadline) throw new AppError("throttled", `The consumer ${name} is still ${d?.ConsumerStatus ?? "not ready"}; try again shortly.`);
      await sleep(1000);
    }
  }

  async lease(streamArn: string, streamName: string, name?: string): Promise<ConsumerLease> {
    try {
      if (name) {
        const arn = await this.waitActive(streamArn, name).catch((e: unknown) => {
          if ((e as { name?: string }).name === "ResourceNotFoundException") {
            throw new AppError(
              "not_found",
              `No consumer named ${name} is registered on stream ${streamName}. Register it, or leave the name empty and Shardscope registers its own.`,
            );
          }
          throw e;
        });
        return { consumerArn: arn, name, owned: false, release: () => undefined };
      }
      const owned = await this.ownedConsumer(streamArn);
      owned.leases++;
      if (owned.timer) {
        clearTimeout(owned.timer);
        owned.timer = undefined;
      }
      let released = false;
      return {
        consumerArn: owned.arn,
        name: owned.name,
        owned: true,
        release: () => {
          if (released) return;
          released = true;
          owned.leases--;
          if (owned.leases === 0) {
            owned.timer = setTimeout(() => void this.deregister(streamArn, owned), this.settings.releaseAfterMs);
            owned.timer.unref?.();
          }
        },
      };
    } catch (e) {
      throw mapAwsError(e, { service: "Kinesis", endpoint: this.settings.endpoint });
    }
  }

  private ownedConsumer(streamArn: string): Promise<Owned> {
    const known = this.owned.get(streamArn);
    if (known) return Promise.resolve(known);
    let p = this.pending.get(streamArn);
    if (!p) {
      p = (async () => {
        const name = this.settings.defaultName;
        try {
          await this.client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }));
          countWrite("register_consumer", "ok");
        } catch (e) {
          // Registered by an earlier run of this server: the stable name makes it ours to reuse.
          if ((e as { name?: string }).name !== "ResourceInUseException") {
            countWrite("register_consumer", "failed");
            throw e;
          }
        }
        const arn = await this.waitActive(streamArn, name);
        const o: Owned = { arn, name, leases: 0 };
        this.owned.set(streamArn, o);
        return o;
      })().finally(() => this.pending.delete(streamArn));
      this.pending.set(streamArn, p);
    }
    return p;
  }

  private async deregister(streamArn: string, o: Owned): Promise<void> {
    if (o.leases > 0 || this.owned.get(streamArn) !== o) return;
    this.owned.delete(streamArn);
    const stream = streamArn.slice(streamArn.indexOf(":stream/") + ":stream/".length);
    try {
      await this.client.send(new DeregisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: o.name }));
      countWrite("deregister_consumer", "ok");
      this.settings.onDeregister?.({ consumer: o.name, stream, outcome: "ok" });
    } catch (e) {
      const message = mapAwsError(e, { service: "Kinesis" }).message;
      countWrite("deregister_consumer", "failed");
      log().warn({ consumer: o.name, reason: message }, "could not deregister an enhanced fan-out consumer");
      this.settings.onDeregister?.({ consumer: o.name, stream, outcome: "failed", message });
    }
  }

  /** For tests: consumers Shardscope holds right now. */
  heldConsumers(): { streamArn: string; name: string; leases: number }[] {
    return [...this.owned.entries()].map(([streamArn, o]) => ({ streamArn, name: o.name, leases: o.leases }));
  }
}
