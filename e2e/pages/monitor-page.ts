import type { Locator, Page } from "@playwright/test";

export class MonitorPage {
  readonly tiles: Locator;

  constructor(readonly page: Page) {
    this.tiles = page.getByTestId("monitor-tile");
  }

  async goto(query: Record<string, string> = {}) {
    const qs = new URLSearchParams(query).toString();
    await this.page.goto(`/monitor${qs ? `?${qs}` : ""}`);
  }

  tile(stream: string): Locator {
    return this.page.locator(`[data-testid="monitor-tile"][data-stream="${stream}"]`);
  }

  async order(): Promise<string[]> {
    return this.tiles.evaluateAll((els) => els.map((e) => e.getAttribute("data-stream") ?? ""));
  }
}
