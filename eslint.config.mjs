// `npm run lint`: Next's rules (React, hooks, accessibility, core web vitals), typescript-eslint's
// recommended rules, and the layout rule of docs/architecture.md as import boundaries.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const root = path.dirname(fileURLToPath(import.meta.url));

// Every file the block applies to may not import `from` (by `@/` alias or relative path: the
// rule resolves the import first). import/no-restricted-paths resolves through tsconfig's paths.
function boundary(name, files, ignores, zones) {
  return {
    name,
    files,
    ignores,
    rules: {
      "import/no-restricted-paths": ["error", { basePath: root, zones: zones.map((z) => ({ target: ".", ...z })) }],
    },
  };
}

const server = {
  from: "./lib/server",
  message:
    "lib/server/ is the server half: browser code and isomorphic lib/<domain>/ never import it (fetch on the server in app/ and pass props, or call the API).",
};
const components = { from: "./components", message: "Only app/ and components/ import components/." };
const app = { from: "./app", message: "app/ is routes only: nothing imports it." };
const queries = { from: "./lib/queries", message: "lib/queries/ is the client half: only components/ and app/ import it." };

export default defineConfig([
  globalIgnores([".next/**", "node_modules/**", ".test-output/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  ...nextVitals,
  ...nextTypescript,
  {
    name: "shardscope/rules",
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // tsc's noUnusedLocals/noUnusedParameters say the same; here it fails the lint too. A leading
      // underscore marks what must stay (a parameter a signature needs, a property left out of a rest).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // The React Compiler is not turned on, so a library it cannot memoize costs nothing.
      "react-hooks/incompatible-library": "off",
    },
  },
  {
    name: "shardscope/tests",
    files: ["**/*.test.ts", "**/*.test.tsx"],
    // Tests walk untyped JSON (response bodies, the OpenAPI document) and assert on what they find.
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    name: "shardscope/e2e",
    files: ["e2e/**"],
    // Playwright fixtures hand their value on with `use(value)`, which is not React's `use`.
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  // The layout rule (README "Layout", docs/architecture.md).
  boundary("shardscope/boundaries/client", ["components/**", "lib/queries/**"], [], [server]),
  boundary("shardscope/boundaries/domain", ["lib/**"], ["lib/server/**", "lib/queries/**"], [server, components, queries, app]),
  // Integration tests beside the server code call the route handlers themselves.
  boundary("shardscope/boundaries/server", ["lib/server/**"], ["**/*.test.ts"], [components, app]),
]);
