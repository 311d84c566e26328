import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/http/errors";
import type { HostPolicy } from "./host-policy";
import { assertWritable, checkSameOrigin, readJsonBody } from "./write-guard";

const headers = (h: Record<string, string>) => new Headers({ host: "127.0.0.1:3000", ...h });
// The server listens on 3000 and allows no extra host: the default.
const policy: HostPolicy = { port: 3000, allowedHosts: [] };
const check = (h: Headers, p = policy) => checkSameOrigin(h, p);

describe("checkSameOrigin", () => {
  it("lets Shardscope's own pages through", () => {
    expect(check(headers({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBeUndefined();
    expect(check(headers({ origin: "http://127.0.0.1:3000" }))).toBeUndefined();
    expect(check(headers({ "sec-fetch-site": "same-origin" }))).toBeUndefined();
    expect(check(new Headers({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBeUndefined();
    expect(check(new Headers({ host: "[::1]:3000", origin: "http://[::1]:3000" }))).toBeUndefined();
  });

  it("lets scripts and curl through: they send neither header and no site can make a browser do that", () => {
    expect(check(headers({}))).toBeUndefined();
  });

  it("refuses other sites, other ports on the same host, and opaque origins", () => {
    expect(check(headers({ "sec-fetch-site": "cross-site" }))).toMatch(/cross-site request/);
    expect(check(headers({ "sec-fetch-site": "same-site", origin: "http://127.0.0.1:3001" }))).toMatch(/same-site request/);
    expect(check(headers({ origin: "http://127.0.0.1:3001" }))).toMatch(/Refused a request from http:\/\/127.0.0.1:3001/);
    expect(check(headers({ origin: "https://evil.example" }))).toMatch(/evil\.example/);
    expect(check(headers({ origin: "null" }))).toMatch(/origin "null"/);
    expect(check(headers({ origin: "file:///tmp/x.html" }))).toMatch(/Refused/);
    // Both names are allowed, but a page on localhost is another origin than 127.0.0.1.
    expect(check(headers({ origin: "http://localhost:3000" }))).toMatch(/Refused a request from http:\/\/localhost:3000/);
  });

  it("refuses a DNS-rebinding write, whose Host and Origin agree on the attacker's name", () => {
    const rebound = new Headers({ host: "evil.example:3000", origin: "http://evil.example:3000", "sec-fetch-site": "same-origin" });
    expect(check(rebound)).toMatch(/Refused a request from http:\/\/evil\.example:3000/);
    // Nor can the page vouch for itself with a forwarded host it sets.
    rebound.set("x-forwarded-host", "evil.example:3000");
    expect(check(rebound)).toMatch(/Refused/);
    // Loopback names count only on the port the server listens on.
    expect(check(new Headers({ host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080" }))).toMatch(/Refused/);
  });

  // Changed with the host allow-list: a forwarded host counts only when it is an allowed host, so
  // this case needs SHARDSCOPE_ALLOWED_HOSTS (before, any X-Forwarded-Host was believed).
  it("accepts the browser's host as a reverse proxy forwards it, when that host is allowed", () => {
    const h = new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "shardscope.example.com", origin: "https://shardscope.example.com" });
    expect(check(h, { port: 3000, allowedHosts: ["shardscope.example.com"] })).toBeUndefined();
    expect(check(h)).toMatch(/Refused a request from https:\/\/shardscope\.example\.com/);
  });
});

describe("assertWritable", () => {
  it("refuses every write in read-only mode with read_only (403)", () => {
    expect(() => assertWritable(false)).not.toThrow();
    try {
      assertWritable(true);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("read_only");
      expect((e as AppError).status).toBe(403);
    }
  });
});

describe("readJsonBody", () => {
  const post = (body: BodyInit, h: Record<string, string> = { "content-type": "application/json" }) =>
    new Request("http://127.0.0.1:3000/api/x", { method: "POST", body, headers: h, duplex: "half" } as RequestInit);

  it("parses a JSON body", async () => {
    await expect(readJsonBody(post('{"a":[1]}'), 100)).resolves.toEqual({ a: [1] });
    await expect(readJsonBody(post("{}", { "content-type": "application/json; charset=utf-8" }), 100)).resolves.toEqual({});
  });

  it("refuses other content types, bad JSON and bad UTF-8", async () => {
    await expect(readJsonBody(post("{}", { "content-type": "text/plain" }), 100)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("Content-Type: application/json"),
    });
    await expect(readJsonBody(post('{"a":}'), 100)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("at character 6") });
    await expect(readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d])), 100)).rejects.toMatchObject({ message: expect.stringContaining("UTF-8") });
  });

  it("stops reading once the body passes the limit, whatever Content-Length says", async () => {
    await expect(readJsonBody(post(JSON.stringify({ a: "x".repeat(200) })), 100)).rejects.toMatchObject({ code: "payload_too_large", status: 413 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(0x20));
      },
    });
    await expect(readJsonBody(post(endless), 10_000)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(pulled).toBeLessThan(20);
  });
});
