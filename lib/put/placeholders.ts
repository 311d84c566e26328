// Placeholders in a record's key and data, so that N copies can differ: {{uuid}} a fresh UUID,
// {{seq}} the record's number (1, 2, …), {{now}} the time it was built (ISO 8601, UTC).

export const PLACEHOLDERS = ["uuid", "seq", "now"] as const;

const PATTERN = /\{\{\s*([a-zA-Z_][\w-]*)\s*\}\}/g;

export interface PlaceholderContext {
  seq: number;
  now: () => Date;
  uuid: () => string;
}

export function expandPlaceholders(text: string, ctx: PlaceholderContext): string {
  if (!text.includes("{{")) return text;
  return text.replace(PATTERN, (whole, name: string) => {
    switch (name) {
      case "uuid":
        return ctx.uuid();
      case "seq":
        return String(ctx.seq);
      case "now":
        return ctx.now().toISOString();
      default:
        return whole; // unknown names are sent as written; the form warns about them
    }
  });
}

export function hasPlaceholders(text: string): boolean {
  return [...text.matchAll(PATTERN)].some((m) => (PLACEHOLDERS as readonly string[]).includes(m[1] ?? ""));
}

/** Names in {{…}} that are not placeholders, e.g. a typo like {{uiid}}. */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PATTERN)].map((m) => m[1] ?? "").filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n)))];
}

/** crypto.randomUUID where the page is a secure context; otherwise a v4 UUID from getRandomValues. */
export function randomUuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
