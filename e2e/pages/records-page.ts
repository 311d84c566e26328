import { expect, type Locator, type Page } from "@playwright/test";

export class RecordsPage {
  readonly rows: Locator;
  readonly drawer: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("record-row");
    this.drawer = page.getByTestId("drawer");
  }

  async goto(stream: string, query: Record<string, string> = {}) {
    const qs = new URLSearchParams(query).toString();
    await this.page.goto(`/streams/${encodeURIComponent(stream)}/records${qs ? `?${qs}` : ""}`);
  }

  /** Fills the start-position form and reads. */
  async read(opts: { shard: string; from: string; at?: string; decoder?: string }) {
    await this.page.getByTestId("shard-select").selectOption(opts.shard);
    await this.page.getByLabel("Start position").selectOption(opts.from);
    if (opts.at !== undefined) {
      await this.page.getByLabel(opts.from === "AT_TIMESTAMP" ? "Timestamp" : "Sequence number").fill(opts.at);
    }
    if (opts.decoder) await this.page.getByLabel("Decoder").selectOption(opts.decoder);
    await this.page.getByRole("button", { name: "Read records" }).click();
  }

  rowWithKey(partitionKey: string): Locator {
    return this.rows.filter({ hasText: partitionKey });
  }

  async open(partitionKey: string) {
    await this.rowWithKey(partitionKey).first().click();
    await expect(this.drawer).toBeVisible();
  }
}
