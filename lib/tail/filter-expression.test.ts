import { describe, expect, it } from "vitest";
import { analyzeExpression, MAX_EXPRESSION_DEPTH } from "./filter-expression";

describe("analyzeExpression", () => {
  it("measures nesting the way filtrex nests its generated calls", () => {
    expect(analyzeExpression("total > 100")).toMatchObject({ ok: true, depth: 2 });
    expect(analyzeExpression("1 + 2 * 3 ^ 4 ^ 5")).toMatchObject({ ok: true, depth: 5 });
    expect(analyzeExpression("if a then -b else (c, d)")).toMatchObject({ ok: true, depth: 3 });
    expect(analyzeExpression("x in (1, 2, 3) and not y")).toMatchObject({ ok: true, depth: 4 });
    expect(analyzeExpression('tier of customer == "gold"')).toMatchObject({ ok: true, depth: 3 });
  });

  it("stops at the bound without recursing further", () => {
    const deep = analyzeExpression("-".repeat(100_000) + "1");
    expect(deep).toMatchObject({ ok: false, reason: "too_deep" });
    expect(analyzeExpression("(".repeat(MAX_EXPRESSION_DEPTH - 1) + "1" + ")".repeat(MAX_EXPRESSION_DEPTH - 1))).toMatchObject({ ok: true });
    expect(analyzeExpression("(".repeat(MAX_EXPRESSION_DEPTH) + "1" + ")".repeat(MAX_EXPRESSION_DEPTH))).toMatchObject({ ok: false, reason: "too_deep" });
  });

  it("lists called functions and the literal patterns of ~=", () => {
    expect(analyzeExpression('abs(x) > 1 and name ~= "^a\\\\d" and other ~= ("b") and z ~= "c" + w')).toEqual({
      ok: true,
      depth: 6,
      functions: ["abs"],
      patterns: ["^a\\d"],
    });
  });

  it("reports syntax it cannot read", () => {
    expect(analyzeExpression("total >")).toEqual({ ok: false, reason: "syntax", message: "the expression ends too early" });
    expect(analyzeExpression("a # b")).toEqual({ ok: false, reason: "syntax", message: "unexpected character “#” at position 3" });
  });
});
