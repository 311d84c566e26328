import type { Locator, Page } from "@playwright/test";

export class StreamsPage {
  readonly rows: Locator;
  readonly filter: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("stream-row");
    this.filter = page.getByLabel("Filter streams by name");
  }

  async goto(query = "") {
    await this.page.goto(`/${query}`);
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="stream-row"][data-stream="${name}"]`);
  }

  async names(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-stream") ?? ""));
  }
}
