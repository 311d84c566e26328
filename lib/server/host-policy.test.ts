import { describe, expect, it } from "vitest";
import { checkRequestHost, hostPolicyFromEnv, isAllowedHost, parseAllowedHosts } from "./host-policy";

const policy = { port: 3000, allowedHosts: ["shardscope.example.com", "10.0.0.5:8443"] };

describe("isAllowedHost", () => {
  it("answers the loopback names on the listening port", () => {
    for (const h of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST:3000", "localhost.:3000"]) {
      expect(isAllowedHost(h, policy), h).toBe(true);
    }
  });

  it("refuses other names, other ports, and what is not a host at all", () => {
    for (const h of [
      "evil.example:3000",
      "evil.example",
      "localhost:3001",
      "localhost",
      "127.0.0.2:3000",
      "a.localhost:3000",
      "",
      "localhost:3000/x",
      "user@localhost:3000",
      "[::2]:3000",
    ]) {
      expect(isAllowedHost(h, policy), h).toBe(false);
    }
  });

  it("answers SHARDSCOPE_ALLOWED_HOSTS: a name on any port, a host:port on that port only", () => {
    expect(isAllowedHost("shardscope.example.com", policy)).toBe(true);
    expect(isAllowedHost("Shardscope.Example.com:443", policy)).toBe(true);
    expect(isAllowedHost("10.0.0.5:8443", policy)).toBe(true);
    expect(isAllowedHost("10.0.0.5", policy)).toBe(false);
    expect(isAllowedHost("10.0.0.5:3000", policy)).toBe(false);
    expect(isAllowedHost("example.com", policy)).toBe(false);
  });

  it("takes any port on a loopback name when the listening port is unknown", () => {
    expect(isAllowedHost("localhost:9999", { allowedHosts: [] })).toBe(true);
    expect(isAllowedHost("evil.example:9999", { allowedHosts: [] })).toBe(false);
  });
});

describe("checkRequestHost", () => {
  it("passes an allowed Host, and refuses another with a message that says what to do", () => {
    expect(checkRequestHost(new Headers({ host: "127.0.0.1:3000" }), policy)).toBeUndefined();
    expect(checkRequestHost(new Headers({ host: "evil.example:3000" }), policy)).toBe(
      'Shardscope does not answer for the host "evil.example:3000". Open it on localhost or 127.0.0.1, or add this host to SHARDSCOPE_ALLOWED_HOSTS on the server.',
    );
    expect(checkRequestHost(new Headers(), policy)).toMatch(/no Host header/);
  });

  it("requires every forwarded host to be allowed too (a reverse proxy in front of a rebinding)", () => {
    expect(checkRequestHost(new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "shardscope.example.com" }), policy)).toBeUndefined();
    expect(checkRequestHost(new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" }), policy)).toMatch(/"evil\.example"/);
    expect(checkRequestHost(new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "127.0.0.1:3000, evil.example" }), policy)).toMatch(/"evil\.example"/);
  });
});

describe("parseAllowedHosts / hostPolicyFromEnv", () => {
  it("reads a comma-separated list in any case, and names the entries that are not hosts", () => {
    expect(parseAllowedHosts(" A.example , 10.0.0.5:8443,,[::1]:80 ")).toEqual({ hosts: ["a.example", "10.0.0.5:8443", "[::1]:80"], problems: [] });
    expect(parseAllowedHosts("http://a.example, ok.example").problems).toEqual(['"http://a.example" is not a host name, address or host:port']);
    expect(parseAllowedHosts(undefined)).toEqual({ hosts: [], problems: [] });
  });

  it("takes the listening port from PORT, as `next start -p` sets it", () => {
    expect(hostPolicyFromEnv({ PORT: "3100", SHARDSCOPE_ALLOWED_HOSTS: "a.example" })).toEqual({ port: 3100, allowedHosts: ["a.example"] });
    expect(hostPolicyFromEnv({ PORT: "nope" })).toEqual({ port: undefined, allowedHosts: [] });
  });
});
