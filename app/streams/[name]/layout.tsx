import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { connection } from "next/server";
import { StreamTabs } from "@/components/streams/stream-tabs";
import { getConfig } from "@/lib/server/config";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function StreamLayout({ children, params }: { children: ReactNode; params: Params }) {
  await connection(); // read-only is the running server's setting, not the build's
  const name = decodeURIComponent((await params).name);
  return (
    <div>
      <div className="muted small">
        <Link href="/">Streams</Link> /
      </div>
      <h1 data-testid="stream-title">{name}</h1>
      <StreamTabs name={name} readOnly={getConfig().readOnly} />
      {children}
    </div>
  );
}
