// filtrex's unbundled modules, which ship without types of their own. parse() returns the
// generated code's parts, or throws the same syntax errors as compileExpression.
declare module "filtrex/dist/esnext/filtrex.mjs" {
  export { compileExpression } from "filtrex";
}
declare module "filtrex/dist/esnext/parser.mjs" {
  export function parse(expression: string): unknown;
}
