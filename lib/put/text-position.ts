// Says where in a piece of text something went wrong, in the words a person uses for it.

/** "line 3, column 7" for multi-line text, "character 7" otherwise (both 1-based). */
export function describePosition(text: string, offset: number): string {
  if (!text.includes("\n")) return `character ${offset + 1}`;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** A short, printable view of the character at `offset` for an error message. */
export function describeCharacter(text: string, offset: number): string {
  const cp = text.codePointAt(offset);
  if (cp === undefined) return "the end";
  const ch = String.fromCodePoint(cp);
  if (cp < 0x20 || cp === 0x7f) return `control character U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  if (/\s/.test(ch)) return `whitespace U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return `'${ch}'`;
}

/**
 * The offset of the first lone UTF-16 surrogate (half of a pair, e.g. "\uD800"), or -1. Such a
 * string has no UTF-8 form: encoding it would silently turn the half into U+FFFD.
 */
export function loneSurrogateAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** "a lone surrogate U+D800 at character 3": for messages about such a string. */
export function describeLoneSurrogate(text: string, offset: number): string {
  return `a lone UTF-16 surrogate U+${text.charCodeAt(offset).toString(16).toUpperCase()} at ${describePosition(text, offset)} (half of a character pair, which has no UTF-8 form)`;
}
