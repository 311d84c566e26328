import { describe, expect, it } from "vitest";
import type { PutRecordResult } from "@/lib/put/types";
import { takeChunk, uploadRecords, type UploadItem, type UploadProgress } from "./batch-upload";
import type { PutRecordInput } from "./prepare-record";

const item = (i: number, size = 10): UploadItem => ({ input: { partitionKey: `k${i}`, data: `d${i}`, encoding: "text" }, size });
const items = (n: number, size = 10) => Array.from({ length: n }, (_, i) => item(i, size));
const ok = (r: PutRecordInput): PutRecordResult => ({ shardId: "shardId-000000000000", sequenceNumber: `seq-${r.partitionKey}` });
const throttled: PutRecordResult = { errorCode: "ProvisionedThroughputExceededException", errorMessage: "Rate exceeded" };

/** Sleeps that return at once but remember how long they were asked to wait. */
function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe("takeChunk", () => {
  const limits = { maxRecords: 3, maxBytes: 100, maxBodyBytes: 1_000 };

  it("takes at most maxRecords", () => {
    const q = [0, 1, 2, 3, 4];
    expect(
      takeChunk(
        q,
        () => 1,
        () => 1,
        limits,
      ),
    ).toEqual([0, 1, 2]);
    expect(q).toEqual([3, 4]);
  });

  it("stops before the bytes or the body would pass the limit, but always takes one", () => {
    expect(
      takeChunk(
        [0, 1, 2],
        () => 40,
        () => 1,
        limits,
      ),
    ).toEqual([0, 1]);
    expect(
      takeChunk(
        [0, 1, 2],
        () => 1,
        () => 600,
        limits,
      ),
    ).toEqual([0]);
    expect(
      takeChunk(
        [0, 1],
        () => 500,
        () => 1,
        limits,
      ),
    ).toEqual([0]);
  });
});

describe("uploadRecords", () => {
  it("sends 500 records per request at most and reports each record's shard and sequence number", async () => {
    const sizes: number[] = [];
    const report = await uploadRecords(items(1_234), {
      send: async (records) => {
        sizes.push(records.length);
        return records.map(ok);
      },
    });
    expect(sizes).toEqual([500, 500, 234]);
    expect(report.state).toBe("done");
    expect(report.progress).toMatchObject({ total: 1_234, succeeded: 1_234, failed: 0, left: 0, inFlight: 0, retries: 0 });
    expect(report.outcomes[1_233]).toEqual({ status: "ok", shardId: "shardId-000000000000", sequenceNumber: "seq-k1233", attempts: 1 });
  });

  it("keeps each request under 10 MiB of data", async () => {
    const sizes: number[] = [];
    await uploadRecords(items(12, 1024 * 1024), {
      send: async (records) => {
        sizes.push(records.length);
        return records.map(ok);
      },
    });
    expect(sizes).toEqual([10, 2]);
  });

  it("keeps each request body under the body limit", async () => {
    const bodies: number[] = [];
    const big = Array.from({ length: 4 }, (_, i) => ({
      input: { partitionKey: `k${i}`, data: "\u0001".repeat(500_000), encoding: "text" as const },
      size: 500_001,
    }));
    await uploadRecords(big, {
      limits: { maxRecords: 500, maxBytes: 5 * 1024 * 1024, maxBodyBytes: 5_000_000 },
      send: async (records) => {
        bodies.push(new TextEncoder().encode(JSON.stringify({ records })).byteLength);
        return records.map(ok);
      },
    });
    expect(bodies).toHaveLength(4); // each escaped record is ~3 MB of JSON, so one per request
    expect(Math.max(...bodies)).toBeLessThanOrEqual(5_000_000);
  });

  it("retries throttled entries with growing backoff until they land", async () => {
    const { delays, sleep } = fakeSleep();
    let call = 0;
    const report = await uploadRecords(items(4), {
      sleep,
      random: () => 1,
      baseDelayMs: 100,
      send: async (records) => {
        call++;
        // The first three calls throttle every other record.
        return records.map((r, i) => (call <= 3 && i % 2 === 1 ? throttled : ok(r)));
      },
    });
    expect(report.state).toBe("done");
    expect(report.progress).toMatchObject({ succeeded: 4, failed: 0, retries: 3 });
    // Call 1 throttles k1 and k3; call 2 (k1, k3) throttles k3; call 3 (k3) lands it.
    expect(delays).toEqual([100, 200]);
    expect(report.outcomes.map((o) => o.attempts)).toEqual([1, 2, 1, 3]);
  });

  it("gives up on an entry after maxAttempts and does not retry errors that will not pass", async () => {
    const { sleep } = fakeSleep();
    const report = await uploadRecords(items(3), {
      sleep,
      maxAttempts: 3,
      send: async (records) =>
        records.map((r) =>
          r.partitionKey === "k0" ? throttled : r.partitionKey === "k1" ? { errorCode: "KMSAccessDeniedException", errorMessage: "no key access" } : ok(r),
        ),
    });
    expect(report.outcomes[0]).toEqual({ status: "failed", errorCode: "ProvisionedThroughputExceededException", errorMessage: "Rate exceeded", attempts: 3 });
    expect(report.outcomes[1]).toEqual({ status: "failed", errorCode: "KMSAccessDeniedException", errorMessage: "no key access", attempts: 1 });
    expect(report.outcomes[2]).toMatchObject({ status: "ok" });
    expect(report.progress).toMatchObject({ succeeded: 1, failed: 2, left: 0 });
  });

  it("retries a whole request after a transient failure", async () => {
    const { delays, sleep } = fakeSleep();
    let call = 0;
    const report = await uploadRecords(items(3), {
      sleep,
      random: () => 0,
      isTransientError: (e) => (e as { code?: string }).code === "throttled",
      send: async (records) => {
        if (++call === 1) throw Object.assign(new Error("slow down"), { code: "throttled" });
        return records.map(ok);
      },
    });
    expect(report.progress.succeeded).toBe(3);
    expect(delays).toEqual([50]); // full jitter between half and all of the 100 ms step
  });

  it("stops at a request the server refuses and sends nothing more", async () => {
    let calls = 0;
    const report = await uploadRecords(items(1_200), {
      concurrency: 1,
      send: async (records) => {
        if (++calls === 2) throw Object.assign(new Error("This Shardscope server is read-only."), { code: "read_only" });
        return records.map(ok);
      },
    });
    expect(calls).toBe(2);
    expect(report.state).toBe("stopped");
    expect(report.error).toEqual({ code: "read_only", message: "This Shardscope server is read-only." });
    expect(report.progress).toMatchObject({ succeeded: 500, failed: 500, left: 200 });
    expect(report.outcomes[1_100]).toMatchObject({ status: "not_sent", reason: expect.stringContaining("read-only") });
  });

  it("treats a wrong number of results as a refusal", async () => {
    const report = await uploadRecords(items(2), { send: async () => [ok(item(0).input)] });
    expect(report.state).toBe("stopped");
    expect(report.error?.message).toMatch(/1 results for 2 records/);
  });

  it("on cancel starts no new request, lets the ones in flight finish, and counts the rest as not sent", async () => {
    const controller = new AbortController();
    const progress: UploadProgress[] = [];
    let calls = 0;
    const report = await uploadRecords(items(2_000), {
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => progress.push(p),
      send: async (records) => {
        calls++;
        if (calls === 2) controller.abort();
        await new Promise((r) => setTimeout(r, 5));
        return records.map(ok);
      },
    });
    expect(calls).toBe(2);
    expect(report.state).toBe("cancelled");
    expect(report.progress).toMatchObject({ succeeded: 1_000, failed: 0, left: 1_000, inFlight: 0 });
    expect(report.outcomes.filter((o) => o.status === "not_sent")).toHaveLength(1_000);
    expect(progress.some((p) => p.inFlight === 1_000)).toBe(true);
  });

  it("wakes from a backoff at once when cancelled", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const report = await uploadRecords(items(1), {
      signal: controller.signal,
      baseDelayMs: 60_000,
      random: () => 1,
      send: async () => {
        setTimeout(() => controller.abort(), 20);
        return [throttled];
      },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report.state).toBe("cancelled");
    expect(report.outcomes[0]).toMatchObject({
      status: "not_sent",
      reason: expect.stringContaining("last try failed with ProvisionedThroughputExceededException"),
    });
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    await uploadRecords(items(3_000), {
      concurrency: 3,
      send: async (records) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return records.map(ok);
      },
    });
    expect(peak).toBe(3);
  });

  it("finishes with nothing to send", async () => {
    const report = await uploadRecords([], { send: async () => [] });
    expect(report).toMatchObject({ state: "done", outcomes: [], progress: { total: 0, left: 0 } });
  });
});
