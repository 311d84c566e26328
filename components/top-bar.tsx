// The bar on every page: where you are, and which AWS target this server talks to.
import Link from "next/link";
import type { Target } from "@/lib/targets/types";

export function TopBar({ target }: { target: Target }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Shardscope
      </Link>
      <nav>
        <Link href="/">Streams</Link>
        {target.readOnly ? null : <Link href="/put">Put records</Link>}
        <Link href="/monitor">Monitor</Link>
      </nav>
      <div className="target" data-testid="target">
        {target.local ? <span className="badge local">local emulator</span> : null}
        {target.readOnly ? <span className="badge warn">read-only</span> : null}
        <span>
          region <b data-testid="target-region">{target.region}</b>
        </span>
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
