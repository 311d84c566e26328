// Every page of the app, with how to tell it has loaded its data: for the specs that visit them all
// (axe, narrow screens, screenshots).
import { expect, type Page } from "@playwright/test";
import { FIXTURES, FIXTURE_SHARD } from "../fixtures/seed";
import { TailPage } from "./tail-page";

export const PAGES: { name: string; url: string; ready: (page: Page) => Promise<void> }[] = [
  { name: "streams list", url: "/", ready: (p) => expect(p.locator('[data-testid="stream-row"][data-stream="orders"]')).toContainText("ACTIVE") },
  { name: "stream overview", url: "/streams/orders", ready: (p) => expect(p.getByTestId("shard-row").first()).toBeVisible() },
  {
    name: "records",
    url: `/streams/orders/records?shard=${FIXTURE_SHARD}&from=TRIM_HORIZON`,
    ready: (p) => expect(p.getByTestId("record-row").filter({ hasText: FIXTURES.json.partitionKey }).first()).toBeVisible(),
  },
  { name: "tail", url: "/streams/orders/tail", ready: (p) => new TailPage(p).waitLive() },
  { name: "search", url: "/streams/orders/search?max=5&run=1", ready: (p) => expect(p.getByTestId("search-done")).toBeVisible() },
  {
    name: "metrics",
    url: "/streams/orders/metrics",
    ready: (p) =>
      expect(p.locator('section[data-testid^="chart-"][data-state="empty"], section[data-testid^="chart-"][data-state="ready"]').first()).toBeVisible(),
  },
  { name: "put", url: "/streams/orders/put", ready: (p) => expect(p.getByTestId("write-target-stream")).toHaveText("orders") },
  { name: "top-bar put", url: "/put", ready: (p) => expect(p.getByTestId("stream-picker")).toBeVisible() },
  { name: "stream consumers", url: "/streams/orders/consumers", ready: (p) => expect(p.getByTestId("consumers-usage")).toBeVisible() },
  { name: "consumers", url: "/consumers", ready: (p) => expect(p.getByTestId("consumers-usage")).toBeVisible() },
  { name: "monitor", url: "/monitor", ready: (p) => expect(p.getByTestId("monitor-tile").first()).toBeVisible() },
  { name: "monitor kiosk", url: "/monitor?kiosk=1", ready: (p) => expect(p.getByTestId("monitor-tile").first()).toBeVisible() },
  { name: "audit", url: "/audit", ready: (p) => expect(p.getByTestId("audit-count")).toBeVisible() },
  { name: "404", url: "/no/such/page", ready: (p) => expect(p.getByText("Page not found")).toBeVisible() },
];
