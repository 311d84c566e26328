// The keyed hash behind masking's `hash` action: HMAC-SHA256 under SHARDSCOPE_MASK_HASH_KEY,
// truncated to 16 hex digits; without the setting, a random key per process (hashes then differ
// from any other process's).
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetAppState } from "@/scripts/testing/app-state";

/** The module as a fresh process loads it (settings are read once per process). */
async function fresh(): Promise<typeof import("./masking-for")> {
  vi.resetModules();
  forgetAppState();
  return import("./masking-for");
}

const saved = process.env.SHARDSCOPE_MASK_HASH_KEY;
afterEach(() => {
  if (saved === undefined) delete process.env.SHARDSCOPE_MASK_HASH_KEY;
  else process.env.SHARDSCOPE_MASK_HASH_KEY = saved;
  forgetAppState();
});

describe("maskHash", () => {
  it("is HMAC-SHA256 under the configured key, 16 hex digits, the same for the same value", async () => {
    const key = "a-team-wide-key-of-at-least-32-chars";
    process.env.SHARDSCOPE_MASK_HASH_KEY = key;
    const { maskHash } = await fresh();
    expect(maskHash("ada@example.com")).toBe(`hash:${createHmac("sha256", key).update("ada@example.com").digest("hex").slice(0, 16)}`);
    expect(maskHash("ada@example.com")).toBe(maskHash("ada@example.com"));
    expect(maskHash("bob@example.com")).not.toBe(maskHash("ada@example.com"));
  });

  it("uses a random key when none is configured", async () => {
    delete process.env.SHARDSCOPE_MASK_HASH_KEY;
    const first = (await fresh()).maskHash("ada@example.com");
    expect(first).toMatch(/^hash:[0-9a-f]{16}$/);
    expect(first).not.toBe(`hash:${createHmac("sha256", "").update("ada@example.com").digest("hex").slice(0, 16)}`);
    expect((await fresh()).maskHash("ada@example.com")).not.toBe(first);
  });
});
