import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { StreamTabs } from "@/components/streams/stream-tabs";
import { streamNameSchema } from "@/lib/http/params";
import { pageAccess } from "@/lib/server/auth/page-access";
import { AppError } from "@/lib/server/errors";
import { describeStream } from "@/lib/server/kinesis/streams";
import { resolveScope } from "@/lib/server/targets/registry";
import { scopedPath } from "@/lib/targets/scope";

type Params = Promise<{ target: string; region: string; name: string }>;

/** The stream's name from the URL, or undefined when it cannot be one (bad escapes, bad characters). */
function streamNameOf(raw: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return streamNameSchema.safeParse(name).success ? name : undefined;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: streamNameOf((await params).name) ?? "Not found" };
}

/**
 * Every stream page describes the stream first, on the server: an unknown or malformed name is a
 * 404 (streams/not-found.tsx) with no tabs, and a stream that cannot be described (endpoint
 * unreachable, access denied…) shows why instead of the tabs.
 */
export default async function StreamLayout({ children, params }: { children: ReactNode; params: Params }) {
  await connection(); // read-only is the running server's setting, not the build's
  const p = await params;
  const name = streamNameOf(p.name);
  if (name === undefined) notFound();
  // The scope layout above has checked the target and region already.
  const scope = await resolveScope(decodeURIComponent(p.target), decodeURIComponent(p.region));
  const home = scopedPath(scope);
  let problem: AppError | undefined;
  try {
    await describeStream(scope, name);
  } catch (e) {
    problem = e instanceof AppError ? e : new AppError("internal", "The stream could not be described.");
  }
  if (problem?.code === "not_found") notFound();
  return (
    <div>
      <div className="muted small">
        <Link href={home}>Streams</Link> /
      </div>
      <h1 data-testid="stream-title">{name}</h1>
      {problem ? (
        <div className="error-panel" role="alert" data-testid="stream-unavailable" data-code={problem.code}>
          <strong>Cannot show this stream right now.</strong>
          <span>{problem.message}</span>
          <span>
            <Link href={home}>Back to the streams</Link>
          </span>
        </div>
      ) : (
        <>
          <StreamTabs name={name} readOnly={!(await pageAccess()).canWrite} />
          {children}
        </>
      )}
    </div>
  );
}
