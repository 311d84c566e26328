import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  CLICKSTREAM_GZIP_SHARE,
  HOT_CUSTOMER_KEY,
  HOT_CUSTOMER_SHARE,
  STREAM_WEIGHTS,
  clickstreamRecord,
  nextCustomerId,
  nextTelemetry,
  orderRecord,
  packedReading,
  nextPayment,
  paymentRecord,
  pickStream,
  type DemoStreamName,
} from "./demo-data";
import { createRng } from "../../lib/util/create-rng";

const NOW = new Date("2026-01-02T03:04:05.000Z");
const decoder = new TextDecoder();

describe("orders", () => {
  it("gives the hot customer ~40 % of the partition keys", () => {
    const rng = createRng(42);
    const samples = 20_000;
    let hot = 0;
    for (let i = 0; i < samples; i++) if (nextCustomerId(rng) === HOT_CUSTOMER_KEY) hot++;
    expect(hot / samples).toBeGreaterThan(HOT_CUSTOMER_SHARE - 0.02);
    expect(hot / samples).toBeLessThan(HOT_CUSTOMER_SHARE + 0.02);
  });

  it("spreads the other keys over many customers, none of them as hot", () => {
    const rng = createRng(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const id = nextCustomerId(rng);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    counts.delete(HOT_CUSTOMER_KEY);
    expect(counts.size).toBeGreaterThan(450);
    expect(Math.max(...counts.values())).toBeLessThan(100);
  });

  it("puts a JSON order under its customer id, with a total that adds up", () => {
    const record = orderRecord(createRng(3), NOW);
    const order = JSON.parse(decoder.decode(record.data));
    expect(record.partitionKey).toBe(order.customerId);
    expect(order).toMatchObject({ createdAt: NOW.toISOString(), orderId: expect.stringMatching(/^ord-/) });
    const sum = order.items.reduce((s: number, i: { quantity: number; unitPrice: number }) => s + i.quantity * i.unitPrice, 0);
    expect(order.total).toBeCloseTo(sum, 2);
  });
});

describe("clickstream", () => {
  it("gzips about a third of the events, and every one decodes to the event", () => {
    const rng = createRng(5);
    let gzipped = 0;
    const samples = 3_000;
    for (let i = 0; i < samples; i++) {
      const record = clickstreamRecord(rng, NOW);
      const json = record.gzipped ? gunzipSync(record.data) : record.data;
      if (record.gzipped) {
        gzipped++;
        expect([record.data[0], record.data[1]]).toEqual([0x1f, 0x8b]);
      }
      const event = JSON.parse(decoder.decode(json));
      expect(event.userId).toBe(record.partitionKey);
    }
    expect(gzipped / samples).toBeGreaterThan(CLICKSTREAM_GZIP_SHARE - 0.04);
    expect(gzipped / samples).toBeLessThan(CLICKSTREAM_GZIP_SHARE + 0.04);
  });
});

describe("telemetry", () => {
  it("mixes all four kinds", () => {
    const rng = createRng(9);
    const kinds = new Set(Array.from({ length: 200 }, () => nextTelemetry(rng, NOW).kind));
    expect([...kinds].sort()).toEqual(["binary", "cwlogs", "kpl", "text"]);
  });

  it("keys a KPL aggregate by its first user record and text lines by device", () => {
    const rng = createRng(11);
    for (let i = 0; i < 200; i++) {
      const item = nextTelemetry(rng, NOW);
      if (item.kind === "kpl") {
        expect(item.userRecords.length).toBeGreaterThanOrEqual(2);
        expect(item.partitionKey).toBe(item.userRecords[0]!.partitionKey);
      }
      if (item.kind === "text") {
        expect(decoder.decode(item.record.data)).toMatch(/^device-\d+ \w+=/);
        expect(item.record.partitionKey).toMatch(/^device-\d+$/);
      }
      if (item.kind === "cwlogs") {
        expect(item.envelope.events.length).toBeGreaterThan(0);
        expect(item.envelope.events.every((e) => /^\d{56}$/.test(e.id))).toBe(true);
      }
    }
  });

  it("packs a reading into 20 little-endian bytes", () => {
    const bytes = packedReading(createRng(2), NOW);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(bytes.byteLength).toBe(20);
    expect(view.getFloat64(4, true)).toBe(NOW.getTime());
    expect(view.getFloat32(12, true)).toBeGreaterThanOrEqual(18);
  });
});

describe("payments and the stream mix", () => {
  it("gives card payments a card number that passes the Luhn check, and every payment an email (the demo masks both)", () => {
    const rng = createRng(9);
    const luhn = (n: string) =>
      [...n]
        .reverse()
        .map(Number)
        .reduce((sum, d, i) => sum + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0) %
        10 ===
      0;
    const payments = Array.from({ length: 200 }, () => nextPayment(rng, NOW));
    const cards = payments.filter((p) => p.method === "card");
    expect(cards.length).toBeGreaterThan(50);
    for (const p of cards) {
      expect(p.card?.number).toMatch(/^4\d{15}$/);
      expect(luhn(p.card!.number)).toBe(true);
    }
    expect(payments.filter((p) => p.method !== "card").every((p) => p.card === undefined)).toBe(true);
    expect(payments.every((p) => /^customer-\d{4}@example\.com$/.test(p.customerEmail))).toBe(true);
  });

  it("keys payments by payment id", () => {
    const record = paymentRecord(createRng(4), NOW);
    expect(record.partitionKey).toBe(JSON.parse(decoder.decode(record.data)).paymentId);
  });

  it("shares the rate among the streams by their weights", () => {
    const rng = createRng(13);
    const counts: Record<DemoStreamName, number> = { orders: 0, clickstream: 0, telemetry: 0, payments: 0 };
    const samples = 20_000;
    for (let i = 0; i < samples; i++) counts[pickStream(rng)]++;
    for (const [name, weight] of Object.entries(STREAM_WEIGHTS)) {
      expect(counts[name as DemoStreamName] / samples).toBeCloseTo(weight, 1);
    }
  });
});
