// The `masking` section of the targets file: which fields of which streams' records the server
// masks, removes or hashes before a record leaves it. Checked at start with the rest of the file;
// every pattern compiles here (RE2 for regular expressions and globs, a small JSON path subset), so
// a rule that would fail at read time never gets past the start.
import { RE2JS } from "re2js";
import { z } from "zod";

export const MASK_ACTIONS = ["mask", "remove", "hash"] as const;
export type MaskAction = (typeof MASK_ACTIONS)[number];

/** One step of a JSON path: a member name, an array index, `*` (every member or element), or `..name` (at any depth). */
export type PathStep =
  { kind: "name"; name: string } | { kind: "index"; index: number } | { kind: "any" } | { kind: "descend"; name: string | null /* null: `..*` */ };

const MAX_PATTERN = 1000;

/**
 * Parses the JSON path subset rules take: `$`, then `.name`, `['name']`, `["name"]`, `[3]`,
 * `[*]`, `.*`, `..name` and `..*`. No filters or script expressions: nothing is evaluated.
 */
export function parseJsonPath(path: string): { ok: true; steps: PathStep[] } | { ok: false; error: string } {
  if (!path.startsWith("$")) return { ok: false, error: "must start with `$`, like $.card.number or $..email" };
  const steps: PathStep[] = [];
  let i = 1;
  const name = /^[A-Za-z_$][\w$-]*/;
  while (i < path.length) {
    const rest = path.slice(i);
    if (rest.startsWith("..")) {
      const after = rest.slice(2);
      if (after.startsWith("*")) {
        steps.push({ kind: "descend", name: null });
        i += 3;
        continue;
      }
      const m = name.exec(after);
      if (!m) return { ok: false, error: `expects a member name or * after .. at character ${i + 3}` };
      steps.push({ kind: "descend", name: m[0] });
      i += 2 + m[0].length;
    } else if (rest.startsWith(".")) {
      const after = rest.slice(1);
      if (after.startsWith("*")) {
        steps.push({ kind: "any" });
        i += 2;
        continue;
      }
      const m = name.exec(after);
      if (!m) return { ok: false, error: `expects a member name or * after . at character ${i + 2} (quote other names: ['my name'])` };
      steps.push({ kind: "name", name: m[0] });
      i += 1 + m[0].length;
    } else if (rest.startsWith("[")) {
      const m = /^\[(?:(\*)|(\d{1,9})|'([^'\\]*)'|"([^"\\]*)")\]/.exec(rest);
      if (!m) return { ok: false, error: `expects [*], [index], ['name'] or ["name"] at character ${i + 1} (filters and expressions are not supported)` };
      if (m[1]) steps.push({ kind: "any" });
      else if (m[2] !== undefined) steps.push({ kind: "index", index: Number(m[2]) });
      else steps.push({ kind: "name", name: m[3] ?? m[4] ?? "" });
      i += m[0].length;
    } else {
      return { ok: false, error: `unexpected ${JSON.stringify(path.charAt(i))} at character ${i + 1}` };
    }
  }
  if (steps.length === 0) return { ok: false, error: "must name something inside the record (`$` alone is the whole payload)" };
  return { ok: true, steps };
}

/** A glob (`*` any characters, `?` one) as an anchored RE2 pattern; case-insensitive when asked. */
export function globToRe2(glob: string, caseInsensitive = false): RE2JS {
  let out = "";
  for (const ch of glob) out += ch === "*" ? ".*" : ch === "?" ? "." : RE2JS.quote(ch);
  return RE2JS.compile(`^(?:${out})$`, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
}

/** Compiles a rule's regular expression with RE2, or says why it cannot be used. */
export function compileMaskRegex(pattern: string): { ok: true; re: RE2JS } | { ok: false; error: string } {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    return { ok: false, error: `is not a valid regular expression (RE2 syntax): ${(e as Error).message}` };
  }
  if (re.matcher("").find())
    return { ok: false, error: "matches the empty string, so it would mask between every character; make it match at least one character" };
  return { ok: true, re };
}

const streamGlob = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[\w.*?-]+$/, "must be a stream name or a glob of one (letters, digits, _ . - and the wildcards * and ?)");
const targetGlob = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[\w.*?-]+$/, "must be a target name or a glob of one (letters, digits, _ . - and the wildcards * and ?)");

export const maskingRuleSchema = z
  .strictObject({
    /** Stream names or globs (`payments`, `orders-*`) the rule applies to. */
    streams: z.array(streamGlob).min(1, 'must list at least one stream name or glob ("*" for every stream)'),
    /** Target names or globs; every target when left out. */
    targets: z.array(targetGlob).min(1, "must list at least one target name or glob (or leave `targets` out)").optional(),
    /** A JSON path inside each JSON payload (or JSON sub-record): `$.card.number`, `$..email`, `$.items[*].iban`. */
    path: z.string().min(1).max(MAX_PATTERN).optional(),
    /** A field name or glob (case-insensitive), matched at any depth: `email`, `*card*`. */
    field: z.string().min(1).max(MAX_PATTERN).optional(),
    /** A regular expression (RE2) over text payloads and over every string value of JSON payloads. */
    regex: z.string().min(1).max(MAX_PATTERN).optional(),
    action: z.enum(MASK_ACTIONS, { message: `must be one of ${MASK_ACTIONS.join(", ")}` }).default("mask"),
  })
  .superRefine((rule, ctx) => {
    const given = (["path", "field", "regex"] as const).filter((k) => rule[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message:
          given.length === 0
            ? "must say what to mask: one of `path` (a JSON path), `field` (a field name or glob) or `regex` (a regular expression)"
            : `has ${given.map((k) => `\`${k}\``).join(" and ")}; give exactly one (write two rules to mask both)`,
      });
    }
    if (rule.path !== undefined) {
      const parsed = parseJsonPath(rule.path);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["path"], message: parsed.error });
    }
    if (rule.regex !== undefined) {
      const compiled = compileMaskRegex(rule.regex);
      if (!compiled.ok) ctx.addIssue({ code: "custom", path: ["regex"], message: compiled.error });
    }
    if (rule.field !== undefined && !/^[^\s]+$/.test(rule.field)) {
      ctx.addIssue({ code: "custom", path: ["field"], message: "must be a field name or glob without spaces, like email or *card*" });
    }
  });

export const maskingSchema = z.strictObject({
  rules: z.array(maskingRuleSchema).max(500, "must list at most 500 rules"),
});

export type MaskingRule = z.output<typeof maskingRuleSchema>;
export type MaskingConfig = z.output<typeof maskingSchema>;
/** The keys a rule takes, named when a key is not one of them. */
export const MASKING_RULE_KEYS = ["streams", "targets", "path", "field", "regex", "action"];
export const MASKING_KEYS = ["rules"];
