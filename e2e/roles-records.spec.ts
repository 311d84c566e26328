// A role's rights over record data in the browser, on a sign-in server of its own
// (SHARDSCOPE_AUTH=oidc against a real OpenID provider) whose roles say: viewers may not download
// records (`export: false`), admins see them unmasked (`unmask: true`); one masking rule hides a
// card number. The viewer's tail has no Export and the search no Download (and the download URL
// answers 403); the admin sees the card number the viewer never receives, and has both.
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { expect, type Browser, type Page } from "@playwright/test";
import { OIDC_TEST_ROLES } from "@/scripts/lib/oidc-provider";
import { expectNoSeriousViolations } from "./fixtures/a11y";
import { startAuthServer, type AuthServer } from "./fixtures/auth-server";
import { test } from "./fixtures/kinesis";

const SCOPE = "/t/local/us-east-1";
const CARD = "4111111111111111";

async function signIn(browser: Browser, server: AuthServer, user: string, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await page.locator("input[name=login]").fill(user);
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, "\\?")}$`));
  return page;
}

test.describe("unmask and export per role", () => {
  test.describe.configure({ mode: "serial" });
  let server: AuthServer;
  let stream: string;

  test.beforeAll(async ({ kinesis }) => {
    server = await startAuthServer(kinesis.endpoint, "oidc", {
      roles: { ...OIDC_TEST_ROLES, viewer: { ...OIDC_TEST_ROLES.viewer, export: false }, admin: { ...OIDC_TEST_ROLES.admin, unmask: true } },
      masking: { rules: [{ streams: ["e2e-roles-*"], path: "$.card.number" }] },
    });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test.beforeEach(async ({ kinesis }) => {
    stream = await kinesis.scratchStream("roles", 1);
    await kinesis.client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: [{ PartitionKey: "order-7", Data: Buffer.from(JSON.stringify({ order: 7, card: { number: CARD } })) }],
      }),
    );
  });

  test("a viewer whose role may not export: masked rows, no Export on the tail, no Download on the search, and the download refused", async ({ browser }) => {
    const page = await signIn(browser, server, "victor", `${SCOPE}/streams/${stream}/tail?from=TRIM_HORIZON`);
    const row = page.locator('[data-testid="tail-row"][data-key="order-7"]');
    await expect(row).toBeVisible();
    await expect(row.getByTestId("masked-badge")).toBeVisible();
    await expect(page.getByRole("button", { name: "Clear" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Export NDJSON" })).toHaveCount(0);
    expect(await page.content()).not.toContain(CARD);
    await expectNoSeriousViolations(page, "the tail of a role that may not export");

    await page.goto(`${SCOPE}/streams/${stream}/search?from=TRIM_HORIZON&run=1`);
    await expect(page.getByTestId("search-done")).toHaveAttribute("data-reason", "window");
    await expect(page.getByTestId("search-row")).toHaveCount(1);
    await expect(page.getByTestId("search-download")).toHaveCount(0);
    expect(await page.content()).not.toContain(CARD);

    const refused = await page.request.get(`${SCOPE.replace("/t/", "/api/t/")}/streams/${stream}/search.ndjson?from=TRIM_HORIZON`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error).toEqual({ code: "forbidden", message: expect.stringContaining("downloading records is turned off for it") });
    await page.context().close();
  });

  test("an admin whose role may unmask sees the value, and may export", async ({ browser }) => {
    const page = await signIn(browser, server, "alice", `${SCOPE}/streams/${stream}/tail?from=TRIM_HORIZON`);
    const row = page.locator('[data-testid="tail-row"][data-key="order-7"]');
    await expect(row).toBeVisible();
    await expect(row.getByTestId("masked-badge")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Export NDJSON" })).toBeEnabled();
    await row.click();
    await expect(page.getByTestId("json-tree")).toContainText(CARD);
    await page.keyboard.press("Escape");

    await page.goto(`${SCOPE}/streams/${stream}/search?from=TRIM_HORIZON&run=1`);
    await expect(page.getByTestId("search-done")).toHaveAttribute("data-reason", "window");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("search-download").click()]);
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    expect(text).toContain(CARD);
    await page.context().close();
  });
});
