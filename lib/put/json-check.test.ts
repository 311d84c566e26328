import { describe, expect, it } from "vitest";
import { checkJson, findJsonError } from "./json-check";

const valid = [
  "{}",
  "[]",
  '  {"a": [1, -2.5e+3, 0, -0, 0.1, 1E9, true, false, null, "x\\n\\u00e9\\"\\\\\\/"]} ',
  '"just a string"',
  "42",
  "[[[[[]]]]]",
  '{"a":{"b":{"c":[{}]}}}',
  "\t\r\n[1]\n",
];

const invalid: [string, number, RegExp][] = [
  ["", 0, /empty/],
  ["   ", 3, /empty/],
  ['{"a":1,}', 7, /Trailing comma before '}'/],
  ["[1,2,]", 5, /Trailing comma before '\]'/],
  ["{a:1}", 1, /property name in double quotes/],
  ["{'a':1}", 1, /double quotes/],
  ['{"a" 1}', 5, /':' was expected/],
  ['{"a":1 "b":2}', 7, /',' or '}' was expected/],
  ["[1 2]", 3, /',' or '\]' was expected/],
  ['{"a":1', 6, /object is not closed/],
  ["[1,", 3, /array is not closed/],
  ['"abc', 0, /Unterminated string/],
  ['"a\\qb"', 2, /Invalid escape '\\q'/],
  ['"\\u12G4"', 1, /four hex digits/],
  ['"tab\there"', 4, /Unescaped control character U\+0009/],
  ["01", 0, /leading zeros/],
  ["-", 0, /Invalid number/],
  ["1.", 1, /digits must follow/],
  ["1e", 1, /digits must follow/],
  ["NaN", 0, /Unexpected 'N' where a value was expected/],
  ["tru", 0, /Unexpected 't'/],
  ["{} {}", 3, /after the end of the JSON value/],
  ["[1]]", 3, /after the end/],
  ['{"a":}', 5, /where a value was expected/],
  ["\uFEFF{}", 0, /Unexpected/],
];

describe("findJsonError", () => {
  it.each(valid)("accepts %j like JSON.parse", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonError(text)).toBeUndefined();
  });

  it.each(invalid)("rejects %j at offset %i", (text, offset, message) => {
    expect(() => JSON.parse(text)).toThrow();
    const problem = findJsonError(text);
    expect(problem?.offset).toBe(offset);
    expect(problem?.message).toMatch(message);
  });

  it("agrees with JSON.parse on every one-character deletion and insertion of a document", () => {
    const doc = '{"id":"o-1","items":[{"sku":"a","qty":2,"price":-1.5e2}],"ok":true,"note":null,"s":"\\u00e9\\n"}';
    const variants = new Set<string>();
    const inserts = ['"', ",", ":", "{", "}", "[", "]", "0", "-", ".", "e", "x", " ", "\\"];
    for (let i = 0; i <= doc.length; i++) {
      variants.add(doc.slice(0, i) + doc.slice(i + 1));
      for (const c of inserts) variants.add(doc.slice(0, i) + c + doc.slice(i));
    }
    for (const v of variants) {
      let parses = true;
      try {
        JSON.parse(v);
      } catch {
        parses = false;
      }
      expect(findJsonError(v) === undefined, v).toBe(parses);
    }
  });

  it("handles nesting far deeper than a call stack", () => {
    const deep = "[".repeat(200_000) + "]".repeat(199_999);
    expect(findJsonError(deep)?.message).toMatch(/array is not closed/);
  });
});

describe("checkJson", () => {
  it("returns the parsed value", () => {
    expect(checkJson('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
  });

  it("says where the problem is by line and column in multi-line text", () => {
    const r = checkJson('{\n  "a": 1,\n  "b": ,\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe("Unexpected ',' where a value was expected at line 3, column 8");
      expect(r.reason).toBe("Unexpected ',' where a value was expected");
    }
  });

  it("says the character for single-line text", () => {
    const r = checkJson('{"a":1,}');
    expect(r.ok || r.message).toBe("Trailing comma before '}' at character 8");
  });
});
