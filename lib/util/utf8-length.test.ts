import { describe, expect, it } from "vitest";
import { utf8Length } from "./utf8-length";

describe("utf8Length", () => {
  it("matches TextEncoder, lone surrogates included", () => {
    const samples = ["", "abc", "é", "€", "😀", "a😀b", "\ud800", "x\udc00y", "\ud83d", "日本語テキスト", "\u0000\u007f\u0080\u07ff\u0800\uffff"];
    for (const s of samples) expect(utf8Length(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).byteLength);
  });
});
