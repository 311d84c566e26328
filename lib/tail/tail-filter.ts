// Tail filters, applied on the server before records are sent (and compiled in the browser too, to
// show mistakes as they are typed): partition key exact or prefix, text or regular expression on
// the decoded payload, and an expression over decoded JSON fields. Regular expressions run on RE2
// (linear time, so no pattern can stall the server); expressions run on filtrex (no eval).
// filtrex's unbundled build, whose compiler and parser share one parser instance (the compiler
// module sets it up): the parser alone checks an expression without evaluating code.
import { compileExpression } from "filtrex/dist/esnext/filtrex.mjs";
import { parse as parseExpression } from "filtrex/dist/esnext/parser.mjs";
import { RE2JS } from "re2js";
import type { DecodedPayload, RecordView } from "@/lib/records/types";

export interface TailFilterSpec {
  key?: string;
  keyMode?: "exact" | "prefix";
  /** Text to look for in the decoded payload; a regular expression when `regex` is set. */
  text?: string;
  regex?: boolean;
  /** A filtrex expression over the decoded JSON, e.g. `total > 100 and currency == "EUR"`. */
  expr?: string;
}

export type CompiledTailFilter =
  | { ok: true; active: boolean; test: (record: RecordView) => boolean }
  | { ok: false; error: string };

export const MAX_FILTER_LENGTH = 1000;
/** Payload text examined per record; enough for any realistic search, bounded for huge records. */
const MAX_SEARCH_CHARS = 256 * 1024;

/** The text a person would search: JSON as JSON, text as text, aggregates as their parts. */
export function searchableText(d: DecodedPayload, budget = MAX_SEARCH_CHARS): string {
  let out = "";
  const add = (s: string) => {
    if (out.length < budget) out += (out ? "\n" : "") + s.slice(0, budget - out.length);
  };
  const walk = (p: DecodedPayload) => {
    if (p.format === "json") add(p.text ?? JSON.stringify(p.value) ?? "");
    else if (p.format === "text" || p.format === "binary") add(p.text ?? "");
    else if (p.format === "cwlogs" && p.value !== undefined) add(JSON.stringify(p.value));
    for (const s of p.subRecords ?? []) {
      if (s.partitionKey) add(s.partitionKey);
      walk(s.decoded);
    }
  };
  walk(d);
  return out;
}

/** JSON documents an expression is evaluated against: the payload, or each JSON sub-record. */
function jsonDocuments(d: DecodedPayload): unknown[] {
  if (d.format === "json") return [d.value];
  return (d.subRecords ?? []).flatMap((s) => jsonDocuments(s.decoded));
}

function resolvePath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    // Own properties only: nothing reachable through a prototype.
    if (!Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Checks a filter the way compileTailFilter does, with the same messages, for the browser, to show
 * mistakes as they are typed. It only parses the expression: compiling one builds a function from
 * a string, which the pages' Content-Security-Policy (no 'unsafe-eval') forbids.
 */
export function checkTailFilter(spec: TailFilterSpec): { ok: true } | { ok: false; error: string } {
  const result = compileTailFilter(spec, { parseOnly: true });
  return result.ok ? { ok: true } : result;
}

export function compileTailFilter(spec: TailFilterSpec, opts: { parseOnly?: boolean } = {}): CompiledTailFilter {
  const tests: ((r: RecordView) => boolean)[] = [];

  for (const [name, v] of [
    ["key", spec.key],
    ["text", spec.text],
    ["expr", spec.expr],
  ] as const) {
    if (v && v.length > MAX_FILTER_LENGTH) return { ok: false, error: `The ${name} filter is longer than ${MAX_FILTER_LENGTH} characters.` };
  }

  if (spec.key) {
    const key = spec.key;
    tests.push(spec.keyMode === "prefix" ? (r) => r.partitionKey.startsWith(key) : (r) => r.partitionKey === key);
  }

  if (spec.text) {
    if (spec.regex) {
      let re: RE2JS;
      try {
        re = RE2JS.compile(spec.text);
      } catch (e) {
        return { ok: false, error: `The regular expression is not valid: ${e instanceof Error ? e.message : String(e)}` };
      }
      tests.push((r) => re.matcher(searchableText(r.decoded)).find());
    } else {
      const needle = spec.text.toLowerCase();
      tests.push((r) => searchableText(r.decoded).toLowerCase().includes(needle));
    }
  }

  if (spec.expr && spec.expr.trim()) {
    let fn: (doc: unknown) => unknown;
    try {
      if (opts.parseOnly) {
        parseExpression(spec.expr);
        fn = () => true;
      } else {
        fn = compileExpression(spec.expr, {
          // `a.b` reads nested fields; a missing field is undefined, not an error.
          customProp: (name: string, _get: unknown, obj: unknown) => resolvePath(obj, name),
        });
      }
    } catch (e) {
      const detail = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim().slice(0, 300);
      return { ok: false, error: `The expression is not valid: ${detail}` };
    }
    tests.push((r) =>
      jsonDocuments(r.decoded).some((doc) => {
        const scope =
          doc !== null && typeof doc === "object" && !Array.isArray(doc)
            ? { ...(doc as Record<string, unknown>), _key: r.partitionKey, _shard: r.shardId, _size: r.size }
            : { _value: doc, _key: r.partitionKey, _shard: r.shardId, _size: r.size };
        const result = fn(scope);
        return result === true || (typeof result === "number" && result !== 0);
      }),
    );
  }

  return { ok: true, active: tests.length > 0, test: (r) => tests.every((t) => t(r)) };
}
