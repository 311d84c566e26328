// Masking applied to a decoded record before it leaves the server: each rule (a JSON path, a field
// name pattern or a regular expression) masks, removes or hashes what it matches, in the payload
// and in every KPL or CloudWatch Logs sub-record. The result lists what was masked (`masked`, JSON
// paths as the record is written out); a record with anything masked loses its raw bytes, and a
// payload the rules cannot look into (binary) is withheld whole. Pure: the hash is handed in.
import type { RE2JS } from "re2js";
import type { DecodedPayload, RecordView } from "./types";
import { compileMaskRegex, globToRe2, parseJsonPath, type MaskAction, type MaskingRule, type PathStep } from "./masking-rules";

/** What a masked value becomes. */
export const MASK_TEXT = "****";
/** Deeper than this, a payload is withheld whole rather than walked. */
const MAX_DEPTH = 200;
/** Paths listed in `masked` at most; past this the list ends with a count. */
const MAX_LISTED = 100;

export type CompiledMaskRule = { action: MaskAction } & ({ kind: "path"; steps: PathStep[] } | { kind: "field"; re: RE2JS } | { kind: "regex"; re: RE2JS });

export interface Masker {
  rules: readonly CompiledMaskRule[];
  /** The keyed hash of a value, as shown (e.g. `hash:1f2e…`). */
  hash: (value: string) => string;
}

const globMatches = (glob: string, name: string) => globToRe2(glob).matches(name);

/** The rules that apply to a stream of a target. */
export function rulesFor(rules: readonly MaskingRule[], target: string, stream: string): MaskingRule[] {
  return rules.filter((r) => r.streams.some((g) => globMatches(g, stream)) && (!r.targets || r.targets.some((g) => globMatches(g, target))));
}

/** Compiles validated rules (masking-rules.ts checked them at start); throws on a rule that does not compile. */
export function compileMaskRules(rules: readonly MaskingRule[]): CompiledMaskRule[] {
  return rules.map((r): CompiledMaskRule => {
    if (r.path !== undefined) {
      const p = parseJsonPath(r.path);
      if (!p.ok) throw new Error(`masking path ${r.path} ${p.error}`);
      return { kind: "path", steps: p.steps, action: r.action };
    }
    if (r.regex !== undefined) {
      const c = compileMaskRegex(r.regex);
      if (!c.ok) throw new Error(`masking regex ${r.regex} ${c.error}`);
      return { kind: "regex", re: c.re, action: r.action };
    }
    return { kind: "field", re: globToRe2(r.field ?? "", true), action: r.action };
  });
}

type Key = string | number;
interface Edit {
  at: Key[];
  action: MaskAction;
  /** A regular expression's matches inside a string, rather than the whole value. */
  regex?: RE2JS;
}

class TooDeep extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** `$.a.b[2]['odd key']`, as JSON paths write it. */
export function formatPath(at: readonly Key[], root = "$"): string {
  let out = root;
  for (const k of at) out += typeof k === "number" ? `[${k}]` : /^[A-Za-z_$][\w$-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  return out;
}

function children(v: unknown): [Key, unknown][] {
  if (Array.isArray(v)) return v.map((c, i) => [i, c]);
  if (isObject(v)) return Object.keys(v).map((k) => [k, v[k]]);
  return [];
}

/**
 * Calls `fn` on every node under `v` (itself included) with its path, throws TooDeep past
 * MAX_DEPTH. `at` is one array pushed and popped on the way: `fn` copies it to keep it.
 */
function visit(v: unknown, at: Key[], fn: (at: Key[], node: unknown) => void): void {
  if (at.length > MAX_DEPTH) throw new TooDeep();
  fn(at, v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      at.push(i);
      visit(v[i], at, fn);
      at.pop();
    }
  } else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      at.push(k);
      visit(v[k], at, fn);
      at.pop();
    }
  }
}

/** Whether a field rule's glob matches a key; answers kept per rule (keys repeat from record to record), bounded. */
const keyMatches = new WeakMap<RE2JS, Map<string, boolean>>();
const MAX_KEYS_KEPT = 10_000;
function fieldMatches(re: RE2JS, key: string): boolean {
  let known = keyMatches.get(re);
  if (!known) keyMatches.set(re, (known = new Map()));
  let hit = known.get(key);
  if (hit === undefined) {
    hit = re.matches(key);
    if (known.size >= MAX_KEYS_KEPT) known.clear();
    known.set(key, hit);
  }
  return hit;
}

function pathMatches(v: unknown, steps: readonly PathStep[], i: number, at: Key[], out: Key[][]): void {
  if (at.length > MAX_DEPTH) throw new TooDeep();
  const step = steps[i];
  if (!step) {
    out.push(at);
    return;
  }
  switch (step.kind) {
    case "name":
      if (isObject(v) && own(v, step.name)) pathMatches(v[step.name], steps, i + 1, [...at, step.name], out);
      return;
    case "index":
      if (Array.isArray(v) && step.index < v.length) pathMatches(v[step.index], steps, i + 1, [...at, step.index], out);
      return;
    case "any":
      for (const [k, c] of children(v)) pathMatches(c, steps, i + 1, [...at, k], out);
      return;
    case "descend": {
      const found: [Key[], unknown][] = [];
      const depth = at.length;
      visit(v, [...at], (nodeAt, node) => {
        if (step.name === null) {
          if (nodeAt.length > depth) found.push([[...nodeAt], node]);
        } else if (isObject(node) && own(node, step.name)) found.push([[...nodeAt, step.name], node[step.name]]);
      });
      for (const [nodeAt, node] of found) pathMatches(node, steps, i + 1, nodeAt, out);
      return;
    }
  }
}

function editsOf(value: unknown, rules: readonly CompiledMaskRule[]): Edit[] {
  const edits: Edit[] = [];
  const walked: Exclude<CompiledMaskRule, { kind: "path" }>[] = [];
  for (const rule of rules) {
    if (rule.kind === "path") {
      const found: Key[][] = [];
      pathMatches(value, rule.steps, 0, [], found);
      for (const at of found) edits.push({ at, action: rule.action });
    } else walked.push(rule);
  }
  // Field and regex rules look at every node: one walk for all of them.
  if (walked.length > 0) {
    visit(value, [], (at, node) => {
      const last = at[at.length - 1];
      for (const rule of walked) {
        if (rule.kind === "field") {
          if (typeof last === "string" && fieldMatches(rule.re, last)) edits.push({ at: [...at], action: rule.action });
        } else if (typeof node === "string" && rule.re.matcher(node).find()) {
          edits.push({ at: [...at], action: rule.action, regex: rule.re });
        }
      }
    });
  }
  return edits;
}

/** A stable order for listing paths: member by member, indexes as numbers. */
function comparePaths(a: readonly Key[], b: readonly Key[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

const isPrefix = (a: readonly Key[], b: readonly Key[]) => a.length <= b.length && a.every((k, i) => b[i] === k);

/** Removed array elements are marked, then swept, so the other edits' indexes stay right. */
const REMOVED = Symbol("removed");

function replaceMatches(text: string, re: RE2JS, action: MaskAction, hash: (s: string) => string): string {
  return re.matcher(text).replaceAll((m: string) => (action === "remove" ? "" : action === "hash" ? hash(m) : MASK_TEXT));
}

function maskedValue(v: unknown, edit: Edit, hash: (s: string) => string): unknown {
  if (edit.regex && typeof v === "string") return replaceMatches(v, edit.regex, edit.action, hash);
  if (edit.action === "hash") return hash(typeof v === "string" ? v : JSON.stringify(v));
  return MASK_TEXT;
}

/** The JSON value with the rules applied, and the paths they touched; undefined when nothing matched. */
export function maskJson(value: unknown, m: Masker): { value: unknown; paths: Key[][] } | undefined {
  const all = editsOf(value, m.rules);
  if (all.length === 0) return undefined;
  // An edit inside a value another edit replaces or removes is already covered (a regex edit only rewrites its string).
  // Shallower first; at one path, whole-value edits before a regex's (two regexes on a string both apply).
  all.sort((a, b) => a.at.length - b.at.length || Number(!!a.regex) - Number(!!b.regex));
  const edits: Edit[] = [];
  for (const e of all) if (!edits.some((k) => !k.regex && isPrefix(k.at, e.at))) edits.push(e);
  // Copy on write: only the objects and arrays on the way to an edit are copied; the rest is shared
  // with the input, which is never changed (other viewers hold it).
  const copies = new Set<unknown>();
  const writable = (o: unknown): Record<Key, unknown> => {
    if (copies.has(o)) return o as Record<Key, unknown>;
    const c = Array.isArray(o) ? o.slice() : { ...(o as Record<string, unknown>) };
    copies.add(c);
    return c as Record<Key, unknown>;
  };
  let root: unknown = value;
  const touchedArrays = new Set<unknown[]>();
  for (const e of edits) {
    if (e.at.length === 0) {
      root = e.action === "remove" && !e.regex ? null : maskedValue(root, e, m.hash);
      continue;
    }
    root = writable(root);
    let parent: unknown = root;
    for (const k of e.at.slice(0, -1)) {
      const holder = parent as Record<Key, unknown>;
      holder[k] = writable(holder[k]);
      parent = holder[k];
    }
    const key = e.at[e.at.length - 1]!;
    const holder = parent as Record<Key, unknown>;
    if (e.action === "remove" && !e.regex) {
      if (Array.isArray(parent)) {
        (parent as unknown[])[key as number] = REMOVED;
        touchedArrays.add(parent as unknown[]);
      } else delete holder[key];
    } else holder[key] = maskedValue(holder[key], e, m.hash);
  }
  for (const a of touchedArrays) {
    const kept = a.filter((x) => x !== REMOVED);
    a.length = 0;
    a.push(...kept);
  }
  return { value: root, paths: edits.map((e) => e.at).sort(comparePaths) };
}

const WITHHELD_WARNING = "Not shown: masking rules apply to this stream and this payload cannot be looked into (it is not JSON or text).";

function withheld(d: DecodedPayload): DecodedPayload {
  return { chain: d.chain, format: d.format, text: "", masked: ["$"], warning: WITHHELD_WARNING };
}

function listed(paths: string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.length > MAX_LISTED ? [...unique.slice(0, MAX_LISTED), `…and ${unique.length - MAX_LISTED} more`] : unique;
}

/** The payload with the rules applied; the same object when nothing was masked. */
export function maskPayload(d: DecodedPayload, m: Masker): DecodedPayload {
  if (m.rules.length === 0) return d;
  const out = maskParts(d, m);
  // A decoder's warning may quote the payload (JSON.parse does: `Unexpected token 'm', "my card 4…"`):
  // the rules' regular expressions apply to it, and on a stream with rules no quotation is kept.
  if (out.warning === undefined || out.warning === WITHHELD_WARNING) return out;
  let warning = out.warning;
  for (const r of m.rules) if (r.kind === "regex") warning = replaceMatches(warning, r.re, r.action, m.hash);
  const matched = warning !== out.warning;
  warning = warning.replace(/"[^"]*"(?:\.\.\.)?/g, '"…"').replace(/'[^']*'/g, "'…'");
  if (warning === out.warning) return out;
  if (!matched) return { ...out, warning };
  return { ...out, warning, masked: out.masked?.includes("$") ? out.masked : ["$", ...(out.masked ?? [])] };
}

function maskParts(d: DecodedPayload, m: Masker): DecodedPayload {
  const textRules = m.rules.filter((r) => r.kind === "regex");
  const maskText = (text: string): string | undefined => {
    let out = text;
    for (const r of textRules) if (r.kind === "regex") out = replaceMatches(out, r.re, r.action, m.hash);
    return out === text ? undefined : out;
  };
  try {
    switch (d.format) {
      case "empty":
        return d;
      case "binary":
        return withheld(d);
      case "text": {
        const text = maskText(d.text ?? "");
        return text === undefined ? d : { ...d, text, masked: ["$"] };
      }
      case "json": {
        if (d.value === undefined) {
          const text = maskText(d.text ?? "");
          return text === undefined ? d : { ...d, text, masked: ["$"] };
        }
        const r = maskJson(d.value, m);
        if (!r) return d;
        // `text` is the payload as written: it would show what was masked.
        const { text: _text, ...rest } = d;
        return { ...rest, value: r.value, masked: listed(r.paths.map((p) => formatPath(p))) };
      }
      case "avro":
      case "protobuf":
      case "jsonschema":
      case "msgpack":
      case "cbor": {
        // Decoded by a schema or a binary format into a JSON value: masked as JSON. Without a value
        // there is nothing to look into, so the payload is withheld whole, as a binary one is.
        if (d.value === undefined) return withheld(d);
        const r = maskJson(d.value, m);
        if (!r) return d;
        const { text: _text, ...rest } = d;
        return { ...rest, value: r.value, masked: listed(r.paths.map((p) => formatPath(p))) };
      }
      case "kpl":
      case "cwlogs": {
        const masked: string[] = [];
        let out: DecodedPayload = d;
        if (d.value !== undefined) {
          const r = maskJson(d.value, m);
          if (r) {
            out = { ...out, value: r.value };
            masked.push(...r.paths.map((p) => formatPath(p)));
          }
        }
        if (d.subRecords) {
          const list = d.format === "kpl" ? "records" : "logEvents";
          let changed = false;
          const subRecords = d.subRecords.map((s, i) => {
            const decoded = maskPayload(s.decoded, m);
            if (decoded === s.decoded) return s;
            changed = true;
            for (const p of decoded.masked ?? []) masked.push(p.replace(/^\$/, `$.${list}[${i}].payload`));
            return { ...s, decoded };
          });
          if (changed) out = { ...out, subRecords };
        } else if (d.text !== undefined) {
          const text = maskText(d.text);
          if (text !== undefined) {
            out = { ...out, text };
            masked.push("$");
          }
        }
        return masked.length > 0 ? { ...out, masked: listed(masked) } : d;
      }
    }
  } catch (e) {
    if (e instanceof TooDeep) return withheld(d);
    throw e;
  }
}

/** The record with the rules applied; a record with anything masked is sent without its raw bytes. */
export function maskRecord(r: RecordView, m: Masker): RecordView {
  return recordMasking(m).apply(r);
}

/** Masking as the server's record paths use it: the rules of one stream, for one viewer. */
export interface RecordMasking {
  /** Whether any rule applies: records may change, and filters see them masked. */
  readonly active: boolean;
  /** The record as this viewer may see it. */
  apply(r: RecordView): RecordView;
}

export const NO_MASKING: RecordMasking = { active: false, apply: (r) => r };

/**
 * A masker's rules applied to records, each decoded payload masked once however many viewers
 * share it (a tail reader's records keep one decoding per decoder; masked ones are kept beside it).
 */
export function recordMasking(m: Masker): RecordMasking {
  if (m.rules.length === 0) return NO_MASKING;
  const done = new WeakMap<DecodedPayload, DecodedPayload>();
  return {
    active: true,
    apply(r) {
      let decoded = done.get(r.decoded);
      if (!decoded) {
        decoded = maskPayload(r.decoded, m);
        done.set(r.decoded, decoded);
      }
      if (decoded === r.decoded) return r;
      return {
        shardId: r.shardId,
        sequenceNumber: r.sequenceNumber,
        partitionKey: r.partitionKey,
        arrivalTime: r.arrivalTime,
        size: r.size,
        data: "",
        decoded,
        ...(r.truncated ? { truncated: true } : {}),
      };
    },
  };
}
