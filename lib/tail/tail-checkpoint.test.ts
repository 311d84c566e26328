import { describe, expect, it } from "vitest";
import { decodeCheckpoint, encodeCheckpoint } from "./tail-checkpoint";

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
