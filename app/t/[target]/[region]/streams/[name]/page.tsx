import { connection } from "next/server";
import { StreamSchemasPanel } from "@/components/schemas/stream-schemas-panel";
import { StreamOverview } from "@/components/streams/stream-overview";
import { getConfig } from "@/lib/server/config";

export default async function StreamPage({ params }: { params: Promise<{ name: string }> }) {
  await connection(); // read-only is decided by the running server, never baked into a build
  const name = decodeURIComponent((await params).name);
  return (
    <>
      <StreamOverview name={name} />
      <StreamSchemasPanel stream={name} readOnly={getConfig().readOnly} />
    </>
  );
}
