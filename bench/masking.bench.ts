// What masking costs per record, in process: the demo's payments (JSON) and KPL aggregates of ten
// of them, decoded as a reader does (the baseline), then decoded and masked with the demo's rules
// (a JSON path and a hashed field) and with a regular expression over every string. Prints
// records per second for each and the ratio to decoding alone; exits 1 if a secret survives.
import { createHmac } from "node:crypto";
import { decodePayload } from "@/lib/records/decode-payload";
import { buildKplAggregate } from "@/lib/records/encode/build-kpl-aggregate";
import { compileMaskRules, maskPayload, type Masker } from "@/lib/records/masking";
import { maskingRuleSchema } from "@/lib/records/masking-rules";
import { createRng } from "@/lib/util/create-rng";
import { nextPayment } from "@/scripts/lib/demo-data";
import { DEMO_MASKING } from "@/scripts/lib/demo-targets";

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const ROUNDS = 5;
const rng = createRng(7);
const now = new Date("2026-12-01T00:00:00Z");
const payments = Array.from({ length: RECORDS }, () => nextPayment(rng, now));
const json = payments.map((p) => new TextEncoder().encode(JSON.stringify(p)));
const kpl = Array.from({ length: RECORDS / 10 }, (_, i) =>
  buildKplAggregate(json.slice(i * 10, i * 10 + 10).map((data, j) => ({ partitionKey: payments[i * 10 + j]!.paymentId, data }))),
);

const hash = (s: string) => `hash:${createHmac("sha256", "bench-key-bench-key-bench-key-00").update(s).digest("hex").slice(0, 16)}`;
const masker = (rules: unknown[]): Masker => ({ rules: compileMaskRules(rules.map((r) => maskingRuleSchema.parse(r))), hash });
const demo = masker(DEMO_MASKING.rules);
const regex = masker([
  { streams: ["*"], regex: "\\b4\\d{15}\\b" },
  { streams: ["*"], regex: "[\\w.-]+@[\\w.-]+" },
]);

/** Records per second of `run` over `inputs` (each input holding `per` records), best of ROUNDS. */
function rate(inputs: Uint8Array[], per: number, run: (b: Uint8Array) => unknown): number {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    for (const b of inputs) run(b);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return Math.round((inputs.length * per) / best);
}

let failed = false;
for (const [name, inputs, per] of [
  ["json", json, 1],
  ["kpl10", kpl, 10],
] as const) {
  const base = rate(inputs, per, (b) => decodePayload(b));
  const withDemo = rate(inputs, per, (b) => maskPayload(decodePayload(b), demo));
  const withRegex = rate(inputs, per, (b) => maskPayload(decodePayload(b), regex));
  console.log(`${name}_decode_records_per_s ${base} records/s`);
  console.log(`${name}_decode_mask_demo_records_per_s ${withDemo} records/s`);
  console.log(`${name}_decode_mask_regex_records_per_s ${withRegex} records/s`);
  console.log(`${name}_mask_demo_ratio ${(withDemo / base).toFixed(2)} x`);
  console.log(`${name}_mask_regex_ratio ${(withRegex / base).toFixed(2)} x`);
  for (const m of [demo, regex]) {
    const out = JSON.stringify(maskPayload(decodePayload(inputs[0]!), m));
    const secrets = payments.slice(0, per).flatMap((p) => [p.customerEmail, ...(p.card ? [p.card.number] : [])]);
    if (secrets.some((s) => out.includes(s))) failed = true;
  }
}
if (failed) {
  console.error("a secret survived masking");
  process.exit(1);
}
