import { expect, type Locator, type Page } from "@playwright/test";

export class PutPage {
  readonly key: Locator;
  readonly hashKey: Locator;
  readonly data: Locator;
  readonly encoding: Locator;
  readonly copies: Locator;
  readonly send: Locator;
  readonly prediction: Locator;
  readonly results: Locator;
  readonly resultRows: Locator;
  readonly state: Locator;

  constructor(readonly page: Page) {
    this.key = page.getByLabel("Partition key", { exact: true });
    this.hashKey = page.getByLabel("Explicit hash key");
    this.data = page.getByLabel("Data", { exact: true });
    this.encoding = page.getByLabel("Encoding");
    this.copies = page.getByLabel("Copies");
    this.send = page.getByTestId("send");
    this.prediction = page.getByTestId("predicted-shard");
    this.results = page.getByTestId("put-results");
    this.resultRows = page.getByTestId("put-result");
    this.state = page.getByTestId("upload-state");
  }

  async goto(stream: string) {
    await this.page.goto(`/streams/${encodeURIComponent(stream)}/put`);
    // The target decides whether sending asks first; wait until it is known.
    await expect(this.page.getByTestId("write-target-region")).not.toHaveText("…");
  }

  async compose(opts: { key?: string; hashKey?: string; encoding?: string; data?: string; copies?: number }) {
    if (opts.key !== undefined) await this.key.fill(opts.key);
    if (opts.hashKey !== undefined) await this.hashKey.fill(opts.hashKey);
    if (opts.encoding !== undefined) await this.encoding.selectOption(opts.encoding);
    if (opts.data !== undefined) await this.data.fill(opts.data);
    if (opts.copies !== undefined) await this.copies.fill(String(opts.copies));
  }

  /** The shard the form predicts (empty while the key varies per record). */
  async predictedShard(): Promise<string> {
    await expect(this.prediction).toHaveAttribute("data-shard", /shardId-/);
    return (await this.prediction.getAttribute("data-shard")) ?? "";
  }

  async sendAndWait(expected: "done" | "cancelled" | "stopped" = "done", timeout = 30_000) {
    await this.send.click();
    await expect(this.state).toHaveAttribute("data-state", expected, { timeout });
  }

  async chooseFile(name: string, content: string, mimeType = "application/x-ndjson") {
    await this.page.getByRole("button", { name: "Upload a file" }).click();
    await this.page.getByLabel("File", { exact: true }).setInputFiles({ name, mimeType, buffer: Buffer.from(content, "utf8") });
  }

  fieldError(field: "partitionKey" | "explicitHashKey" | "data" | "copies"): Locator {
    return this.page.getByTestId(`error-${field}`);
  }
}
