import { describe, expect, it } from "vitest";
import { buildDoneMessage, buildStartMessage, nodeSupportNote, targetsBannerLines } from "./demo-messages";

describe("nodeSupportNote", () => {
  it("is one line for a Node older than the SDK's floor", () => {
    const note = nodeSupportNote("v20.20.2");
    expect(note).toContain("Node v20.20.2");
    expect(note).toContain(">= 22");
    expect(note).not.toContain("\n");
  });
  it("is nothing for Node 22 and later, or a version it cannot read", () => {
    expect(nodeSupportNote("v22.0.0")).toBeUndefined();
    expect(nodeSupportNote("v24.1.0")).toBeUndefined();
    expect(nodeSupportNote("weird")).toBeUndefined();
  });
});

describe("build messages", () => {
  it("say that a first build takes about a minute, and a rebuild why it happens", () => {
    expect(buildStartMessage(true, 4)).toBe("building the app (first run: about a minute on 2 cores, you have 4)…");
    expect(buildStartMessage(false, 2)).toMatch(/^rebuilding the app \(sources changed/);
  });
  it("say how long the build took", () => {
    expect(buildDoneMessage(58_400)).toBe("built in 58 s");
    expect(buildDoneMessage(72_000)).toBe("built in 1 min 12 s");
  });
});

describe("targetsBannerLines", () => {
  it("names both targets, their regions and endpoints, and how to switch", () => {
    const lines = targetsBannerLines(
      "http://127.0.0.1:3000",
      [
        { name: "local", region: "us-east-1", endpoint: "http://127.0.0.1:4567", streams: "orders, clickstream" },
        { name: "local-eu", region: "eu-west-1", endpoint: "http://127.0.0.1:4568", streams: "orders, invoices, sensors" },
      ],
      "local",
    );
    expect(lines).toEqual([
      "2 targets (SHARDSCOPE_TARGETS_FILE):",
      "  local (default): us-east-1, kinesis-local http://127.0.0.1:4567; streams orders, clickstream",
      "  local-eu: eu-west-1, kinesis-local http://127.0.0.1:4568; streams orders, invoices, sensors",
      "Switch with Target and Region in the top bar, or by URL: http://127.0.0.1:3000/t/local-eu/eu-west-1/streams/orders",
    ]);
  });
});
