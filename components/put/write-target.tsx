// Where a write goes, always in view on the put form: account, region, endpoint and stream.
import type { Target } from "@/lib/targets/types";

export function WriteTarget({ stream, target }: { stream: string; target: Target | undefined }) {
  return (
    <div className={`panel write-target ${target?.local ? "local" : "remote"}`} data-testid="write-target" aria-label="Write target">
      <span>
        Writing to stream <b data-testid="write-target-stream">{stream}</b>
      </span>
      <span>
        account <b data-testid="write-target-account">{target ? (target.account ?? "unknown") : "…"}</b>
      </span>
      <span>
        region <b data-testid="write-target-region">{target?.region ?? "…"}</b>
      </span>
      <span className="mono small" title="Kinesis endpoint">
        {target?.endpoint ?? ""}
      </span>
      {target ? (
        target.local ? (
          <span className="badge local">local emulator</span>
        ) : (
          <span className="badge warn" data-testid="write-target-aws">
            AWS: sending asks for confirmation
          </span>
        )
      ) : null}
    </div>
  );
}
