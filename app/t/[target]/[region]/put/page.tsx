import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { PutWithStreamPicker } from "@/components/put/put-with-stream-picker";
import { WritesDisabled } from "@/components/put/writes-disabled";
import { pageAccess } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "Put records" };

export default async function PutPage() {
  await connection();
  const access = await pageAccess();
  return (
    <div>
      <h1>Put records</h1>
      {!access.canWrite ? (
        <WritesDisabled reason={access.writeBlocked} role={access.role} />
      ) : (
        <Suspense fallback={<p className="skeleton">Loading…</p>}>
          <PutWithStreamPicker />
        </Suspense>
      )}
    </div>
  );
}
