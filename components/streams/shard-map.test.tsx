import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { ShardView } from "@/lib/streams/types";
import { ShardMap, type ShardMapTraffic } from "./shard-map";

const HALF = (2n ** 127n).toString();
const MAX = (2n ** 128n - 1n).toString();
const SHARDS: ShardView[] = [
  { shardId: "shardId-000000000000", hashKeyRange: { start: "0", end: MAX }, sequenceNumberRange: { start: "1", end: "9" }, open: false },
  {
    shardId: "shardId-000000000001",
    parentShardId: "shardId-000000000000",
    hashKeyRange: { start: "0", end: (2n ** 127n - 1n).toString() },
    sequenceNumberRange: { start: "10" },
    open: true,
  },
  {
    shardId: "shardId-000000000002",
    parentShardId: "shardId-000000000000",
    hashKeyRange: { start: HALF, end: MAX },
    sequenceNumberRange: { start: "11" },
    open: true,
  },
];
const TRAFFIC: ShardMapTraffic = {
  byShard: new Map([
    ["shardId-000000000001", { bytesPerSecond: 250, recordsPerSecond: 2 }],
    ["shardId-000000000002", { bytesPerSecond: 1000, recordsPerSecond: 9 }],
  ]),
  source: "observed live by Shardscope's own readers",
};

function Harness({ traffic }: { traffic?: ShardMapTraffic }) {
  const [selected, setSelected] = useState<string | undefined>();
  return (
    <>
      <ShardMap shards={SHARDS} selected={selected} onSelect={setSelected} traffic={traffic} />
      <output data-testid="selected">{selected ?? ""}</output>
    </>
  );
}

const box = (id: string) => screen.getAllByTestId("shard-map-box").find((b) => b.getAttribute("data-shard") === id)!;

describe("the shard map", () => {
  it("colours open shards by their traffic, the busiest hottest, and says what the colour means", () => {
    render(<Harness traffic={TRAFFIC} />);
    expect(box("shardId-000000000002").getAttribute("data-heat")).toBe("1.00");
    expect(box("shardId-000000000001").getAttribute("data-heat")).toBe("0.25");
    expect(box("shardId-000000000000").getAttribute("data-heat")).toBeNull(); // closed: no traffic colour
    const fill = (id: string) => box(id).querySelector("rect")!.style.fill;
    expect(fill("shardId-000000000002")).not.toBe("");
    expect(fill("shardId-000000000002")).not.toBe(fill("shardId-000000000001"));
    expect(fill("shardId-000000000000")).toBe("");
    expect(box("shardId-000000000002").getAttribute("aria-label")).toBe("shardId-000000000002, open, 50.0% of the key space, 1000 B/s, 9 records/s");
    expect(screen.getByTestId("shard-map-legend").textContent).toContain(
      "Colour: incoming bytes/s per shard, 0 to 1000 B/s — observed live by Shardscope's own readers.",
    );
  });

  it("without traffic, shows the key space only", () => {
    render(<Harness />);
    expect(box("shardId-000000000002").getAttribute("data-heat")).toBeNull();
    expect(screen.queryByTestId("shard-map-legend")).toBeNull();
  });

  it("every shard is a button that Tab reaches and Enter or Space selects", () => {
    render(<Harness traffic={TRAFFIC} />);
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.getAttribute("data-shard"))).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    for (const b of buttons) expect(b.getAttribute("tabindex")).toBe("0");
    buttons[2]!.focus();
    fireEvent.keyDown(buttons[2]!, { key: "Enter" });
    expect(screen.getByTestId("selected").textContent).toBe("shardId-000000000002");
    expect(buttons[2]!.getAttribute("aria-pressed")).toBe("true");
    fireEvent.keyDown(buttons[1]!, { key: " " });
    expect(screen.getByTestId("selected").textContent).toBe("shardId-000000000001");
  });
});
