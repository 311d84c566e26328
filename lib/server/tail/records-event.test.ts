import { describe, expect, it } from "vitest";
import type { RecordView } from "@/lib/records/types";
import type { TailCounters } from "@/lib/tail/types";
import { ReadRecord, viewAs } from "@/lib/server/kinesis/read-record";
import { formatSseEvent } from "./sse";
import { formatRecordsEvent, recordJson } from "./records-event";

const counters: TailCounters = { scanned: 12, matched: 3, dropped: 1, queued: 0 };

function read(seq: number, payload: string | Uint8Array): ReadRecord {
  return new ReadRecord("shardId-000000000001", {
    SequenceNumber: String(49_650_000_000_000_000_000_000_000_000n + BigInt(seq)),
    PartitionKey: `key-${seq} ✓`,
    ApproximateArrivalTimestamp: new Date(Date.UTC(2026, 11, 1, 9, 0, seq)),
    Data: typeof payload === "string" ? new TextEncoder().encode(payload) : payload,
  });
}

describe("formatRecordsEvent", () => {
  it("writes the bytes formatSseEvent writes, for JSON, text, binary and non-ASCII records, with and without an id", () => {
    const records: RecordView[] = [
      viewAs(read(1, JSON.stringify({ order: 1, note: "crème brûlée — 10 €", nested: { list: [1, null, "x"] } })), "auto"),
      viewAs(read(2, 'plain text line\twith a tab and a "quote"'), "auto"),
      viewAs(read(3, new Uint8Array([0, 1, 2, 0xff, 0xfe])), "auto"),
      viewAs(read(4, "{not json"), "hex"),
    ];
    for (const id of ["eyJjaGVja3BvaW50Ijp0cnVlfQ", undefined]) {
      const expected = formatSseEvent("records", { records, counters }, id);
      expect(new TextDecoder().decode(formatRecordsEvent(records, counters, id, true))).toBe(expected);
      expect(new TextDecoder().decode(formatRecordsEvent(records, counters, id, false))).toBe(expected);
    }
    expect(new TextDecoder().decode(formatRecordsEvent([], counters, "x", true))).toBe(formatSseEvent("records", { records: [], counters }, "x"));
  });

  it("writes a shared record's JSON once for every viewer of it, and a viewer's own copy (masked) not at all", () => {
    const record = read(10, JSON.stringify({ shared: true }));
    // Two viewers of one reader get the same view of the record, hence the same bytes.
    const a = viewAs(record, "auto");
    const b = viewAs(record, "auto");
    expect(b).toBe(a);
    expect(recordJson(b, true)).toBe(recordJson(a, true));
    // Another decoder is another view.
    expect(viewAs(record, "text")).not.toBe(a);

    // A viewer's own copy is written each time and kept for no one.
    const masked = { ...a, data: "" };
    const once = recordJson(masked, false);
    expect(recordJson(masked, false)).not.toBe(once);
    expect(recordJson(masked, false).toString()).toBe(JSON.stringify(masked));

    // A new decoding of the record (its schemas arrived) is a new view, written anew.
    record.forgetDecodings();
    const c = viewAs(record, "auto");
    expect(c).not.toBe(a);
    expect(recordJson(c, true)).not.toBe(recordJson(a, true));
    expect(recordJson(c, true).toString()).toBe(JSON.stringify(a));
  });
});
