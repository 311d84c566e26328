import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { TopBar } from "@/components/top-bar";
import { ScopeProvider } from "@/lib/queries/scope";
import { AppError } from "@/lib/server/errors";
import { getTargetStatus } from "@/lib/server/target";
import { listTargets, resolveScope } from "@/lib/server/targets/registry";
import { pageAccess } from "@/lib/server/auth/page-access";

type Params = Promise<{ target: string; region: string }>;

function decoded(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Every page of a target in a region (`/t/{target}/{region}/…`): the scope must be a configured
 * target in one of its regions (a 404 otherwise), and the top bar shows where the page points.
 */
export default async function ScopeLayout({ children, params }: { children: ReactNode; params: Params }) {
  await connection(); // targets and credentials are the running server's, never a build's
  const p = await params;
  const target = decoded(p.target);
  const region = decoded(p.region);
  if (target === undefined || region === undefined) notFound();
  let scope;
  try {
    scope = await resolveScope(target, region);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
  const [status, targets, access] = await Promise.all([getTargetStatus(scope), listTargets(), pageAccess()]);
  return (
    // Only the names: the Scope itself holds credentials and clients, which never leave the server.
    <ScopeProvider scope={{ target: scope.target, region: scope.region }} status={status}>
      <TopBar target={status} targets={targets.targets} access={access} />
      <main id="main" tabIndex={-1}>
        {status.credentialsProblem ? (
          <div className="error-panel" role="alert" data-testid="credentials-problem">
            <strong>The credentials of target {status.name} do not work.</strong>
            <span>{status.credentialsProblem}</span>
          </div>
        ) : null}
        {children}
      </main>
    </ScopeProvider>
  );
}
