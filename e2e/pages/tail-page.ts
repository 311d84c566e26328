import { expect, type Locator, type Page } from "@playwright/test";

export class TailPage {
  readonly rows: Locator;
  readonly connection: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("tail-row");
    this.connection = page.getByTestId("tail-connection");
  }

  async goto(stream: string, query = "") {
    await this.page.goto(`/streams/${encodeURIComponent(stream)}/tail${query}`);
  }

  /** Live means the server has opened the stream and the readers started. */
  async waitLive() {
    await expect(this.connection).toHaveText("live");
    await expect(this.page.getByTestId("tail-stats-row").first()).toBeVisible();
    await expect(this.page.getByTestId("reader-state").first()).toHaveText(/live|catching-up/);
  }

  row(partitionKey: string): Locator {
    return this.page.locator(`[data-testid="tail-row"][data-key="${partitionKey}"]`);
  }
}
