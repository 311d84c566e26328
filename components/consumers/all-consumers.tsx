"use client";
// /consumers: every consumer application found across the scope's streams, worst first, each with
// its stream (linking to that stream's Consumers tab), filterable by name, kind and health; the
// filter lives in the URL so a copied link shows the same view.
import { useCallback, useState } from "react";
import { filterConsumers, isHealth, isKind, KINDS } from "@/lib/consumers/filter";
import { HEALTH_ORDER } from "@/lib/consumers/health";
import { KIND_LABEL } from "@/lib/consumers/pipeline";
import { useAllConsumers } from "@/lib/queries/consumers";
import { useUrlState } from "@/lib/queries/use-url-state";
import { SelectField } from "@/components/ui/select-field";
import { ConsumersTable } from "./consumers-table";
import { ConsumersUsageLine, LambdaFailures, SourceProblems } from "./consumers-status";

const ANY = "any";

export function AllConsumers() {
  const consumers = useAllConsumers();
  const [params, setParams] = useUrlState();
  const text = params.get("q") ?? "";
  const kind = params.get("kind");
  const health = params.get("health");
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const all = consumers.data?.consumers ?? [];
  const rows = filterConsumers(all, { text, kind: isKind(kind) ? kind : undefined, health: isHealth(health) ? health : undefined });
  return (
    <section aria-labelledby="all-consumers-heading">
      <h1 id="all-consumers-heading">Consumers</h1>
      <p className="muted small">Every application reading a stream of this target and region, worst first.</p>
      <div className="consumer-filters" role="search">
        <label className="field">
          Name or stream
          <input type="search" value={text} onChange={(e) => setParams({ q: e.target.value })} data-testid="consumers-filter-text" />
        </label>
        <SelectField
          label="Kind"
          ariaLabel="Kind"
          testId="consumers-filter-kind"
          value={isKind(kind) ? kind : ANY}
          options={[ANY, ...KINDS]}
          optionLabel={(k) => (k === ANY ? "any kind" : KIND_LABEL[k as (typeof KINDS)[number]])}
          onChange={(k) => setParams({ kind: k === ANY ? undefined : k })}
        />
        <SelectField
          label="Health"
          ariaLabel="Health"
          testId="consumers-filter-health"
          value={isHealth(health) ? health : ANY}
          options={[ANY, ...HEALTH_ORDER]}
          optionLabel={(h) => (h === ANY ? "any health" : h)}
          onChange={(h) => setParams({ health: h === ANY ? undefined : h })}
        />
      </div>
      {consumers.isPending ? <p className="skeleton">Looking for consumers…</p> : null}
      {consumers.isError ? (
        <div className="error-panel" role="alert" data-testid="consumers-error">
          <strong>Cannot list the consumers.</strong> <span>{consumers.error.message}</span>
        </div>
      ) : null}
      {consumers.data ? (
        <>
          <LambdaFailures rows={consumers.data.consumers} />
          <SourceProblems sources={consumers.data.sources} />
          <p className="small" data-testid="consumers-count">
            {rows.length === all.length ? `${all.length} consumer${all.length === 1 ? "" : "s"}` : `${rows.length} of ${all.length} consumers`}
          </p>
          {rows.length > 0 ? (
            <ConsumersTable rows={rows} expanded={expanded} onToggle={toggle} showStream caption="Consumers of every stream" />
          ) : (
            <p className="empty" data-testid="consumers-empty">
              {all.length === 0 ? "No consumer found." : "No consumer matches the filter."}
            </p>
          )}
          <ConsumersUsageLine usage={consumers.data.usage} fetchedAt={consumers.data.fetchedAt} />
        </>
      ) : null}
    </section>
  );
}
