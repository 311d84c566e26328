"use client";
// A stream's Consumers tab: who reads it and how far behind each one is. The pipeline picture on
// top, the sources that could not be read said as such (the others still show), the table of
// applications, and what measuring the lag costs. Refreshes at the server's refresh interval.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { formatBytesPerSecond } from "@/lib/format/format";
import { formatMetric } from "@/lib/metrics/format";
import { consumerKey, useStreamConsumers } from "@/lib/queries/consumers";
import { monitorOptions } from "@/lib/queries/metrics";
import { useScope } from "@/lib/queries/scope";
import { ConsumersTable } from "./consumers-table";
import { ConsumersUsageLine, LambdaFailures, SourceProblems } from "./consumers-status";
import { PipelinePicture, rowAnchor } from "./pipeline-picture";

export function ConsumersTab({ name }: { name: string }) {
  const scope = useScope();
  const consumers = useStreamConsumers(name);
  // The stream's incoming rate: the wall's tile for this one stream (one cached GetMetricData plan).
  const monitor = useQuery({ ...monitorOptions(scope, { streams: name, range: "15m" }), refetchInterval: 60_000 });
  const tile = monitor.data?.tiles.find((t) => t.stream === name && !t.error);
  const rate = monitor.isError
    ? "incoming rate unavailable"
    : !tile
      ? "incoming rate loading…"
      : tile.incomingBytesPerSecond === null
        ? "no incoming data"
        : `in ${formatBytesPerSecond(tile.incomingBytesPerSecond)}${tile.incomingRecordsPerSecond === null ? "" : ` · ${formatMetric(tile.incomingRecordsPerSecond, "records/s")}`}`;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);
  const openFromPicture = useCallback((key: string) => {
    setExpanded((prev) => new Set(prev).add(key));
    const button = document.getElementById(rowAnchor(key));
    button?.scrollIntoView?.({ block: "center" });
    button?.focus();
  }, []);

  if (consumers.isPending) return <p className="skeleton">Looking for the stream&apos;s consumers…</p>;
  if (consumers.isError) {
    return (
      <div className="error-panel" role="alert" data-testid="consumers-error">
        <strong>Cannot list this stream&apos;s consumers.</strong> <span>{consumers.error.message}</span>
      </div>
    );
  }
  const data = consumers.data;
  return (
    <section aria-labelledby="consumers-heading" data-testid="consumers-tab">
      <h2 id="consumers-heading">Consumers</h2>
      <LambdaFailures rows={data.consumers} onOpen={(r) => openFromPicture(consumerKey(r))} />
      <SourceProblems sources={data.sources} />
      <PipelinePicture stream={name} rate={rate} consumers={data.consumers} onOpen={openFromPicture} />
      {data.consumers.length === 0 ? (
        <p className="empty" data-testid="consumers-empty">
          No consumer found reading {name}
          {data.sources.some((s) => !s.ok) ? " among the sources that could be read" : ""}.
        </p>
      ) : (
        <ConsumersTable rows={data.consumers} expanded={expanded} onToggle={toggle} stream={name} caption={`Consumers of ${name}`} />
      )}
      <ConsumersUsageLine usage={data.usage} fetchedAt={data.fetchedAt} />
    </section>
  );
}
