"use client";
// Put records from the top bar: pick the stream first (kept in the URL), then the same form.
import Link from "next/link";
import { useStreamList } from "@/lib/queries/streams";
import { useUrlState } from "@/lib/queries/use-url-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PutRecords } from "./put-records";
import { useScopedHref } from "@/lib/queries/scope";

export function PutWithStreamPicker() {
  const href = useScopedHref();
  const list = useStreamList();
  const [params, setParams] = useUrlState();
  const stream = params.get("stream") ?? "";
  const names = list.data?.streams.map((s) => s.name).sort((a, b) => a.localeCompare(b)) ?? [];
  return (
    <div>
      <div className="panel row align-end">
        <label className="field">
          Stream
          <select
            aria-label="Stream"
            data-testid="stream-picker"
            value={stream}
            onChange={(e) => setParams({ stream: e.target.value }, "push")}
            className="min-w-260"
          >
            <option value="">{list.isPending ? "Loading streams…" : "Choose a stream…"}</option>
            {stream && !names.includes(stream) ? <option value={stream}>{stream}</option> : null}
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {stream ? (
          <Link href={href(`/streams/${encodeURIComponent(stream)}`)} className="small">
            Open {stream}
          </Link>
        ) : null}
      </div>
      {list.error ? <ErrorPanel error={list.error} action="list streams" /> : null}
      {stream ? <PutRecords key={stream} stream={stream} /> : <p className="muted">Choose the stream to write to.</p>}
    </div>
  );
}
