import { describe, expect, it } from "vitest";
import { decodeCheckpoint, encodeCheckpoint, resumeCheckpoint, type TailCheckpoint } from "./tail-checkpoint";

describe("tail checkpoints", () => {
  it("round-trips through an SSE-safe id", () => {
    const c = {
      startedAt: 1_764_000_000_000,
      shards: { "shardId-000000000001": "49680584297988746048142291537179149604393308200632320018" },
      done: ["shardId-000000000000"],
    };
    const id = encodeCheckpoint(c);
    // SSE ids may not contain newlines; base64url has none, nor '+', '/' or '='.
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCheckpoint(id)).toEqual(c);
  });

  it("rejects ids it did not issue", () => {
    expect(decodeCheckpoint(undefined)).toBeUndefined();
    expect(decodeCheckpoint("not base64 json")).toBeUndefined();
    expect(decodeCheckpoint(encodeCheckpoint({ startedAt: 1, shards: {}, done: [] }).slice(0, -3))).toBeUndefined();
    const bad = Buffer.from(JSON.stringify({ t: 1, c: { s: "12ab" }, d: [] })).toString("base64url");
    expect(decodeCheckpoint(bad)).toBeUndefined();
  });
});

describe("resumeCheckpoint", () => {
  const now = 1_764_000_000_000;
  const id = (c: Partial<TailCheckpoint>) => encodeCheckpoint({ startedAt: now - 1000, shards: {}, done: [], ...c });

  it("starts afresh without an id and resumes an id issued for the stream", () => {
    expect(resumeCheckpoint(undefined, "orders", now)).toEqual({ ok: true });
    expect(resumeCheckpoint("", "orders", now)).toEqual({ ok: true });
    const r = resumeCheckpoint(id({ stream: "orders", shards: { "shardId-000000000001": "42" } }), "orders", now);
    expect(r).toEqual({ ok: true, checkpoint: { stream: "orders", startedAt: now - 1000, shards: { "shardId-000000000001": "42" }, done: [] } });
  });

  it("refuses an id for another stream, garbage, and times a Date cannot hold or that lie in the future", () => {
    expect(resumeCheckpoint(id({ stream: "payments" }), "orders", now)).toMatchObject({ ok: false, message: expect.stringMatching(/another stream/) });
    expect(resumeCheckpoint("%%%", "orders", now)).toMatchObject({ ok: false, message: expect.stringMatching(/not an id this tail issued/) });
    const huge = Buffer.from(JSON.stringify({ s: "orders", t: 9e15, c: {}, d: [] })).toString("base64url");
    expect(resumeCheckpoint(huge, "orders", now)).toMatchObject({ ok: false });
    expect(resumeCheckpoint(id({ stream: "orders", startedAt: now + 3_600_000 }), "orders", now)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/in the future/),
    });
    const badShard = Buffer.from(JSON.stringify({ s: "orders", t: now, c: { "shard 1\n": "1" }, d: [] })).toString("base64url");
    expect(resumeCheckpoint(badShard, "orders", now)).toMatchObject({ ok: false });
  });
});
