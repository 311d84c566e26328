// The bar on every page of a scope: where you are, and which target (account, credentials) and
// region the page talks to, with the switchers to another.
import Link from "next/link";
import { ScopeSwitcher } from "@/components/targets/scope-switcher";
import { scopedPath } from "@/lib/targets/scope";
import type { Target, TargetInfo } from "@/lib/targets/types";

export function TopBar({ target, targets }: { target: Target; targets: TargetInfo[] }) {
  const scope = { target: target.name, region: target.region };
  const href = (path: string) => scopedPath(scope, path);
  return (
    <header className="topbar">
      <Link href={href("/")} className="brand">
        Shardscope
      </Link>
      <nav>
        <Link href={href("/")}>Streams</Link>
        {target.readOnly ? null : <Link href={href("/put")}>Put records</Link>}
        <Link href={href("/consumers")}>Consumers</Link>
        <Link href={href("/monitor")}>Monitor</Link>
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
      </div>
    </header>
  );
}
