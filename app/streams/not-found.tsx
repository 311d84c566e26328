import { StreamNotFound } from "@/components/streams/stream-not-found";
import { getTarget } from "@/lib/server/target";

// A stream page whose stream does not exist (or whose name cannot be one): HTTP 404, no tabs.
export default async function StreamNotFoundPage() {
  return <StreamNotFound target={await getTarget()} />;
}
