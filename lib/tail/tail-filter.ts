// Tail filters, applied on the server before records are sent (and compiled in the browser too, to
// show mistakes as they are typed): partition key exact or prefix, text or regular expression on
// the decoded payload, and an expression over decoded JSON fields. Every regular expression a
// person can write runs on RE2 (linear time, so no pattern can stall the server), the expression's
// `~=` included; expressions run on filtrex (no access to JavaScript), after a check of their
// nesting and the functions they call, so none can overflow the stack or call what does not exist.
import { compileExpression } from "filtrex";
import { RE2JS } from "re2js";
import { analyzeExpression, EXPRESSION_FUNCTIONS } from "./filter-expression";
import { hasJsonValue, type DecodedPayload, type RecordView } from "@/lib/records/types";

export interface TailFilterSpec {
  key?: string;
  keyMode?: "exact" | "prefix";
  /** Text to look for in the decoded payload; a regular expression when `regex` is set. */
  text?: string;
  regex?: boolean;
  /** A filtrex expression over the decoded JSON, e.g. `total > 100 and currency == "EUR"`. */
  expr?: string;
}

/** A record an expression could not be evaluated on (an unknown field's type, a bad pattern …). */
export interface TailFilterError {
  message: string;
  record: RecordView;
}

export type CompiledTailFilter =
  | {
      ok: true;
      active: boolean;
      /**
       * Whether the record passes. A record the expression fails on does not pass, and `onError`
       * hears why (for every such record: callers that report it decide how often).
       */
      test: (record: RecordView, onError?: (e: TailFilterError) => void) => boolean;
    }
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
    else if (hasJsonValue(p.format)) add(JSON.stringify(p.value) ?? "");
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
  if (hasJsonValue(d.format)) return [d.value];
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
 * Checks a filter the way compileTailFilter does, for the browser, to show mistakes as they are
 * typed. It never compiles the expression: filtrex builds a function from a string, which the
 * pages' Content-Security-Policy (no 'unsafe-eval') forbids. The server compiles it for real.
 */
export function checkTailFilter(spec: TailFilterSpec): { ok: true } | { ok: false; error: string } {
  const result = compileTailFilter(spec, { checkOnly: true });
  return result.ok ? { ok: true } : result;
}

export function compileTailFilter(spec: TailFilterSpec, opts: { checkOnly?: boolean } = {}): CompiledTailFilter {
  const tests: ((r: RecordView, onError?: (e: TailFilterError) => void) => boolean)[] = [];

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
    const compiled = compileFilterExpression(spec.expr, opts);
    if (!compiled.ok) return compiled;
    const evaluate = compiled.evaluate;
    tests.push((r, onError) =>
      jsonDocuments(r.decoded).some((doc) => {
        const scope =
          doc !== null && typeof doc === "object" && !Array.isArray(doc)
            ? { ...(doc as Record<string, unknown>), _key: r.partitionKey, _shard: r.shardId, _size: r.size }
            : { _value: doc, _key: r.partitionKey, _shard: r.shardId, _size: r.size };
        const result = evaluate(scope);
        if (result instanceof Error) {
          // A record the expression cannot be evaluated on is left out, and the caller is told.
          onError?.({
            message: `The expression failed on the record at ${r.shardId} sequence ${r.sequenceNumber}: ${errorText(result)} Records it fails on are left out.`,
            record: r,
          });
          return false;
        }
        return result === true || (typeof result === "number" && result !== 0);
      }),
    );
  }

  return { ok: true, active: tests.length > 0, test: (r, onError) => tests.every((t) => t(r, onError)) };
}

/** Patterns computed at run time (`field ~= other_field`) compiled per filter, at most this many kept. */
const DYNAMIC_PATTERN_CACHE = 64;

function errorText(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim().slice(0, 300);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function compilePattern(pattern: string): RE2JS {
  return RE2JS.compile(pattern);
}

/** filtrex's names for types in its messages ("Expected a number, but got a text instead."). */
function prettyType(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "text";
  return Array.isArray(v) ? "list" : "object";
}

/** filtrex's unwrapping: a one-element list is its element. */
const unwrap = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);

function asNumber(value: unknown): number {
  const v = unwrap(value);
  if (typeof v === "number") return v;
  throw new TypeError(`Expected a number, but got a ${prettyType(v)} instead.`);
}

function asText(value: unknown): string {
  const v = unwrap(value);
  if (typeof v === "string") return v;
  throw new TypeError(`Expected a text for ~=, but got a ${prettyType(v)} instead.`);
}

/**
 * A comparison with a field the record does not have is no match, not a failure (as `==` already
 * is): streams mix record shapes, and `total > 100` should simply pass over records without one.
 */
const missing = (a: unknown, b: unknown) => unwrap(a) === undefined || unwrap(b) === undefined;

type CompiledExpression = { ok: true; evaluate: (scope: unknown) => unknown } | { ok: false; error: string };

/** An expression, checked and compiled: `~=` on RE2, every literal pattern compiled once, here. */
export function compileFilterExpression(expr: string, opts: { checkOnly?: boolean } = {}): CompiledExpression {
  const shape = analyzeExpression(expr);
  if (!shape.ok && shape.reason === "too_deep") return { ok: false, error: shape.message };
  if (shape.ok) {
    const unknown = shape.functions.filter((f) => !(EXPRESSION_FUNCTIONS as readonly string[]).includes(f));
    if (unknown.length > 0) {
      return {
        ok: false,
        error: `The expression calls ${unknown.map((f) => `${f}()`).join(", ")}, which does not exist; the functions are ${EXPRESSION_FUNCTIONS.join(", ")}.`,
      };
    }
  }
  const literal = new Map<string, RE2JS>();
  for (const p of shape.ok ? shape.patterns : []) {
    try {
      literal.set(p, compilePattern(p));
    } catch (e) {
      return { ok: false, error: `The regular expression "${p}" after ~= is not valid: ${errorText(e)}` };
    }
  }
  const dynamic = new Map<string, RE2JS>();
  const pattern = (p: string): RE2JS => {
    const known = literal.get(p) ?? dynamic.get(p);
    if (known) return known;
    let re: RE2JS;
    try {
      re = compilePattern(p);
    } catch (e) {
      throw new SyntaxError(`The regular expression "${p.slice(0, 100)}" after ~= is not valid: ${errorText(e)}`);
    }
    if (dynamic.size >= DYNAMIC_PATTERN_CACHE) dynamic.delete(dynamic.keys().next().value!);
    dynamic.set(p, re);
    return re;
  };

  // The same message in the browser (which only checks) and on the server (which compiles).
  if (!shape.ok) return { ok: false, error: `The expression is not valid: ${shape.message.replace(/\.$/, "")}` };
  if (opts.checkOnly) return { ok: true, evaluate: () => new Error("This expression is evaluated on the server.") };

  let fn: (doc: unknown) => unknown;
  try {
    fn = compileExpression(expr, {
      // `a.b` reads nested fields; a missing field is undefined, not an error.
      customProp: (name: string, _get: unknown, obj: unknown) => resolvePath(obj, name),
      // filtrex's own ~= uses JavaScript's backtracking RegExp: one record could stall the server.
      // The comparisons are filtrex's, except that a missing field is no match (see `missing`).
      operators: {
        "==": (a: unknown, b: unknown) => a === b,
        "!=": (a: unknown, b: unknown) => a !== b,
        "~=": (a: unknown, b: unknown) => !missing(a, b) && pattern(asText(b)).matcher(asText(a)).find(),
        "<": (a: unknown, b: unknown) => !missing(a, b) && asNumber(a) < asNumber(b),
        "<=": (a: unknown, b: unknown) => !missing(a, b) && asNumber(a) <= asNumber(b),
        ">": (a: unknown, b: unknown) => !missing(a, b) && asNumber(a) > asNumber(b),
        ">=": (a: unknown, b: unknown) => !missing(a, b) && asNumber(a) >= asNumber(b),
      },
    });
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, error: "The expression is too deeply nested." };
    if (e instanceof EvalError && shape.ok) {
      // A browser whose Content-Security-Policy forbids compiling code: the syntax was checked
      // above, and the server, which evaluates the expression, checks it again.
      return { ok: true, evaluate: () => new Error("This expression is evaluated on the server.") };
    }
    return { ok: false, error: `The expression is not valid: ${errorText(e).replace(/\.$/, "")}` };
  }
  return { ok: true, evaluate: fn };
}
