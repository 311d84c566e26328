import { chromium } from "@playwright/test";
async function main() {
  const [url, out, w, h, clickText] = process.argv.slice(2);
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const p = await b.newPage({ viewport: { width: Number(w ?? 1400), height: Number(h ?? 1000) } });
  p.on("console", (m) => m.type() === "error" && console.log("console:", m.text()));
  await p.goto(url!);
  await p.waitForTimeout(4000);
  if (clickText) { await p.getByRole("button", { name: clickText }).click(); await p.waitForTimeout(6000); }
  await p.screenshot({ path: out!, fullPage: true });
  await b.close();
}
main();
