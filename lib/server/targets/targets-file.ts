import "server-only";
// SHARDSCOPE_TARGETS_FILE: the JSON file that names the targets this server offers. Checked whole
// at start: every problem (unknown keys, bad names, regions, ARNs, profiles missing from the
// shared AWS files…) is reported at once, with its place in the file, in one ConfigError.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { isLocalEndpoint } from "@/lib/server/aws/endpoints";
import { globToRe2, MASKING_KEYS, MASKING_RULE_KEYS, maskingSchema } from "@/lib/records/masking-rules";
import { ConfigError } from "@/lib/server/config";
import { authKeysAllowedAt, authProblems, authSectionSchema, rolesSectionSchema } from "@/lib/server/auth/config";
import { REGION_PATTERN, TARGET_NAME_PATTERN } from "@/lib/targets/scope";
import { hasProfile, readSharedConfig, type SharedConfigFiles } from "./shared-config";
import { ENDPOINT_SERVICES, type EndpointService, type TargetConfig, type TargetsSetup } from "./target-config";

type Env = Record<string, string | undefined>;

const ROLE_ARN = /^arn:aws[-a-z]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const region = z.string().regex(REGION_PATTERN, "is not an AWS region name (like us-east-1 or eu-central-1)");

const endpointUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an http:// or https:// URL, like http://127.0.0.1:4567");

const roleSchema = z.strictObject({
  arn: z.string().regex(ROLE_ARN, "must be an IAM role ARN, like arn:aws:iam::123456789012:role/ShardscopeRead"),
  externalId: z.string().regex(EXTERNAL_ID, "must be 2 to 1224 letters, digits or any of _+=,.@:/-").optional(),
  sessionName: z.string().regex(SESSION_NAME, "must be 2 to 64 letters, digits or any of _+=,.@-").optional(),
  durationSeconds: z
    .number()
    .int("must be whole seconds")
    .min(900, "must be at least 900 (15 minutes)")
    .max(43_200, "must be at most 43200 (12 hours)")
    .optional(),
  sourceProfile: z.string().min(1, "must name a profile").optional(),
});

const endpointsSchema = z.strictObject(
  Object.fromEntries(ENDPOINT_SERVICES.map((s) => [s, endpointUrl.optional()])) as Record<EndpointService, z.ZodOptional<typeof endpointUrl>>,
);

const targetSchema = z.strictObject({
  name: z.string().regex(TARGET_NAME_PATTERN, "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit"),
  region,
  regions: z.array(region).min(1, "must list at least one region (or leave `regions` out)").optional(),
  profile: z.string().min(1, "must name a profile").optional(),
  role: roleSchema.optional(),
  endpoints: endpointsSchema.optional(),
  local: z.boolean().optional(),
});

const fileSchema = z.strictObject({
  default: z.string().optional(),
  targets: z.array(targetSchema).min(1, "must list at least one target"),
  masking: maskingSchema.optional(),
  /** Sign-in (lib/server/auth/config.ts): used when SHARDSCOPE_AUTH is oidc or alb. */
  auth: authSectionSchema.optional(),
  roles: rolesSectionSchema.optional(),
});

/** The keys each object of the file takes, named when a key is not one of them. */
const KEYS = {
  file: Object.keys(fileSchema.shape),
  target: Object.keys(targetSchema.shape),
  role: Object.keys(roleSchema.shape),
  endpoints: [...ENDPOINT_SERVICES],
  masking: MASKING_KEYS,
  maskingRule: MASKING_RULE_KEYS,
};

type Path = readonly PropertyKey[];
interface Problem {
  path: Path;
  message: string;
}

function keysAllowedAt(path: Path): string[] {
  if (path.length === 0) return KEYS.file;
  const auth = authKeysAllowedAt(path);
  if (auth) return auth;
  if (path[0] === "masking") return path.length === 1 ? KEYS.masking : KEYS.maskingRule;
  const last = path[path.length - 1];
  if (last === "role") return KEYS.role;
  if (last === "endpoints") return KEYS.endpoints;
  return KEYS.target;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}; the keys allowed here are ${keysAllowedAt(issue.path).join(", ")}`;
  }
  if (issue.code === "invalid_type" && issue.expected !== "int") {
    const expected = issue.expected === "array" ? "a list" : issue.expected === "object" ? "an object" : `a ${issue.expected}`;
    return `must be ${expected}`;
  }
  return issue.message;
}

/** `targets[2].role.arn (target "prod")`: where in the file, and which target when it has a name. */
function place(path: Path, raw: unknown): string {
  if (path.length === 0) return "the file";
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : `${text ? "." : ""}${String(part)}`;
  if (path[0] === "targets" && typeof path[1] === "number") {
    const name = targetAt(raw, path[1])?.name;
    if (typeof name === "string" && name) text += ` (target "${name}")`;
  }
  return text;
}

function targetAt(raw: unknown, i: number): Record<string, unknown> | undefined {
  const list = isObject(raw) && Array.isArray(raw.targets) ? raw.targets : undefined;
  const t: unknown = list?.[i];
  return isObject(t) ? t : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What zod cannot see one field at a time: names used twice, `profile` with `role`, a default
 * region outside `regions`, profiles the shared AWS files lack, a `default` naming no target.
 * Reads the raw JSON defensively, so it adds its problems even when fields failed their shapes.
 */
function crossProblems(raw: unknown, shared: SharedConfigFiles, sharedFiles: string): Problem[] {
  const problems: Problem[] = [];
  if (!isObject(raw) || !Array.isArray(raw.targets)) return problems;
  const seen = new Map<string, number>();
  const names = new Set<string>();
  raw.targets.forEach((t: unknown, i: number) => {
    if (!isObject(t)) return;
    const at = (...rest: PropertyKey[]): Path => ["targets", i, ...rest];
    if (typeof t.name === "string") {
      const first = seen.get(t.name);
      if (first !== undefined) problems.push({ path: at("name"), message: `"${t.name}" is already the name of targets[${first}]; names must be unique` });
      else seen.set(t.name, i);
      names.add(t.name);
    }
    if (t.profile !== undefined && t.role !== undefined) {
      problems.push({
        path: at(),
        message: "has both `profile` and `role`; use one (to assume a role with a profile's credentials, set role.sourceProfile)",
      });
    }
    if (Array.isArray(t.regions) && typeof t.region === "string" && !t.regions.includes(t.region)) {
      problems.push({ path: at("regions"), message: `must include the target's region "${t.region}"` });
    }
    const missing = (name: unknown): boolean => typeof name === "string" && name !== "" && !hasProfile(shared, name);
    if (missing(t.profile)) {
      problems.push({ path: at("profile"), message: `profile "${String(t.profile)}" is not in ${sharedFiles}` });
    }
    if (isObject(t.role) && missing(t.role.sourceProfile)) {
      problems.push({ path: at("role", "sourceProfile"), message: `profile "${String(t.role.sourceProfile)}" is not in ${sharedFiles}` });
    }
  });
  // A masking rule for a target that does not exist is a typo that would leave data unmasked.
  if (isObject(raw.masking) && Array.isArray(raw.masking.rules)) {
    raw.masking.rules.forEach((r: unknown, i: number) => {
      if (!isObject(r) || !Array.isArray(r.targets)) return;
      r.targets.forEach((g: unknown, j: number) => {
        if (typeof g === "string" && /^[\w.*?-]+$/.test(g) && ![...names].some((n) => globToRe2(g).matches(n))) {
          problems.push({
            path: ["masking", "rules", i, "targets", j],
            message: `"${g}" matches no target; the targets are ${[...names].map((n) => `"${n}"`).join(", ")}`,
          });
        }
      });
    });
  }
  if (typeof raw.default === "string" && !names.has(raw.default)) {
    const known = [...names].map((n) => `"${n}"`).join(", ");
    problems.push({ path: ["default"], message: `names no target${known ? `; the targets are ${known}` : ""}` });
  }
  return problems;
}

/** Which shared AWS files a missing profile was looked for in, as a person would find them. */
function sharedFilesNamed(env: Env): string {
  const config = env.AWS_CONFIG_FILE ?? "~/.aws/config";
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? "~/.aws/credentials";
  return `${config} or ${credentials}`;
}

function fail(path: string, problems: string[]): never {
  throw new ConfigError(
    `Invalid targets file ${path} (SHARDSCOPE_TARGETS_FILE), ${problems.length} problem${problems.length > 1 ? "s" : ""}:\n${problems.map((p) => `  ${p}`).join("\n")}`,
  );
}

/**
 * Where JSON.parse stopped: the shortest prefix that fails for a reason other than ending early
 * ends at the offending character (Node 20 names no position for an unexpected token).
 */
function jsonErrorOffset(text: string): number | undefined {
  const failsInside = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      // Running out of input is reported as such, or at the position just past the end.
      const message = (e as Error).message;
      const at = /at position (\d+)/.exec(message);
      return !/end of JSON input/i.test(message) && !(at && Number(at[1]) >= n);
    }
  };
  if (!failsInside(text.length)) return undefined;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** What is wrong with the JSON, with the line and column of the offending character. */
function jsonProblem(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset === undefined)
    return text.trim() === "" ? "is empty: it must hold a JSON object with a `targets` list" : "is not valid JSON: it ends before the JSON is complete";
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `is not valid JSON at line ${line}, column ${column}: unexpected ${JSON.stringify(text.charAt(offset))}`;
}

/** The targets the file describes, or a ConfigError listing every problem in it. */
export function parseTargetsFile(text: string, path: string, env: Env, sharedConfig: SharedConfigFiles): TargetsSetup {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail(path, [`the file ${jsonProblem(text)}`]);
  }
  const result = fileSchema.safeParse(raw);
  const problems: Problem[] = result.success ? [] : result.error.issues.map((i) => ({ path: i.path, message: describeIssue(i) }));
  problems.push(...crossProblems(raw, sharedConfig, sharedFilesNamed(env)));
  problems.push(...authProblems(isObject(raw) ? raw : {}, env));
  if (problems.length > 0 || !result.success) {
    // In the file's order: per target, then the file's own keys.
    const order = (p: Problem) => (p.path[0] === "targets" && typeof p.path[1] === "number" ? p.path[1] : p.path.length === 0 ? -1 : 1e9);
    problems.sort((a, b) => order(a) - order(b));
    fail(
      path,
      problems.map((p) => `${place(p.path, raw)}: ${p.message}`),
    );
  }
  const file = result.data;
  const targets = file.targets.map((t): TargetConfig => {
    // Only the file's own: a service it leaves out gets the SDK's resolution (AWS_ENDPOINT_URL_*, or AWS).
    const endpoints = definedOnly(t.endpoints ?? {});
    return {
      name: t.name,
      kind: t.role ? "role" : t.profile ? "profile" : "default",
      ...(t.profile ? { profile: t.profile } : {}),
      ...(t.role ? { role: definedOnly(t.role) as TargetConfig["role"] & object } : {}),
      defaultRegion: t.region,
      ...(t.regions ? { regions: [...new Set(t.regions)] } : {}),
      endpoints,
      local: t.local ?? isLocalEndpoint(endpoints.kinesis),
    };
  });
  const first = targets[0];
  if (!first) fail(path, ["targets: must list at least one target"]);
  return {
    targets,
    defaultTarget: file.default ?? first.name,
    source: path,
    ...(file.masking ? { masking: file.masking } : {}),
    ...(file.auth ? { auth: file.auth } : {}),
    ...(file.roles ? { roles: file.roles } : {}),
  };
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Reads and checks the file, and the shared AWS files its profiles must be in. */
export async function loadTargetsFile(path: string, env: Env = process.env): Promise<TargetsSetup> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "it does not exist" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (e as Error).message;
    fail(path, [
      `the file cannot be read: ${why}. Point SHARDSCOPE_TARGETS_FILE at a readable JSON file, or unset it to use the profiles found in the shared AWS files.`,
    ]);
  }
  return parseTargetsFile(text, path, env, await readSharedConfig(env));
}
