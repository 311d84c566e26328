import { describe, expect, it, vi } from "vitest";
import type { DecodedPayload, RecordView } from "@/lib/records/types";
import { checkTailFilter, compileTailFilter, searchableText } from "./tail-filter";

function record(partitionKey: string, decoded: DecodedPayload): RecordView {
  return { shardId: "shardId-000000000001", sequenceNumber: "1", partitionKey, arrivalTime: "2026-11-26T00:00:00.000Z", size: 10, data: "", decoded };
}
const json = (value: unknown): DecodedPayload => ({ chain: ["base64", "json"], format: "json", value, text: JSON.stringify(value) });
const text = (t: string): DecodedPayload => ({ chain: ["base64", "text"], format: "text", text: t });

function mustCompile(spec: Parameters<typeof compileTailFilter>[0]) {
  const f = compileTailFilter(spec);
  if (!f.ok) throw new Error(f.error);
  return f;
}

describe("compileTailFilter", () => {
  it("matches everything and says it is inactive when empty", () => {
    const f = mustCompile({});
    expect(f.active).toBe(false);
    expect(f.test(record("k", text("x")))).toBe(true);
  });

  it("matches partition keys exactly or by prefix", () => {
    const exact = mustCompile({ key: "customer-0042" });
    expect(exact.test(record("customer-0042", text("")))).toBe(true);
    expect(exact.test(record("customer-00421", text("")))).toBe(false);
    const prefix = mustCompile({ key: "customer-00", keyMode: "prefix" });
    expect(prefix.test(record("customer-00421", text("")))).toBe(true);
    expect(prefix.test(record("device-1", text("")))).toBe(false);
  });

  it("finds text case-insensitively in decoded payloads, including sub-records", () => {
    const f = mustCompile({ text: "DECLINED" });
    expect(f.test(record("k", json({ status: "card declined" })))).toBe(true);
    expect(f.test(record("k", text("all good")))).toBe(false);
    const kpl: DecodedPayload = {
      chain: ["base64", "kpl"],
      format: "kpl",
      subRecords: [{ partitionKey: "a", size: 1, decoded: text("payment declined") }],
    };
    expect(f.test(record("k", kpl))).toBe(true);
  });

  it("runs regular expressions on RE2 and rejects invalid ones with a message", () => {
    const f = mustCompile({ text: "temp=2\\d\\.\\dC", regex: true });
    expect(f.test(record("k", text("device-7 temp=21.4C")))).toBe(true);
    expect(f.test(record("k", text("device-7 temp=31.4C")))).toBe(false);
    const bad = compileTailFilter({ text: "([a-z", regex: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^The regular expression is not valid/);
    // Backreferences are the classic catastrophic pattern; RE2 refuses them outright.
    expect(compileTailFilter({ text: "(a+)+\\1", regex: true }).ok).toBe(false);
  });

  it("evaluates expressions over JSON fields, nested paths and record metadata", () => {
    const f = mustCompile({ expr: 'total > 100 and currency == "EUR"' });
    expect(f.test(record("k", json({ total: 120, currency: "EUR" })))).toBe(true);
    expect(f.test(record("k", json({ total: 80, currency: "EUR" })))).toBe(false);
    expect(f.test(record("k", text("total > 100")))).toBe(false);
    const nested = mustCompile({ expr: 'customer.tier == "gold" and _key == "c-1"' });
    expect(nested.test(record("c-1", json({ customer: { tier: "gold" } })))).toBe(true);
    expect(nested.test(record("c-2", json({ customer: { tier: "gold" } })))).toBe(false);
    // A missing field is not an error, just no match, in comparisons too.
    const errors: string[] = [];
    expect(nested.test(record("c-1", json({ other: 1 })), (e) => errors.push(e.message))).toBe(false);
    expect(f.test(record("k", json({ currency: "EUR" })), (e) => errors.push(e.message))).toBe(false);
    expect(mustCompile({ expr: 'name ~= "x"' }).test(record("k", json({ other: 1 })), (e) => errors.push(e.message))).toBe(false);
    expect(errors).toEqual([]);
  });

  it("never reaches prototype properties from an expression", () => {
    const f = mustCompile({ expr: 'constructor == "x" or toString == "x"' });
    expect(f.test(record("k", json({ a: 1 })))).toBe(false);
  });

  it("rejects malformed or oversized expressions with a message", () => {
    const bad = compileTailFilter({ expr: "total >" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^The expression is not valid/);
    const long = compileTailFilter({ key: "x".repeat(1001) });
    expect(long).toEqual({ ok: false, error: "The key filter is longer than 1000 characters." });
  });

  it("runs ~= on RE2: a catastrophic pattern takes linear time", () => {
    // On JavaScript's RegExp this one record takes over a second (and doubles with each "a").
    const f = mustCompile({ expr: 'line ~= "(a+)+$"' });
    const started = performance.now();
    expect(f.test(record("k", json({ line: "a".repeat(25) + "!" })))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
    expect(f.test(record("k", json({ line: "xaaa" })))).toBe(true);
    // RE2 syntax, found anywhere in the text, as before (a backslash is written \\ in a string).
    expect(mustCompile({ expr: 'line ~= "^temp=2\\\\d"' }).test(record("k", json({ line: "temp=21" })))).toBe(true);
  });

  it("checks literal ~= patterns when compiling and dynamic ones as records arrive", () => {
    const bad = compileTailFilter({ expr: 'line ~= "(a+)+\\\\1"' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^The regular expression "\(a\+\)\+\\1" after ~= is not valid: /);
    const dynamic = mustCompile({ expr: "line ~= pattern" });
    expect(dynamic.test(record("k", json({ line: "abc", pattern: "b+" })))).toBe(true);
    const errors: string[] = [];
    expect(dynamic.test(record("k", json({ line: "abc", pattern: "([" })), (e) => errors.push(e.message))).toBe(false);
    expect(errors).toEqual([
      'The expression failed on the record at shardId-000000000001 sequence 1: The regular expression "([" after ~= is not valid: error parsing regexp: missing closing ]: `[`. Records it fails on are left out.',
    ]);
  });

  it("refuses expressions nested too deeply to compile, with a message", () => {
    for (const expr of ["-".repeat(998) + "1", "not ".repeat(200) + "x", "(".repeat(100) + "1" + ")".repeat(100), Array(100).fill("1").join(" + ")]) {
      expect(compileTailFilter({ expr })).toEqual({
        ok: false,
        error: "The expression is too deeply nested (at most 64 levels of operators, calls and parentheses).",
      });
    }
    // Realistic expressions are far from the bound.
    mustCompile({ expr: Array(40).fill('s == "x"').join(" or ") });
    mustCompile({ expr: "-".repeat(60) + "1 < 0" });
  });

  it("refuses functions that do not exist when compiling", () => {
    expect(compileTailFilter({ expr: "foo(1) > 0" })).toEqual({
      ok: false,
      error: "The expression calls foo(), which does not exist; the functions are abs, ceil, floor, log, log2, log10, max, min, round, sqrt, exists, empty.",
    });
    expect(mustCompile({ expr: "abs(delta) > 5" }).test(record("k", json({ delta: -7 })))).toBe(true);
  });

  it("reports a record the expression fails on instead of silently leaving it out", () => {
    const f = mustCompile({ expr: "total > 100" });
    const errors: string[] = [];
    expect(f.test(record("k", json({ total: "many" })), (e) => errors.push(e.message))).toBe(false);
    expect(f.test(record("k", json({ total: 101 })), (e) => errors.push(e.message))).toBe(true);
    expect(errors).toEqual([
      "The expression failed on the record at shardId-000000000001 sequence 1: Expected a number, but got a text instead. Records it fails on are left out.",
    ]);
  });

  it("combines every given condition with and", () => {
    const f = mustCompile({ key: "c-", keyMode: "prefix", text: "gold", expr: "total >= 10" });
    expect(f.test(record("c-1", json({ tier: "gold", total: 10 })))).toBe(true);
    expect(f.test(record("c-1", json({ tier: "silver", total: 10 })))).toBe(false);
    expect(f.test(record("d-1", json({ tier: "gold", total: 10 })))).toBe(false);
  });
});

describe("checkTailFilter", () => {
  it("checks as compileTailFilter does, with the same messages, without building a function from a string", () => {
    // The pages' Content-Security-Policy forbids eval; filtrex compiles with `new Function`.
    const fn = vi.spyOn(globalThis, "Function");
    try {
      expect(checkTailFilter({ expr: 'total > 100 and currency == "EUR"', key: "k", text: "a+", regex: true })).toEqual({ ok: true });
      expect(checkTailFilter({})).toEqual({ ok: true });
      for (const spec of [{ expr: "total >" }, { expr: "(a" }, { text: "(", regex: true }, { key: "k".repeat(1001) }]) {
        const compiled = compileTailFilter(spec);
        expect(compiled.ok).toBe(false);
        fn.mockClear();
        expect(checkTailFilter(spec)).toEqual(compiled);
        expect(fn).not.toHaveBeenCalled();
      }
      fn.mockClear();
      checkTailFilter({ expr: "a.b == 1 or c > 2" });
      expect(fn).not.toHaveBeenCalled();
    } finally {
      fn.mockRestore();
    }
  });
});

describe("searchableText", () => {
  it("is bounded for huge payloads", () => {
    expect(searchableText(text("x".repeat(300_000))).length).toBe(256 * 1024);
  });
});
