import "server-only";
// How many tail sessions (live tail and live metrics) this server serves at once, in all and per
// client. Memory is bounded per viewer by its queue; these caps bound the number of viewers, so a
// careless script or a hostile page cannot open sessions until the server runs out of memory or
// its readers spend every shard's budget. A slot is taken before anything is opened and given
// back exactly once, however the session ends.
import { AppError } from "@/lib/server/errors";

export interface SessionSlot {
  release(): void;
}

export class SessionSlots {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: { maxSessions: number; maxSessionsPerClient: number }) {}

  /** Takes a slot for `client`, or throws 503 (server full) / 429 (this client holds too many). */
  acquire(client: string): SessionSlot {
    if (this.total >= this.limits.maxSessions) {
      throw new AppError(
        "unavailable",
        `This server already serves ${this.limits.maxSessions} live tails and searches (SHARDSCOPE_TAIL_MAX_SESSIONS); close one or try again later.`,
      );
    }
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.limits.maxSessionsPerClient) {
      throw new AppError(
        "throttled",
        `You already have ${mine} live tails and searches open on this server (SHARDSCOPE_TAIL_MAX_SESSIONS_PER_CLIENT is ${this.limits.maxSessionsPerClient}); close some tabs and try again.`,
      );
    }
    this.total++;
    this.perClient.set(client, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perClient.get(client) ?? 1) - 1;
        if (left > 0) this.perClient.set(client, left);
        else this.perClient.delete(client);
      },
    };
  }

  /** Sessions open (or opening) now, in all and for the busiest clients. */
  snapshot(): { sessions: number; clients: number } {
    return { sessions: this.total, clients: this.perClient.size };
  }
}
