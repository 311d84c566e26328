import "server-only";
// Registry and schema names from a route's path, decoded and held to Glue's own naming rule.
import { glueNameSchema } from "@/lib/schemas/types";
import { AppError } from "@/lib/server/errors";

function decode(raw: string, what: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new AppError("invalid_input", `The ${what} name in the URL is not valid percent-encoding.`);
  }
  const parsed = glueNameSchema.safeParse(decoded);
  if (!parsed.success) throw new AppError("invalid_input", `The ${what} name in the URL is not one Glue allows: ${parsed.error.issues[0]?.message ?? ""}`);
  return parsed.data;
}

export function glueNamesFrom(params: { registry: string; schema?: string }): { registry: string; schema?: string } {
  return { registry: decode(params.registry, "registry"), ...(params.schema !== undefined ? { schema: decode(params.schema, "schema") } : {}) };
}
