import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { GLUE_FAILURE_TTL_MS, GlueSchemaCache, type GlueVersion } from "./glue-resolver";

vi.mock("server-only", () => ({}));

const AVSC = fs.readFileSync(path.join(__dirname, "../../records/fixtures/gsr/sensor-reading.avsc"), "utf8");
const ID = "b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a01";
const version = (versionId: string): GlueVersion => ({
  format: "avro",
  definition: AVSC,
  registry: "telemetry",
  name: "sensor-reading",
  version: 3,
  versionId,
});

describe("GlueSchemaCache", () => {
  it("fetches a version once, however many records ask at once, and keeps it", async () => {
    const fetch = vi.fn(async (id: string) => version(id));
    const cache = new GlueSchemaCache(fetch);
    expect(cache.known(ID)).toBeUndefined();
    const results = await Promise.all([cache.resolve(ID), cache.resolve(ID), cache.resolve(ID)]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.ok)).toBe(true);
    const known = cache.known(ID);
    expect(known?.ok && known.schema.info).toStrictEqual({ source: "glue", registry: "telemetry", name: "sensor-reading", version: 3, versionId: ID });
    await cache.resolve(ID);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("remembers a failure in words for a while, then asks again", async () => {
    let now = 1_000;
    const fetch = vi.fn(async (): Promise<GlueVersion> => {
      throw new Error("Glue denied access (glue:GetSchemaVersion is needed): Access denied by Glue");
    });
    const cache = new GlueSchemaCache(fetch, () => now);
    expect(await cache.resolve(ID)).toStrictEqual({ ok: false, reason: "Glue denied access (glue:GetSchemaVersion is needed): Access denied by Glue" });
    await cache.resolve(ID);
    expect(fetch).toHaveBeenCalledTimes(1);
    now += GLUE_FAILURE_TTL_MS + 1;
    expect(cache.known(ID)).toBeUndefined();
    await cache.resolve(ID);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("asks nothing for an id that is not a UUID, and says when a schema does not compile", async () => {
    const fetch = vi.fn(async (id: string) => ({ ...version(id), definition: "{ not json" }));
    const cache = new GlueSchemaCache(fetch);
    expect(await cache.resolve("not-a-uuid")).toStrictEqual({ ok: false, reason: "the schema version id is not a UUID" });
    expect(fetch).not.toHaveBeenCalled();
    const r = await cache.resolve(ID);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^the registry's schema telemetry\/sensor-reading does not compile: /);
  });

  it("runs at most four fetches at once", async () => {
    let running = 0;
    let most = 0;
    const fetch = vi.fn(async (id: string) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return version(id);
    });
    const cache = new GlueSchemaCache(fetch);
    const ids = Array.from({ length: 10 }, (_, i) => `b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a${String(i).padStart(2, "0")}`);
    await Promise.all(ids.map((id) => cache.resolve(id)));
    expect(fetch).toHaveBeenCalledTimes(10);
    expect(most).toBeLessThanOrEqual(4);
  });
});
