// How Shardscope's browser tests and benchmarks launch Debian's chromium: Playwright's own browser
// download cannot work on this network. One set of options for playwright.config.ts and bench/.
import type { LaunchOptions } from "@playwright/test";

export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
