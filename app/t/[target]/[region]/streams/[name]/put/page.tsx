import type { Metadata } from "next";
import { connection } from "next/server";
import { PutRecords } from "@/components/put/put-records";
import { WritesDisabled } from "@/components/put/writes-disabled";
import { pageAccess } from "@/lib/server/auth/page-access";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Put records · ${decodeURIComponent((await params).name)}` };
}

export default async function StreamPutPage({ params }: { params: Promise<{ name: string }> }) {
  await connection(); // read-only is decided by the running server, never baked into a build
  const name = decodeURIComponent((await params).name);
  const access = await pageAccess();
  if (!access.canWrite) return <WritesDisabled reason={access.writeBlocked} role={access.role} />;
  return <PutRecords stream={name} />;
}
