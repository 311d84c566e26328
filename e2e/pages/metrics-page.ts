import { expect, type Locator, type Page } from "@playwright/test";

export class MetricsPage {
  constructor(readonly page: Page) {}

  async goto(stream: string, query: Record<string, string> = {}) {
    const qs = new URLSearchParams(query).toString();
    await this.page.goto(`/streams/${encodeURIComponent(stream)}/metrics${qs ? `?${qs}` : ""}`);
  }

  chart(id: string): Locator {
    return this.page.getByTestId(`chart-${id}`);
  }

  /** The chart's data table row for the period starting at `slotIso`. */
  async dataRow(id: string, slotIso: string): Promise<Locator> {
    const chart = this.chart(id);
    await expect(chart).toHaveAttribute("data-state", "ready");
    await chart.getByTestId("chart-data-toggle").click();
    return chart.locator(`[data-testid="chart-data"] tr[data-time="${slotIso}"]`);
  }

  shardRows(): Locator {
    return this.page.getByTestId("shard-usage-row");
  }

  /** Moves the mouse over a chart to the point of the period starting at `slotIso` (its tooltip shows it). */
  async hover(chart: Locator, slotIso: string): Promise<void> {
    const plot = chart.getByTestId("chart-plot");
    const surface = plot.locator("svg").first();
    await expect(surface).toBeVisible();
    await plot.scrollIntoViewIfNeeded();
    const box = await surface.boundingBox();
    const first = Number(await plot.getAttribute("data-first"));
    const last = Number(await plot.getAttribute("data-last"));
    if (!box || !(last > first)) throw new Error("the chart has no plot");
    // The plot area: the grid where there is one, else the surface less the chart's margins.
    const gridLocator = chart.locator(".recharts-cartesian-grid");
    const grid = (await gridLocator.count()) > 0 ? await gridLocator.boundingBox() : null;
    const left = grid?.x ?? box.x + 4;
    const width = grid?.width ?? box.width - 16;
    const target = Date.parse(slotIso);
    const step = width / ((last - first) / 60_000 || 1);
    let x = left + ((target - first) / (last - first)) * width;
    const tooltipTime = () => chart.evaluate((el) => el.querySelector('[data-testid="chart-tooltip"]')?.getAttribute("data-time") ?? null);
    for (let i = 0; i < 30; i++) {
      await this.page.mouse.move(x, box.y + box.height / 2);
      await this.page.waitForTimeout(30);
      const shown = await tooltipTime();
      if (shown === slotIso) return;
      if (shown) x += Date.parse(shown) < target ? Math.max(1, step / 3) : -Math.max(1, step / 3);
      else x += 1;
    }
    throw new Error(`could not point at ${slotIso} on the chart (last tooltip: ${await tooltipTime()})`);
  }
}

/** The ISO start of the 60-second period that holds `at`. */
export const slotOf = (at: Date, period = 60) => new Date(Math.floor(at.getTime() / (period * 1000)) * period * 1000).toISOString();
