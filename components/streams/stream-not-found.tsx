"use client";
// The 404 of a stream page: which stream is missing, where it was looked for, and the way back.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { streamNameSchema } from "@/lib/http/params";
import { useScopedHref, useTargetStatus } from "@/lib/queries/scope";
import type { Target } from "@/lib/targets/types";

/** The stream's name as written in a [/t/{target}/{region}]/streams/<name>/… path, or undefined if it has none or a broken escape. */
export function streamNameInPath(pathname: string): string | undefined {
  const segment = /^(?:\/t\/[^/]+\/[^/]+)?\/streams\/([^/]+)/.exec(pathname)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Where a stream was looked for, e.g. "us-east-1, account 123456789012". */
export function describeTarget(target: Target): string {
  if (target.local) return `target ${target.name}, ${target.region} on the local endpoint ${target.endpoint}`;
  return target.account ? `target ${target.name}, ${target.region}, account ${target.account}` : `target ${target.name}, ${target.region}`;
}

export function StreamNotFound() {
  const name = streamNameInPath(usePathname() ?? "");
  const target = useTargetStatus();
  const href = useScopedHref();
  const where = target ? describeTarget(target) : "this target";
  const valid = name !== undefined && streamNameSchema.safeParse(name).success;
  return (
    <div className="panel empty" data-testid="stream-not-found">
      <h2>Stream not found</h2>
      <p data-testid="stream-not-found-message">
        {valid
          ? `No stream named “${name}” in ${where}. It may have been deleted, or it lives in another region or account.`
          : `“${name ?? ""}” is not a stream name: stream names have 1 to 128 letters, digits, “_”, “.” and “-”.`}
      </p>
      <p>
        <Link href={href("/")} data-testid="back-to-streams">
          Back to the stream list
        </Link>
      </p>
    </div>
  );
}
