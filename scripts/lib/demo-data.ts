// Pure generators for the demo traffic: what each demo stream carries and with which partition
// keys. Seeded, so tests can check the mix (e.g. the hot key's share) without any network.
import { gzipSync } from "fflate";
import type { Rng } from "../../lib/util/create-rng";

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const intBetween = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const pad = (n: number, width: number): string => String(n).padStart(width, "0");
const hex = (rng: Rng, chars: number): string => Array.from({ length: chars }, () => Math.floor(rng() * 16).toString(16)).join("");
const encoder = new TextEncoder();
const jsonBytes = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

/** A ready-to-put record. */
export interface DemoRecord {
  partitionKey: string;
  explicitHashKey?: string;
  data: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// orders: JSON orders, one customer is hot so its shard stands out in the hot-key views.

export const HOT_CUSTOMER_KEY = "customer-0042";
export const HOT_CUSTOMER_SHARE = 0.4;

export interface Order {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  total: number;
  currency: string;
  createdAt: string;
}

const SKUS = ["SKU-1001", "SKU-1002", "SKU-2040", "SKU-3300", "SKU-4711", "SKU-5150", "SKU-6502", "SKU-8086"] as const;
const CURRENCIES = ["EUR", "USD", "GBP"] as const;

/** The customer of the next order: HOT_CUSTOMER_KEY for ~40 %, else one of 500 others. */
export function nextCustomerId(rng: Rng): string {
  if (rng() < HOT_CUSTOMER_SHARE) return HOT_CUSTOMER_KEY;
  // Skip the hot customer's number so its share is exactly the configured one.
  let n = intBetween(rng, 1, 499);
  if (n >= 42) n += 1;
  return `customer-${pad(n, 4)}`;
}

export function nextOrder(rng: Rng, now: Date): Order {
  const items = Array.from({ length: intBetween(rng, 1, 4) }, () => ({
    sku: pick(rng, SKUS),
    quantity: intBetween(rng, 1, 3),
    unitPrice: intBetween(rng, 199, 9_999) / 100,
  }));
  const total = Math.round(items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0) * 100) / 100;
  return {
    orderId: `ord-${hex(rng, 12)}`,
    customerId: nextCustomerId(rng),
    items,
    total,
    currency: pick(rng, CURRENCIES),
    createdAt: now.toISOString(),
  };
}

export function orderRecord(rng: Rng, now: Date): DemoRecord {
  const order = nextOrder(rng, now);
  return { partitionKey: order.customerId, data: jsonBytes(order) };
}

// ---------------------------------------------------------------------------------------------
// clickstream: JSON events, a third of them gzip-compressed as some producers do.

export const CLICKSTREAM_GZIP_SHARE = 1 / 3;

export interface ClickEvent {
  userId: string;
  sessionId: string;
  page: string;
  action: string;
  ts: string;
}

const PAGES = ["/", "/search", "/product/4711", "/product/1001", "/cart", "/checkout", "/account", "/help"] as const;
const ACTIONS = ["view", "view", "view", "click", "click", "scroll", "add_to_cart", "purchase"] as const;

export function nextClickEvent(rng: Rng, now: Date): ClickEvent {
  const user = intBetween(rng, 1, 2_000);
  return {
    userId: `user-${pad(user, 5)}`,
    // A handful of sessions per user, so the same session id recurs like in real traffic.
    sessionId: `sess-${pad(user, 5)}-${intBetween(rng, 1, 3)}`,
    page: pick(rng, PAGES),
    action: pick(rng, ACTIONS),
    ts: now.toISOString(),
  };
}

export function clickstreamRecord(rng: Rng, now: Date): DemoRecord & { gzipped: boolean } {
  const event = nextClickEvent(rng, now);
  const gzipped = rng() < CLICKSTREAM_GZIP_SHARE;
  const raw = jsonBytes(event);
  // mtime 0 keeps the bytes deterministic for a given seed.
  return { partitionKey: event.userId, data: gzipped ? gzipSync(raw, { mtime: 0 }) : raw, gzipped };
}

// ---------------------------------------------------------------------------------------------
// telemetry: a mixed bag that exercises every decoder — KPL aggregates, text, binary and
// CloudWatch Logs subscription envelopes. KPL and envelopes are described here and turned into
// bytes by the producer with the shared test builders.

export type TelemetryKind = "kpl" | "text" | "binary" | "cwlogs";

/** Even shares; binary is split between random bytes and a packed struct. */
export const TELEMETRY_KINDS: readonly TelemetryKind[] = ["kpl", "text", "binary", "cwlogs"];

export type TelemetryItem =
  | { kind: "kpl"; partitionKey: string; userRecords: DemoRecord[] }
  | { kind: "text"; record: DemoRecord }
  | { kind: "binary"; record: DemoRecord; layout: "random" | "struct" }
  | {
      kind: "cwlogs";
      partitionKey: string;
      envelope: {
        logGroup: string;
        logStream: string;
        owner: string;
        events: { id: string; timestamp: number; message: string }[];
      };
    };

const deviceId = (rng: Rng): string => `device-${intBetween(rng, 1, 24)}`;

export function telemetryTextLine(rng: Rng): string {
  const device = deviceId(rng);
  switch (intBetween(rng, 0, 2)) {
    case 0:
      return `${device} temp=${(18 + rng() * 8).toFixed(1)}C`;
    case 1:
      return `${device} humidity=${intBetween(rng, 30, 70)}% battery=${intBetween(rng, 5, 100)}%`;
    default:
      return `${device} status=${pick(rng, ["ok", "ok", "ok", "degraded", "rebooting"])} uptime=${intBetween(rng, 60, 864_000)}s`;
  }
}

/**
 * A 20-byte little-endian reading: u16 device, u16 flags, f64 epoch millis, f32 temperature,
 * f32 humidity. Looks like what firmware sends, and is not valid UTF-8 text.
 */
export function packedReading(rng: Rng, now: Date): Uint8Array {
  const buffer = new ArrayBuffer(20);
  const view = new DataView(buffer);
  view.setUint16(0, intBetween(rng, 1, 24), true);
  view.setUint16(2, 0x8000 | intBetween(rng, 0, 0x0fff), true);
  view.setFloat64(4, now.getTime(), true);
  view.setFloat32(12, 18 + rng() * 8, true);
  view.setFloat32(16, 30 + rng() * 40, true);
  return new Uint8Array(buffer);
}

export function randomBytes(rng: Rng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(rng() * 256);
  // A leading 0xff can never start UTF-8 or JSON, so the payload always reads as binary.
  bytes[0] = 0xff;
  return bytes;
}

export function nextTelemetry(rng: Rng, now: Date): TelemetryItem {
  const kind = pick(rng, TELEMETRY_KINDS);
  switch (kind) {
    case "kpl": {
      const count = intBetween(rng, 2, 6);
      const userRecords = Array.from({ length: count }, () => {
        const device = deviceId(rng);
        const reading = { device, temp: Math.round((18 + rng() * 8) * 10) / 10, ts: now.toISOString() };
        return { partitionKey: device, data: jsonBytes(reading) };
      });
      // The KPL puts the aggregate under the first user record's key.
      return { kind, partitionKey: userRecords[0]!.partitionKey, userRecords };
    }
    case "text": {
      const line = telemetryTextLine(rng);
      return { kind, record: { partitionKey: line.slice(0, line.indexOf(" ")), data: encoder.encode(line) } };
    }
    case "binary": {
      const layout = rng() < 0.5 ? "random" : "struct";
      const data = layout === "struct" ? packedReading(rng, now) : randomBytes(rng, intBetween(rng, 16, 96));
      return { kind, layout, record: { partitionKey: deviceId(rng), data } };
    }
    case "cwlogs": {
      const fn = pick(rng, ["ingest", "enrich", "alerting"]);
      const logStream = `${now.toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]${hex(rng, 32)}`;
      const events = Array.from({ length: intBetween(rng, 1, 4) }, (_, i) => ({
        // CloudWatch Logs event ids are 56-digit decimal strings.
        id: Array.from({ length: 56 }, () => intBetween(rng, 0, 9)).join(""),
        timestamp: now.getTime() - (3 - i) * 5,
        message:
          rng() < 0.5
            ? JSON.stringify({ level: pick(rng, ["INFO", "INFO", "WARN", "ERROR"]), msg: `${fn} processed batch`, size: intBetween(rng, 1, 500) })
            : `${pick(rng, ["INFO", "WARN", "ERROR"])} ${telemetryTextLine(rng)}`,
      }));
      return {
        kind,
        partitionKey: logStream,
        envelope: { logGroup: `/aws/lambda/telemetry-${fn}`, logStream, owner: "000000000000", events },
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// payments: JSON payments keyed by payment id, spread evenly.

export interface Payment {
  paymentId: string;
  orderId: string;
  amount: number;
  currency: string;
  method: string;
  status: string;
  createdAt: string;
  /** The payer, and their (made-up) card when paying by card: what the demo's masking rules hide. */
  customerEmail: string;
  card?: { brand: string; number: string; expiry: string };
}

/** A made-up Visa number that passes the Luhn check, like a real one would (4 then 14 digits, then the check digit). */
export function demoCardNumber(rng: Rng): string {
  const digits = [4, ...Array.from({ length: 14 }, () => intBetween(rng, 0, 9))];
  let sum = 0;
  // The check digit is appended: from the right, every second digit of the rest is doubled.
  digits
    .slice()
    .reverse()
    .forEach((d, i) => {
      const v = i % 2 === 0 ? d * 2 : d;
      sum += v > 9 ? v - 9 : v;
    });
  return [...digits, (10 - (sum % 10)) % 10].join("");
}

export function nextPayment(rng: Rng, now: Date): Payment {
  const method = pick(rng, ["card", "card", "card", "paypal", "sepa", "apple_pay"]);
  const payment: Payment = {
    paymentId: `pay-${hex(rng, 16)}`,
    orderId: `ord-${hex(rng, 12)}`,
    amount: intBetween(rng, 199, 49_999) / 100,
    currency: pick(rng, CURRENCIES),
    method,
    status: pick(rng, ["authorized", "authorized", "captured", "captured", "captured", "declined", "refunded"]),
    createdAt: now.toISOString(),
    customerEmail: `customer-${String(intBetween(rng, 1, 9999)).padStart(4, "0")}@example.com`,
  };
  if (method === "card") {
    payment.card = { brand: "visa", number: demoCardNumber(rng), expiry: `${String(intBetween(rng, 1, 12)).padStart(2, "0")}/${27 + intBetween(rng, 0, 4)}` };
  }
  return payment;
}

export function paymentRecord(rng: Rng, now: Date): DemoRecord {
  const payment = nextPayment(rng, now);
  return { partitionKey: payment.paymentId, data: jsonBytes(payment) };
}

// ---------------------------------------------------------------------------------------------
// How the total rate is shared among the streams.

export const DEMO_STREAM_NAMES = ["orders", "clickstream", "telemetry", "payments"] as const;
export type DemoStreamName = (typeof DEMO_STREAM_NAMES)[number];

/** Fractions of the producer's total rate; clickstream is the busiest, payments the quietest. */
export const STREAM_WEIGHTS: Readonly<Record<DemoStreamName, number>> = {
  orders: 0.3,
  clickstream: 0.4,
  telemetry: 0.2,
  payments: 0.1,
};

/** A stream the producer writes to, the demo stream whose kind of records it carries, and its share of the rate. */
export interface DemoStreamMix<S extends string = string> {
  stream: S;
  carries: DemoStreamName;
  weight: number;
}

/** The embedded Kinesis' mix: each demo stream carries its own records, at STREAM_WEIGHTS. */
export const DEMO_MIX: readonly DemoStreamMix<DemoStreamName>[] = DEMO_STREAM_NAMES.map((name) => ({
  stream: name,
  carries: name,
  weight: STREAM_WEIGHTS[name],
}));

/** One entry of `mix`, drawn by weight (the weights need not add up to 1). */
export function pickFromMix<S extends string>(rng: Rng, mix: readonly DemoStreamMix<S>[]): DemoStreamMix<S> {
  const total = mix.reduce((sum, m) => sum + m.weight, 0);
  let r = rng() * total;
  for (const m of mix) {
    r -= m.weight;
    if (r < 0) return m;
  }
  return mix[mix.length - 1]!;
}

export function pickStream(rng: Rng): DemoStreamName {
  let r = rng();
  for (const name of DEMO_STREAM_NAMES) {
    r -= STREAM_WEIGHTS[name];
    if (r < 0) return name;
  }
  return "orders";
}
