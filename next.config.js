// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The AWS SDK and the KPL de-aggregator are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ["aws-kinesis-agg", "protobufjs"],
};

module.exports = nextConfig;
