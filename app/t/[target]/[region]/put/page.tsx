import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { PutWithStreamPicker } from "@/components/put/put-with-stream-picker";
import { WritesDisabled } from "@/components/put/writes-disabled";
import { getConfig } from "@/lib/server/config";

export const metadata: Metadata = { title: "Put records" };

export default async function PutPage() {
  await connection();
  return (
    <div>
      <h1>Put records</h1>
      {getConfig().readOnly ? (
        <WritesDisabled />
      ) : (
        <Suspense fallback={<p className="skeleton">Loading…</p>}>
          <PutWithStreamPicker />
        </Suspense>
      )}
    </div>
  );
}
