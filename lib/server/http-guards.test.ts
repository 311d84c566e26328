import { describe, expect, it } from "vitest";
import { checkPathAndMethod, malformedEscape, refusalResponse } from "./http-guards";

describe("checkPathAndMethod", () => {
  it("passes well-formed paths and the methods Next routes", () => {
    for (const path of ["/", "/streams/orders", "/api/streams/a%2Db", "/streams/%E2%9C%93/tail"]) {
      expect(checkPathAndMethod(path, "GET")).toBeUndefined();
    }
    for (const m of ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]) expect(checkPathAndMethod("/api/health", m)).toBeUndefined();
  });

  it("names the malformed escape, for the API as JSON and for pages as text", async () => {
    expect(malformedEscape("/api/streams/%ZZ/records")).toBe("%ZZ");
    expect(malformedEscape("/streams/%E0%A4")).toBe("%E0%A4"); // a UTF-8 sequence cut short
    expect(malformedEscape("/streams/100%")).toBe("100%");
    const api = checkPathAndMethod("/api/streams/%ZZ", "GET")!;
    expect(api).toMatchObject({ status: 400, api: true, code: "invalid_input" });
    const res = refusalResponse(api);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_input", message: expect.stringMatching(/^The address is not valid: “%ZZ” is not valid percent-encoding/) },
    });
    const page = refusalResponse(checkPathAndMethod("/streams/%ZZ", "GET")!);
    expect(page.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await page.text()).toMatch(/^Bad request\n\nThe address is not valid: “%ZZ”/);
  });

  it("refuses methods Next does not route with a 405 and Allow", async () => {
    const r = checkPathAndMethod("/api/health", "PROPFIND")!;
    const res = refusalResponse(r);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    expect(await res.json()).toEqual({ error: { code: "method_not_allowed", message: "PROPFIND is not a method Shardscope answers." } });
  });
});
