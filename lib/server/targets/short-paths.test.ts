import { describe, expect, it } from "vitest";
import { shortPathTarget } from "./short-paths";

const scope = { target: "local", region: "us-east-1" };

describe("shortPathTarget", () => {
  it("redirects today's pages to the default scope, keeping the path", () => {
    expect(shortPathTarget("/")).toMatchObject({ kind: "page" });
    expect(shortPathTarget("/")?.to(scope)).toBe("/t/local/us-east-1");
    expect(shortPathTarget("/streams/orders/tail")?.to(scope)).toBe("/t/local/us-east-1/streams/orders/tail");
    expect(shortPathTarget("/monitor")?.to(scope)).toBe("/t/local/us-east-1/monitor");
    expect(shortPathTarget("/consumers")?.to(scope)).toBe("/t/local/us-east-1/consumers");
    expect(shortPathTarget("/put")?.kind).toBe("page");
  });

  it("serves today's API paths from the default scope's routes", () => {
    const api = shortPathTarget("/api/streams/orders/records");
    expect(api?.kind).toBe("api");
    expect(api?.to(scope)).toBe("/api/t/local/us-east-1/streams/orders/records");
    expect(shortPathTarget("/api/monitor")?.to(scope)).toBe("/api/t/local/us-east-1/monitor");
    expect(shortPathTarget("/api/health")?.to(scope)).toBe("/api/t/local/us-east-1/health");
    expect(shortPathTarget("/api/consumers")?.to(scope)).toBe("/api/t/local/us-east-1/consumers");
    expect(shortPathTarget("/api/consumersx")).toBeUndefined();
  });

  it("leaves everything else alone", () => {
    for (const p of [
      "/api/targets",
      "/api/openapi.json",
      "/t/local/us-east-1/streams",
      "/api/t/local/us-east-1/streams",
      "/streamsx",
      "/api/streamsx",
      "/_next/static/x.js",
      "/icon.svg",
    ]) {
      expect(shortPathTarget(p)).toBeUndefined();
    }
  });
});
