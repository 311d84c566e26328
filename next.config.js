// @ts-check
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Next loads this file as CommonJS.
const STATIC_SECURITY_HEADERS = require("./lib/server/static-security-headers.json");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run build` also makes a self-contained server in .next/standalone (scripts/standalone.mjs
  // completes it): `node .next/standalone/server.js` runs without the source tree or a full
  // node_modules. Traced from this directory, so the layout inside does not depend on where the
  // checkout lives.
  output: "standalone",
  outputFileTracingRoot: __dirname,
  // The AWS SDK and the KPL de-aggregator are Node libraries; keep them out of the server bundle.
  // prom-client and pino keep process-wide state (one registry, one log stream): one copy each.
  serverExternalPackages: ["aws-kinesis-agg", "protobufjs", "prom-client", "pino"],
  // The build's static files bypass proxy.ts (its matcher), which sets the security headers on
  // everything else: they get the headers that do not change per request here.
  async headers() {
    return [{ source: "/_next/static/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

module.exports = nextConfig;
