import { StreamNotFound } from "@/components/streams/stream-not-found";

// A stream page whose stream does not exist (or whose name cannot be one): HTTP 404, no tabs. The
// scope's layout (above) provides the target it was looked for in.
export default function StreamNotFoundPage() {
  return <StreamNotFound />;
}
