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
