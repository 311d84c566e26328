// A second, small reader of filtrex's expression syntax, run before filtrex compiles anything:
// filtrex turns an expression into nested JavaScript calls, so a deeply nested one (a thousand
// unary minus signs) overflows the stack while compiling or evaluating. This reader measures the
// nesting without recursion limits of its own mattering (its depth is bounded as it goes), finds
// the functions an expression calls and the literal patterns its `~=` operators use, so that they
// can be checked, and compiled on RE2, before the expression ever runs.
//
// The tokens mirror filtrex 3's lexer rules, in the same order (first match wins), including its
// quirk that a keyword swallows the character after it (`and(` is the keyword `and`).

export const MAX_EXPRESSION_DEPTH = 64;

/** filtrex 3's built-in functions; an expression calling anything else is refused. */
export const EXPRESSION_FUNCTIONS = ["abs", "ceil", "floor", "log", "log2", "log10", "max", "min", "round", "sqrt", "exists", "empty"] as const;

type TokenType =
  | "op" // * / - + ^ ( ) , == != ~= >= <= < > % ? :
  | "kw" // notIn and or not in of if then else mod
  | "Number"
  | "Symbol"
  | "String"
  | "End";

interface Token {
  type: TokenType;
  /** The operator or keyword, the symbol's name or the string's value. */
  value: string;
  pos: number;
}

const RULES: [RegExp, (m: string) => Token["type"] | null, ((m: string) => string)?][] = [
  [/\*|\/|-|\+|\^|\(|\)|,|==|!=|~=|>=|<=|<|>/y, () => "op"],
  [/not\s+in[^\w]/y, () => "kw", () => "notIn"],
  [/(?:and|or|not|in|of|if|then|else|mod)[^\w]/y, () => "kw", (m) => m.slice(0, -1)],
  [/\s+/y, () => null],
  [/[0-9]+(?:\.[0-9]+)?(?![0-9.])/y, () => "Number"],
  [/[a-zA-Z$_][.a-zA-Z0-9$_]*/y, () => "Symbol"],
  [/'(?:\\'|\\\\|[^'\\])*'/y, () => "Symbol", (m) => unquote(m)],
  [/"(?:\\"|\\\\|[^"\\])*"/y, () => "String", (m) => unquote(m)],
  [/%|\?|:/y, () => "op"],
];

/** filtrex's string literal rules: only the quote and the backslash can be escaped. */
function unquote(literal: string): string {
  let out = "";
  for (let i = 1; i < literal.length - 1; i++) {
    if (literal[i] === "\\") i++;
    out += literal[i];
  }
  return out;
}

class ExpressionSyntaxError extends Error {}
class TooDeepError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  outer: while (pos < src.length) {
    for (const [re, kind, value] of RULES) {
      re.lastIndex = pos;
      const m = re.exec(src);
      if (!m || m[0].length === 0) continue;
      const type = kind(m[0]);
      if (type) tokens.push({ type, value: value ? value(m[0]) : m[0], pos });
      pos += m[0].length;
      continue outer;
    }
    throw new ExpressionSyntaxError(`unexpected character “${src[pos]}” at position ${pos + 1}`);
  }
  tokens.push({ type: "End", value: "", pos });
  return tokens;
}

// Binding powers, lowest first, as in filtrex's grammar.
const BINARY: Record<string, number> = {
  "?": 1,
  or: 2,
  and: 3,
  in: 4,
  notIn: 4,
  "==": 6,
  "!=": 6,
  "~=": 6,
  "<": 6,
  "<=": 6,
  ">": 6,
  ">=": 6,
  "+": 8,
  "-": 8,
  "*": 9,
  "/": 9,
  mod: 9,
  "%": 9,
  "^": 11,
};
const UNARY_POWER = 10;

export interface ExpressionAnalysis {
  depth: number;
  /** Names of the functions the expression calls. */
  functions: string[];
  /** String literals used directly as the pattern of `~=`. */
  patterns: string[];
}

interface Node {
  depth: number;
  /** Set when the node is a lone string literal. */
  literal?: string;
}

class Parser {
  private i = 0;
  readonly functions = new Set<string>();
  readonly patterns = new Set<string>();
  constructor(
    private readonly tokens: Token[],
    private readonly maxDepth: number,
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private take(): Token {
    return this.tokens[this.i++]!;
  }
  private is(value: string): boolean {
    const t = this.peek();
    return (t.type === "op" || t.type === "kw") && t.value === value;
  }
  private expect(value: string): void {
    if (!this.is(value)) throw this.unexpected();
    this.i++;
  }
  private unexpected(): ExpressionSyntaxError {
    const t = this.peek();
    return new ExpressionSyntaxError(t.type === "End" ? "the expression ends too early" : `unexpected “${t.value}” at position ${t.pos + 1}`);
  }
  private node(depth: number, literal?: string): Node {
    // Checked as the tree is built, so an absurd expression stops here, not in a stack overflow.
    if (depth > this.maxDepth) throw new TooDeepError();
    return literal === undefined ? { depth } : { depth, literal };
  }

  parseAll(): number {
    const n = this.expression(0, 0);
    if (this.peek().type !== "End") throw this.unexpected();
    return n.depth;
  }

  /** `level` is how deep we already are: a guard on this reader's own recursion. */
  private expression(minPower: number, level: number): Node {
    if (level > this.maxDepth) throw new TooDeepError();
    let left = this.prefix(level);
    for (;;) {
      const t = this.peek();
      if (t.type !== "op" && t.type !== "kw") return left;
      const power = BINARY[t.value];
      if (power === undefined || power <= minPower) return left;
      this.take();
      if (t.value === "?") {
        const then = this.expression(0, level + 1);
        this.expect(":");
        // Right-associative: `a ? b : c ? d : e` nests to the right.
        const otherwise = this.expression(power - 1, level + 1);
        left = this.node(1 + Math.max(left.depth, then.depth, otherwise.depth));
        continue;
      }
      // ^ is right-associative: its right side may hold another ^ of the same power.
      const right = this.expression(t.value === "^" ? power - 1 : power, level + 1);
      if (t.value === "~=" && right.literal !== undefined) this.patterns.add(right.literal);
      left = this.node(1 + Math.max(left.depth, right.depth));
    }
  }

  private prefix(level: number): Node {
    const t = this.take();
    if (t.type === "Number") return this.node(1);
    if (t.type === "String") return this.node(1, t.value);
    if (t.type === "Symbol") {
      if (this.is("(")) {
        this.take();
        this.functions.add(t.value);
        let depth = 0;
        if (!this.is(")")) {
          for (;;) {
            depth = Math.max(depth, this.expression(0, level + 1).depth);
            if (!this.is(",")) break;
            this.take();
          }
        }
        this.expect(")");
        return this.node(depth + 1);
      }
      if (this.is("of")) {
        this.take();
        return this.node(1 + this.expression(12, level + 1).depth);
      }
      return this.node(1);
    }
    if (t.type === "op" && t.value === "(") {
      let depth = this.expression(0, level + 1).depth;
      while (this.is(",")) {
        this.take();
        depth = Math.max(depth, this.expression(0, level + 1).depth);
      }
      this.expect(")");
      return this.node(depth + 1);
    }
    if ((t.type === "op" && t.value === "-") || (t.type === "kw" && t.value === "not")) {
      return this.node(1 + this.expression(UNARY_POWER, level + 1).depth);
    }
    if (t.type === "kw" && t.value === "if") {
      const cond = this.expression(0, level + 1);
      this.expect("then");
      const then = this.expression(0, level + 1);
      this.expect("else");
      const otherwise = this.expression(0, level + 1);
      return this.node(1 + Math.max(cond.depth, then.depth, otherwise.depth));
    }
    this.i--;
    throw this.unexpected();
  }
}

export type AnalysisResult = ({ ok: true } & ExpressionAnalysis) | { ok: false; reason: "too_deep" | "syntax"; message: string };

/** Reads an expression's shape: how deeply it nests, what it calls, which `~=` patterns it names. */
export function analyzeExpression(src: string, maxDepth = MAX_EXPRESSION_DEPTH): AnalysisResult {
  try {
    const parser = new Parser(tokenize(src), maxDepth);
    const depth = parser.parseAll();
    return { ok: true, depth, functions: [...parser.functions], patterns: [...parser.patterns] };
  } catch (e) {
    if (e instanceof TooDeepError) {
      return {
        ok: false,
        reason: "too_deep",
        message: `The expression is too deeply nested (at most ${maxDepth} levels of operators, calls and parentheses).`,
      };
    }
    if (e instanceof ExpressionSyntaxError) return { ok: false, reason: "syntax", message: e.message };
    throw e;
  }
}
