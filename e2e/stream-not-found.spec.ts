// An unknown stream's pages are a 404 with a plain message, no tabs and the way back; so is a
// name that cannot be a stream's. The status is checked as the browser gets it and as a plain fetch does.
import { expect, test } from "@playwright/test";

const TABS = ["", "/records", "/tail", "/metrics", "/put"];

for (const tab of TABS) {
  test(`/streams/nope${tab} answers 404 with a plain message, no tabs and a link back`, async ({ page, baseURL }) => {
    const response = await page.goto(`/streams/nope${tab}`);
    expect(response?.status()).toBe(404);
    // Without a browser, too (Next sends its error shell; the browser renders the message from the payload).
    const plain = await fetch(`${baseURL}/streams/nope${tab}`);
    expect(plain.status).toBe(404);
    expect(await plain.text()).toContain("StreamNotFound");

    const notFound = page.getByTestId("stream-not-found");
    await expect(notFound).toBeVisible();
    const message = page.getByTestId("stream-not-found-message");
    await expect(message).toContainText("No stream named “nope” in target local, us-east-1 on the local endpoint http://127.0.0.1:");
    await expect(message).toContainText("It may have been deleted, or it lives in another region or account.");
    // Not the emulator's own words, and none of a stream page's furniture.
    await expect(page.locator("main")).not.toContainText("under account");
    await expect(page.getByRole("navigation", { name: "Stream sections" })).toHaveCount(0);
    await expect(page.getByTestId("stream-title")).toHaveCount(0);
    await expect(page.getByTestId("error-panel")).toHaveCount(0);

    await page.getByTestId("back-to-streams").click();
    await expect(page).toHaveURL(/\/t\/local\/us-east-1$/);
    await expect(page.locator('[data-testid="stream-row"][data-stream="orders"]')).toBeVisible();
  });
}

test("a name that cannot be a stream's answers 404 saying so, without a crash", async ({ page, baseURL }) => {
  const response = await page.goto("/streams/bad%20name!");
  expect(response?.status()).toBe(404);
  expect((await fetch(`${baseURL}/streams/bad%20name!/records`)).status).toBe(404);
  await expect(page.getByTestId("stream-not-found-message")).toContainText("“bad name!” is not a stream name");
  await expect(page.getByRole("navigation", { name: "Stream sections" })).toHaveCount(0);
  await expect(page.getByTestId("back-to-streams")).toBeVisible();
});

test("a real stream's pages still answer 200 with their tabs", async ({ page }) => {
  const response = await page.goto("/streams/orders/records");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("navigation", { name: "Stream sections" })).toBeVisible();
});
