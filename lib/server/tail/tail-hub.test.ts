// TailHub.lendBudget: calls made outside any reader (a consumer's lag) share the shard's budget.
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { afterEach, describe, expect, it } from "vitest";
import { TailHub } from "./tail-hub";

const hubs: TailHub[] = [];
function newHub(): TailHub {
  // No call reaches this client: lending a budget makes none.
  const hub = new TailHub(new KinesisClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" }), {
    callsPerSecond: 1,
    maxCallsPerSecond: 5,
    idleStopMs: 1_000,
  });
  hubs.push(hub);
  return hub;
}

afterEach(() => {
  for (const h of hubs.splice(0)) h.stopAll();
});

describe("TailHub.lendBudget", () => {
  it("lends one budget per shard, counted in the hub's calls, and keeps it while any loan is open", async () => {
    const hub = newHub();
    const a = hub.lendBudget("s", "shardId-000000000000");
    const b = hub.lendBudget("s", "shardId-000000000000");
    expect(a.budget).toBe(b.budget);
    const release = await a.budget.acquire();
    release();
    a.giveBack();
    expect(hub.snapshot().calls).toEqual({ "s/shardId-000000000000": 1 });
    b.giveBack();
    // The slot is held a second after its answer: the budget stays until then.
    expect(hub.snapshot().calls).toEqual({ "s/shardId-000000000000": 1 });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(hub.snapshot().calls).toEqual({});
  });

  it("a loan given back twice counts once", () => {
    const hub = newHub();
    const a = hub.lendBudget("s", "x");
    const b = hub.lendBudget("s", "x");
    a.giveBack();
    a.giveBack();
    expect(hub.snapshot().calls).toEqual({ "s/x": 0 });
    b.giveBack();
    expect(hub.snapshot().calls).toEqual({});
  });
});
