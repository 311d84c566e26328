import { describe, expect, it } from "vitest";
import type { StreamListItem } from "@/lib/streams/types";
import { filterAndSortStreams } from "./filter-and-sort";

const streams: StreamListItem[] = [
  { name: "orders", openShardCount: 4, status: "ACTIVE" },
  { name: "clickstream" },
  { name: "payments", openShardCount: 2, status: "ACTIVE" },
  { name: "orders-dlq", openShardCount: 1, status: "UPDATING" },
];

describe("filterAndSortStreams", () => {
  it("filters by a case-insensitive substring of the name", () => {
    expect(filterAndSortStreams(streams, " ORDERS ", "name", "asc").map((s) => s.name)).toEqual(["orders", "orders-dlq"]);
  });

  it("sorts numbers numerically and keeps unknown values last in both directions", () => {
    expect(filterAndSortStreams(streams, "", "openShardCount", "asc").map((s) => s.name)).toEqual(["orders-dlq", "payments", "orders", "clickstream"]);
    expect(filterAndSortStreams(streams, "", "openShardCount", "desc").map((s) => s.name)).toEqual(["orders", "payments", "orders-dlq", "clickstream"]);
  });

  it("breaks ties by name and does not mutate its input", () => {
    const copy = streams.slice();
    expect(filterAndSortStreams(streams, "", "status", "asc").map((s) => s.name)).toEqual(["orders", "payments", "orders-dlq", "clickstream"]);
    expect(streams).toEqual(copy);
  });
});
