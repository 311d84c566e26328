import "server-only";
// Server-sent events framing: `event`, `id` and one `data` line of JSON (JSON never holds a raw newline).

export function formatSseEvent(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function formatSseComment(text: string): string {
  return `: ${text.replace(/\n/g, " ")}\n\n`;
}
