// The bar on every page of a scope: where you are, and which target (account, credentials) and
// region the page talks to, with the switchers to another; who is signed in, with what role.
import Link from "next/link";
import { ScopeSwitcher } from "@/components/targets/scope-switcher";
import type { PageAccess } from "@/lib/auth/types";
import { scopedPath } from "@/lib/targets/scope";
import type { Target, TargetInfo } from "@/lib/targets/types";

export function TopBar({ target, targets, access }: { target: Target; targets: TargetInfo[]; access: PageAccess }) {
  const scope = { target: target.name, region: target.region };
  const href = (path: string) => scopedPath(scope, path);
  return (
    <header className="topbar">
      <Link href={href("/")} className="brand">
        Shardscope
      </Link>
      <nav>
        <Link href={href("/")}>Streams</Link>
        {access.canWrite ? <Link href={href("/put")}>Put records</Link> : null}
        <Link href={href("/consumers")}>Consumers</Link>
        <Link href={href("/monitor")}>Monitor</Link>
        {access.canAudit ? <Link href={href("/audit")}>Audit</Link> : null}
      </nav>
      <div className="target" data-testid="target">
        {target.local ? <span className="badge local">local emulator</span> : null}
        {target.readOnly ? <span className="badge warn">read-only</span> : null}
        {target.credentialsProblem ? <span className="badge bad">credentials</span> : null}
        <ScopeSwitcher scope={scope} targets={targets} />
        <span>
          account <b data-testid="target-account">{target.account ?? "unknown"}</b>
        </span>
        <span>
          endpoint <b data-testid="target-endpoint">{target.endpoint}</b>
        </span>
        {access.auth !== "none" && access.user ? (
          <span className="user" data-testid="signed-in">
            <b data-testid="user-name" title={access.user.email}>
              {access.user.name}
            </b>{" "}
            <span className="badge" data-testid="user-role">
              {access.role ?? "no role"}
            </span>
            {access.auth === "oidc" ? (
              <form method="post" action="/auth/sign-out" className="inline">
                <button type="submit" className="link">
                  Sign out
                </button>
              </form>
            ) : null}
          </span>
        ) : null}
      </div>
    </header>
  );
}
