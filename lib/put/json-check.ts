// Checks that text is JSON and, when it is not, says where and why in the same words on every
// browser and on the server. JSON.parse decides; its messages differ between engines (some give
// no position at all), so a small strict scanner finds the first offending character.
import { describeCharacter, describePosition } from "./text-position";

export type JsonCheck =
  | { ok: true; value: unknown }
  /** `reason` says what is wrong; `message` adds where ("… at line 2, column 5"). */
  | { ok: false; offset: number; reason: string; message: string };

export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const found = findJsonError(text);
    if (found) return { ok: false, offset: found.offset, reason: found.message, message: `${found.message} at ${describePosition(text, found.offset)}` };
    // Not expected: the scanner follows the same grammar. Fall back to the engine's words.
    const reason = e instanceof Error ? e.message : "Not valid JSON";
    return { ok: false, offset: 0, reason, message: reason };
  }
}

export interface JsonProblem {
  /** Offset (UTF-16 code units) of the first character that makes the text invalid. */
  offset: number;
  message: string;
}

type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "end";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

function isWs(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The first error in `text` by RFC 8259, or undefined when it is valid JSON. Iterative: deep nesting cannot overflow. */
export function findJsonError(text: string): JsonProblem | undefined {
  const n = text.length;
  const stack: ("{" | "[")[] = [];
  let i = 0;
  let expect = "value" as Expect; // widened: afterValue() assigns it from a closure
  let afterComma = false;
  const fail = (message: string, offset = i): JsonProblem => ({ offset, message });
  const unexpected = (what: string) => {
    const ch = text[i];
    const hint = ch === "'" ? " (strings and names take double quotes)" : "";
    return fail(`Unexpected ${describeCharacter(text, i)} ${what}${hint}`);
  };
  const afterValue = () => {
    expect = stack.length > 0 ? "comma-or-close" : "end";
    afterComma = false;
  };

  const readString = (): JsonProblem | undefined => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= n) return fail("Unterminated string", start);
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return undefined;
      }
      if (code === 0x5c) {
        const esc = text[i + 1];
        if (esc === undefined) return fail("Unterminated string", start);
        if (esc === "u") {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return fail("Invalid \\u escape: it needs four hex digits");
          i += 6;
        } else if ('"\\/bfnrt'.includes(esc)) {
          i += 2;
        } else {
          return fail(`Invalid escape '\\${esc}'`);
        }
        continue;
      }
      if (code < 0x20) return fail(`Unescaped ${describeCharacter(text, i)} in a string`);
      i++;
    }
  };

  const readNumber = (): JsonProblem | undefined => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return fail("Invalid number");
    const end = i + m[0].length;
    const next = text[end];
    if ((m[0] === "0" || m[0] === "-0") && next !== undefined && next >= "0" && next <= "9") {
      return fail("Numbers cannot have leading zeros");
    }
    if (next === "." || next === "e" || next === "E") return fail("Invalid number: digits must follow '.' and the exponent", end);
    i = end;
    return undefined;
  };

  for (;;) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (expect === "end") return i < n ? unexpected("after the end of the JSON value") : undefined;
    if (i >= n) {
      if (stack.length === 0 && expect === "value") return fail("No JSON value (the text is empty)");
      return fail(
        `Unexpected end of input: ${stack.at(-1) === "{" ? "an object is not closed with '}'" : stack.length ? "an array is not closed with ']'" : "a value is missing"}`,
      );
    }
    const c = text[i]!;
    // An empty array or object closes here; otherwise a value or a key is read as usual.
    if ((expect === "value-or-close" && c === "]") || (expect === "key-or-close" && c === "}")) {
      i++;
      stack.pop();
      afterValue();
      continue;
    }
    switch (expect) {
      case "value-or-close":
      case "value": {
        if (afterComma && (c === "]" || c === "}")) return fail(`Trailing comma before '${c}'`);
        if (c === "{") {
          stack.push("{");
          i++;
          expect = "key-or-close";
          afterComma = false;
          continue;
        }
        if (c === "[") {
          stack.push("[");
          i++;
          expect = "value-or-close";
          afterComma = false;
          continue;
        }
        let problem: JsonProblem | undefined;
        if (c === '"') problem = readString();
        else if (c === "-" || (c >= "0" && c <= "9")) problem = readNumber();
        else {
          const literal = ["true", "false", "null"].find((l) => text.startsWith(l, i));
          if (!literal) return unexpected("where a value was expected");
          i += literal.length;
        }
        if (problem) return problem;
        afterValue();
        continue;
      }
      case "key-or-close":
      case "key": {
        if (afterComma && c === "}") return fail("Trailing comma before '}'");
        if (c !== '"') return unexpected("where a property name in double quotes was expected");
        const problem = readString();
        if (problem) return problem;
        expect = "colon";
        afterComma = false;
        continue;
      }
      case "colon":
        if (c !== ":") return unexpected("where ':' was expected after the property name");
        i++;
        expect = "value";
        continue;
      case "comma-or-close": {
        const top = stack.at(-1);
        if (c === ",") {
          i++;
          expect = top === "{" ? "key" : "value";
          afterComma = true;
          continue;
        }
        if ((top === "{" && c === "}") || (top === "[" && c === "]")) {
          i++;
          stack.pop();
          afterValue();
          continue;
        }
        return unexpected(`where ',' or '${top === "{" ? "}" : "]"}' was expected`);
      }
    }
  }
}
