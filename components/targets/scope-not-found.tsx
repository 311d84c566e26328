"use client";
// The 404 of an address under /t/{target}/{region}/ whose target is not configured on this server,
// or whose region the target does not offer: which one it is, what exists instead, and the way back.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTargets } from "@/lib/queries/target";
import { scopedPath } from "@/lib/targets/scope";
import type { TargetInfo } from "@/lib/targets/types";

const regionsOf = (t: TargetInfo) => t.regions ?? [t.defaultRegion];

/** What is wrong with the address, in a sentence; undefined until the targets are known. */
export function scopeProblem(target: string, region: string, targets: TargetInfo[] | undefined): string | undefined {
  if (!targets) return undefined;
  const t = targets.find((x) => x.name === target);
  if (!t) return `There is no target named “${target}” on this server. Its targets: ${targets.map((x) => x.name).join(", ")}.`;
  const regions = regionsOf(t);
  if (!regions.includes(region)) {
    const shown = regions.length > 8 ? `${regions.slice(0, 8).join(", ")} and ${regions.length - 8} more` : regions.join(", ");
    return `Target “${t.name}” is not configured for region “${region}”. Its regions: ${shown}.`;
  }
  return undefined;
}

/** The target and region an address names (`/t/{target}/{region}/…`), decoded; undefined for any other address. */
export function scopeOfPath(pathname: string): { target: string; region: string } | undefined {
  const m = /^\/t\/([^/]+)\/([^/]+)/.exec(pathname);
  if (!m) return undefined;
  try {
    return { target: decodeURIComponent(m[1]!), region: decodeURIComponent(m[2]!) };
  } catch {
    return undefined;
  }
}

/**
 * The body of the app's 404 (app/not-found.tsx, which Next shows for the scope layout's notFound()
 * too): for an address of a scope that does not exist, which part is wrong; else the plain message.
 */
export function NotFoundContent() {
  const scope = scopeOfPath(usePathname() ?? "/");
  if (scope) return <ScopeNotFound target={scope.target} region={scope.region} />;
  return (
    <div className="panel empty" data-testid="page-not-found">
      <h2>Page not found</h2>
      <p>
        There is no page at this address. <Link href="/">Back to the streams</Link>
      </p>
    </div>
  );
}

export function ScopeNotFound({ target, region }: { target: string; region: string }) {
  const { data, error } = useTargets();
  const problem = scopeProblem(target, region, data?.targets);
  const known = data?.targets.find((t) => t.name === target);
  // Back to the target's own default region when only the region is wrong, else to the default scope.
  const back = known ? scopedPath({ target: known.name, region: known.defaultRegion }, "/") : "/";
  return (
    <div className="panel empty" data-testid="scope-not-found">
      <h2>Page not found</h2>
      <p data-testid="scope-not-found-message">
        {problem ??
          (error
            ? `There is no page at this address: target “${target}” or its region “${region}” may not be configured on this server.`
            : "Looking up the targets of this server…")}
      </p>
      <p>
        <Link href={back} data-testid="scope-not-found-back">
          {known ? `Back to the streams of ${known.name} in ${known.defaultRegion}` : "Back to the streams"}
        </Link>
      </p>
    </div>
  );
}
