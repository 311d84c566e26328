import { StreamOverview } from "@/components/streams/stream-overview";

export default async function StreamPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return <StreamOverview name={name} />;
}
