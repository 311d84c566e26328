import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { StreamTabs } from "@/components/streams/stream-tabs";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function StreamLayout({ children, params }: { children: ReactNode; params: Params }) {
  const name = decodeURIComponent((await params).name);
  return (
    <div>
      <div className="muted small">
        <Link href="/">Streams</Link> /
      </div>
      <h1 data-testid="stream-title">{name}</h1>
      <StreamTabs name={name} />
      {children}
    </div>
  );
}
