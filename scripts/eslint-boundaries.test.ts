// The layout rule in eslint.config.mjs, against planted imports: each forbidden import fails the lint
// whether it is written with the `@/` alias or as a relative path, and the allowed ones pass. If the
// import resolver stopped resolving `@/`, the rule would pass everything silently; this test would not.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, from: string): Promise<string[]> {
  const code = `import * as planted from "${from}";\nexport const used = planted;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === "import/no-restricted-paths" || m.fatal).map((m) => m.message);
}

// The first lint loads the parser and the resolver: seconds on a busy machine.
describe("import boundaries", { timeout: 60_000 }, () => {
  it.each([
    ["components/tail/planted.tsx", "@/lib/server/config"],
    ["components/tail/planted.tsx", "../../lib/server/config"],
    ["lib/queries/planted.ts", "@/lib/server/tail/tail-service"],
    ["lib/tail/planted.ts", "../server/config"],
    ["lib/http/planted.ts", "@/lib/server/errors"],
    ["lib/records/planted.ts", "@/components/top-bar"],
    ["lib/streams/planted.ts", "@/lib/queries/streams"],
    ["lib/metrics/planted.ts", "@/app/layout"],
    ["lib/server/planted.ts", "@/components/top-bar"],
    ["lib/server/tail/planted.ts", "../../../app/api/t/[target]/[region]/streams/[name]/tail/route"],
  ])("%s may not import %s", async (file, from) => {
    const errors = await boundaryErrors(file, from);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/restricted zone/);
  });

  it.each([
    ["components/tail/planted.tsx", "@/lib/tail/tail-query"],
    ["components/tail/planted.tsx", "@/lib/queries/use-tail"],
    ["lib/queries/planted.ts", "@/lib/streams/types"],
    ["lib/tail/planted.ts", "../records/decode-payload"],
    ["lib/server/planted.ts", "@/lib/tail/tail-query"],
    ["app/planted.tsx", "@/lib/server/config"],
    // Integration tests beside the server code call the route handlers themselves.
    ["lib/server/tail/planted.int.test.ts", "@/app/api/t/[target]/[region]/streams/[name]/tail/route"],
  ])("%s may import %s", async (file, from) => {
    expect(await boundaryErrors(file, from)).toEqual([]);
  });
});
