import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { TopBar } from "@/components/top-bar";
import { getTarget } from "@/lib/server/target";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Shardscope", template: "%s · Shardscope" },
  description: "Explore and monitor Amazon Kinesis Data Streams",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: the Content-Security-Policy's nonce (proxy.ts) is new for
  // each response, and Next can put it on the page's scripts only while rendering it.
  // The target, too, is read at request time, never baked into a build.
  await connection();
  const target = await getTarget();
  // proxy.ts puts the policy on the request too; its nonce lets the page's run-time style elements in.
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  return (
    <html lang="en">
      <body>
        {/* The first thing Tab reaches on every page: past the top bar to the page's own content. */}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Providers nonce={nonce}>
          <TopBar target={target} />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
