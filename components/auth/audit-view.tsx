"use client";
// The Audit page: every write, refused write and sign-in, newest first, filterable by user, stream
// and action (the filter lives in the URL). What was written is never shown: it is never recorded.
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from "@/lib/auth/audit";
import { useAudit } from "@/lib/queries/audit";
import { useUrlState } from "@/lib/queries/use-url-state";
import { SelectField } from "@/components/ui/select-field";

const ANY = "any";
const ACTION_LABEL: Record<AuditAction, string> = {
  put_records: "put records",
  register_consumer: "register consumer",
  deregister_consumer: "deregister consumer",
  sign_in: "sign in",
  sign_out: "sign out",
};

const isAction = (v: string | null): v is AuditAction => v !== null && (AUDIT_ACTIONS as readonly string[]).includes(v);

export function AuditView() {
  const [params, setParams] = useUrlState();
  const user = params.get("user") ?? "";
  const stream = params.get("stream") ?? "";
  const actionParam = params.get("action");
  const action = isAction(actionParam) ? actionParam : undefined;
  const audit = useAudit({ user: user.trim() || undefined, stream: stream.trim() || undefined, action });
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <p className="muted small">
        Every write (put records, consumer registration), every refused write and every sign-in, newest first. Record data is never recorded.
      </p>
      <div className="consumer-filters" role="search">
        <label className="field">
          User
          <input type="search" value={user} onChange={(e) => setParams({ user: e.target.value || undefined })} data-testid="audit-filter-user" />
        </label>
        <label className="field">
          Stream
          <input type="search" value={stream} onChange={(e) => setParams({ stream: e.target.value || undefined })} data-testid="audit-filter-stream" />
        </label>
        <SelectField
          label="Action"
          ariaLabel="Action"
          testId="audit-filter-action"
          value={action ?? ANY}
          options={[ANY, ...AUDIT_ACTIONS]}
          optionLabel={(a) => (a === ANY ? "any action" : ACTION_LABEL[a as AuditAction])}
          onChange={(a) => setParams({ action: a === ANY ? undefined : a })}
        />
      </div>
      {audit.isPending ? <p className="skeleton">Reading the audit log…</p> : null}
      {audit.isError ? (
        <div className="error-panel" role="alert" data-testid="audit-error">
          <strong>Cannot read the audit log.</strong> <span>{audit.error.message}</span>
        </div>
      ) : null}
      {audit.data ? (
        <>
          <p className="small" data-testid="audit-count">
            {audit.data.matched === audit.data.entries.length
              ? `${audit.data.matched} entr${audit.data.matched === 1 ? "y" : "ies"}`
              : `the newest ${audit.data.entries.length} of ${audit.data.matched} entries`}{" "}
            <span className="muted">
              {audit.data.source.kind === "file" ? `from ${audit.data.source.path}` : "since this server started (SHARDSCOPE_AUDIT_LOG is not set)"}
            </span>
          </p>
          {audit.data.entries.length > 0 ? (
            <div className="scroll-x">
              <table className="data" data-testid="audit-table">
                <caption className="sr-only">Audit log entries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Time (UTC)</th>
                    <th scope="col">User</th>
                    <th scope="col">Action</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Where</th>
                    <th scope="col">Records</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.data.entries.map((e, i) => (
                    <AuditRow key={`${e.time}-${i}`} entry={e} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="empty" data-testid="audit-empty">
              {user || stream || action ? "No entry matches the filter." : "Nothing recorded yet."}
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntry }) {
  const where = [e.target && e.region ? `${e.target} · ${e.region}` : undefined, e.stream, e.consumer ? `consumer ${e.consumer}` : undefined]
    .filter(Boolean)
    .join(" / ");
  const outcomeClass = e.outcome === "ok" ? "ok" : e.outcome === "refused" ? "bad" : "warn";
  return (
    <tr data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
      <td className="mono small">{e.time.replace("T", " ").replace(/\.\d+Z$/, "Z")}</td>
      <td>
        {e.user}
        {e.role ? <span className="muted small"> ({e.role})</span> : null}
      </td>
      <td>{ACTION_LABEL[e.action] ?? e.action}</td>
      <td>
        <span className={`badge ${outcomeClass}`}>{e.outcome}</span>
        {e.message ? <div className="small muted">{e.message}</div> : null}
      </td>
      <td className="small">
        {where || "—"}
        {e.account ? <div className="muted">account {e.account}</div> : null}
      </td>
      <td className="small">
        {e.records ?? "—"}
        {e.results ? (
          <div className="muted">
            {e.results.written} written{e.results.failed ? `, ${e.results.failed} failed` : ""}
          </div>
        ) : null}
      </td>
      <td className="mono small">{e.source ?? "—"}</td>
    </tr>
  );
}
