import type { Metadata } from "next";
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
  return (
    <html lang="en">
      <body>
        <Providers>
          <TopBar target={target} />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
