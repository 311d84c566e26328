// The live tail across shards: rows in arrival-time order in both directions, whichever shard's
// batch reaches the browser first, and counters that add up once the stream is quiet.
import { PutRecordCommand } from "@aws-sdk/client-kinesis";
import { expect, test } from "./fixtures/kinesis";
import { TailPage } from "./pages/tail-page";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("rows from several shards are in arrival order, newest or oldest first, and the counters add up", async ({ page, kinesis }) => {
  const stream = await kinesis.scratchStream("order", 3);
  const shards = await kinesis.shards(stream);
  expect(shards).toHaveLength(3);
  const tail = new TailPage(page);
  await tail.goto(stream);
  await tail.waitLive();

  // Round after round, one record to each shard, ~80 ms apart: their arrival times are in this
  // order. Each shard's reader polls once a second on its own schedule, so the shards' batches
  // reach the browser one after another, each with records older than some already shown: a
  // shard polled later delivers records that must go between rows already on screen.
  const order: string[] = [];
  for (let round = 0; round < 6; round++) {
    const rotated = shards.map((_, i) => shards[(i + round) % shards.length]!);
    for (const [i, s] of rotated.entries()) {
      const key = `r${round}-${i}-${s.shardId.slice(-1)}`;
      const out = await kinesis.client.send(
        new PutRecordCommand({ StreamName: stream, PartitionKey: key, ExplicitHashKey: s.start, Data: Buffer.from(JSON.stringify({ round, i })) }),
      );
      expect(out.ShardId).toBe(s.shardId);
      order.push(key);
      await sleep(80);
    }
  }
  await expect(tail.rows).toHaveCount(order.length, { timeout: 15_000 });

  const shown = () => tail.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key") ?? ""));
  const orderButton = page.getByRole("button", { name: "Order" });
  if ((await orderButton.textContent()) === "Newest first") await orderButton.click();
  await expect(orderButton).toHaveText("Oldest first");
  expect(await shown()).toEqual(order);
  await orderButton.click();
  await expect(orderButton).toHaveText("Newest first");
  expect(await shown()).toEqual([...order].reverse());

  // With no filter and nothing in flight: scanned = matched = received, nothing dropped.
  const count = (name: string) => page.getByTestId(`tail-count-${name}`);
  const n = String(order.length);
  await expect(count("scanned")).toHaveAttribute("data-value", n);
  await expect(count("matched")).toHaveAttribute("data-value", n);
  await expect(count("received")).toHaveAttribute("data-value", n);
  await expect(count("dropped")).toHaveAttribute("data-value", "0");
  await expect(count("inFlight")).toHaveAttribute("data-value", "0");
  await expect(page.getByTestId("tail-row-count")).toHaveText(n);
  // Each count says what it counts.
  await expect(count("matched")).toHaveAttribute("title", /matched = received \+ dropped \+ in flight/);
  await page.getByText("What the counts mean").click();
  await expect(page.getByTestId("tail-counter-legend")).toContainText("Records the server's filter looked at");
});
