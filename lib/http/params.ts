// Input rules every domain of the HTTP API shares (names, ids, numbers, timestamps), used by route
// handlers (which enforce them) and forms (which mirror them). Patterns are Kinesis's own, so a request that passes here is one AWS accepts.
import { z } from "zod";

export const streamNameSchema = z
  .string()
  .min(1, "Stream name is empty.")
  .max(128, "Stream names are at most 128 characters.")
  .regex(/^[a-zA-Z0-9_.-]+$/, "Stream names contain only letters, digits, '_', '.' and '-'.");

export const shardIdSchema = z
  .string({ error: "shardId is required." })
  .min(1, "shardId is required.")
  .max(128, "Shard ids are at most 128 characters.")
  .regex(/^[a-zA-Z0-9_.-]+$/, "Shard ids look like shardId-000000000000.");

export const sequenceNumberSchema = z.string().regex(/^\d{1,128}$/, "A sequence number is a decimal number of up to 128 digits.");

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Why a timestamp that looks like an ISO 8601 date names no day of the calendar (`2024-02-31`,
 * `2023-02-29`, `2024-13-01`), which `new Date` would silently move or refuse; undefined otherwise.
 */
export function impossibleDate(raw: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (month < 1 || month > 12) return `${date} is not a date: months go from 01 to 12.`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${date} is not a date: ${MONTHS[month - 1]} ${m[1]} has ${days} days.`;
  return undefined;
}

/** ISO 8601 or epoch milliseconds; undefined when it is neither, or names no calendar day. */
export function parseTimestamp(raw: string): Date | undefined {
  const s = raw.trim();
  if (impossibleDate(s)) return undefined;
  const d = /^\d{1,16}$/.test(s) ? new Date(Number(s)) : /^\d{4}-\d{2}-\d{2}/.test(s) ? new Date(s) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** The message for an `at` that is not a usable timestamp. */
export function timestampMessage(raw: string | undefined, prefix: string): string {
  return (raw && impossibleDate(raw)) ?? `${prefix} an ISO 8601 time or milliseconds since the epoch.`;
}

/**
 * A whole number written in plain decimal digits (no sign, exponent, hex, spaces or fraction),
 * within bounds. `z.coerce.number` would take `0x10`, `1e1`, ` 10` and `+10` as 16, 10, 10, 10.
 */
export function decimalIntegerParam(field: string, min: number, max: number, what = `a whole number written in digits, e.g. ${min}`) {
  return z
    .string({ error: `${field} must be a whole number.` })
    .regex(/^\d{1,15}$/, `${field} must be ${what}.`)
    .meta({ description: `A whole number from ${min} to ${max}, in decimal digits.` })
    .transform((v, ctx) => {
      const n = Number(v);
      if (n < min) ctx.addIssue({ code: "custom", message: `${field} must be at least ${min}.` });
      else if (n > max) ctx.addIssue({ code: "custom", message: `${field} is at most ${max}.` });
      return n;
    });
}

/** One sentence from a zod error: the first problem, named by its field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length && !i.message.toLowerCase().includes(String(i.path[0]).toLowerCase()) ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join(" ");
}
