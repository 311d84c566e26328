import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { authSettings } from "@/lib/server/auth/settings";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Shardscope", template: "%s · Shardscope" },
  description: "Explore and monitor Amazon Kinesis Data Streams",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: the Content-Security-Policy's nonce (proxy.ts) is new for
  // each response, and Next can put it on the page's scripts only while rendering it.
  await connection();
  // proxy.ts puts the policy on the request too; its nonce lets the page's run-time style elements in.
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  // SHARDSCOPE_AUTH=none off loopback (SHARDSCOPE_ALLOW_UNAUTHENTICATED=1): every page says so.
  const settings = await authSettings().catch(() => undefined);
  return (
    <html lang="en">
      <body>
        {/* The first thing Tab reaches on every page: past the top bar to the page's own content. */}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {settings?.openOnNetwork ? (
          <div className="open-server-warning" role="alert" data-testid="open-server-warning">
            Nobody signs in to this Shardscope server, and it listens on {settings.listenHost}: anyone who reaches it can read every stream and write to it.
          </div>
        ) : null}
        {/* The top bar and <main id="main"> come from the page's scope (app/t/[target]/[region]/layout.tsx) or its own layout. */}
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
