// How far an upload has got: written, failed for good, and left (queued, in flight or retrying).
import type { UploadProgress as Progress } from "@/lib/put/batch-upload";

const pct = (n: number, total: number) => `${total === 0 ? 0 : (100 * n) / total}%`;

export function UploadProgress({ progress, running }: { progress: Progress; running: boolean }) {
  const { total, succeeded, failed, left } = progress;
  return (
    <div data-testid="upload-progress" data-running={running ? "true" : "false"}>
      <div className="progress" role="progressbar" aria-label="Records sent" aria-valuemin={0} aria-valuemax={total} aria-valuenow={succeeded + failed}>
        <div className="ok" style={{ width: pct(succeeded, total) }} />
        <div className="bad" style={{ width: pct(failed, total) }} />
      </div>
      <div className="row small mt-4">
        <span>
          <b data-testid="progress-sent">{succeeded.toLocaleString("en-US")}</b> written
        </span>
        <span>
          <b data-testid="progress-failed">{failed.toLocaleString("en-US")}</b> failed
        </span>
        <span>
          <b data-testid="progress-left">{left.toLocaleString("en-US")}</b> left
        </span>
        <span className="muted">of {total.toLocaleString("en-US")}</span>
        {progress.retries > 0 ? (
          <span className="muted" data-testid="progress-retries">
            {progress.retries.toLocaleString("en-US")} retried after throttling
          </span>
        ) : null}
      </div>
    </div>
  );
}
