import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = {
  "@": path.resolve(__dirname),
  // `server-only` throws outside React Server Components; in Node tests it is just a marker.
  "server-only": path.resolve(__dirname, "scripts/testing/server-only-stub.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.app.test.ts", "lib/queries/**", "node_modules/**"],
          environment: "node",
        },
      },
      {
        // Hooks and components with Testing Library in jsdom; each test makes its own QueryClient.
        resolve: { alias },
        test: {
          name: "dom",
          include: ["components/**/*.test.tsx", "lib/queries/**/*.test.ts", "lib/queries/**/*.test.tsx"],
          exclude: ["**/*.int.test.ts", "**/*.app.test.ts", "node_modules/**"],
          environment: "jsdom",
          setupFiles: ["scripts/testing/dom-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          // .next/standalone (npm run build) holds a copy of the source tree, tests included.
          exclude: ["node_modules/**", ".next/**"],
          environment: "node",
          globalSetup: ["scripts/testing/integration-setup.ts"],
          setupFiles: ["scripts/testing/fresh-app-state.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        // Against the built app (`next start`), so they run after `next build` in `npm test`;
        // alone, they build first when the build is missing or older than the sources.
        resolve: { alias },
        test: {
          name: "app",
          include: ["**/*.app.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          environment: "node",
          globalSetup: ["scripts/testing/app-build-setup.ts", "scripts/testing/integration-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
