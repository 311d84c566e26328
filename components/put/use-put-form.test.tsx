// The put form's hook against a small stand-in for Shardscope's API on 127.0.0.1 (target, shards,
// and the records POST), with the real react-query hooks and a fresh QueryClient per test.
import { QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ServerResponse } from "node:http";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PutRecordInput } from "@/lib/put/prepare-record";
import { makeQueryClient } from "@/lib/queries/query-client";
import { installFetchBase, readJson, startSseServer, type SseTestServer } from "@/lib/queries/testing/sse-server";
import { InScope, TEST_API } from "@/lib/queries/testing/in-scope";
import { putPrefillFromParams } from "@/lib/records/record-links";
import { MAX_COPIES, usePutForm, type PutFormInitial } from "./use-put-form";

const HALF = (2n ** 127n).toString();
const SHARDS = [
  { shardId: "shardId-000000000000", hashKeyRange: { start: "0", end: (2n ** 127n - 1n).toString() }, sequenceNumberRange: { start: "1" }, open: true },
  { shardId: "shardId-000000000001", hashKeyRange: { start: HALF, end: (2n ** 128n - 1n).toString() }, sequenceNumberRange: { start: "1" }, open: true },
];

let server: SseTestServer;
let restoreFetch: () => void;
let local = true;
/** Each records POST, in order; a test may hold the answers back. */
let posts: PutRecordInput[][] = [];
/** The `schema` each records POST carried, if any. */
let schemas: unknown[] = [];
let hold: Promise<void> | undefined;
/** The stream's maximum record size, as its summary states it. */
let maxRecordSizeKiB = 1024;
const summary = () => ({
  name: "orders",
  arn: "arn:aws:kinesis:us-east-1:000000000000:stream/orders",
  status: "ACTIVE",
  mode: "PROVISIONED",
  openShardCount: 2,
  retentionHours: 24,
  encryption: "NONE",
  createdAt: "2026-01-01T00:00:00.000Z",
  enhancedMonitoring: [],
  maxRecordSizeKiB,
});

const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));

beforeAll(async () => {
  server = await startSseServer();
  restoreFetch = installFetchBase(server.url(""));
  server.handle((req, res) => {
    if (req.url === `${TEST_API}/target`)
      return json(res, { region: "us-east-1", account: local ? "local" : "123456789012", endpoint: "http://x", local, readOnly: false });
    if (req.url === `${TEST_API}/streams/orders/shards`) return json(res, { shards: SHARDS });
    if (req.url === `${TEST_API}/streams/orders`) return json(res, summary());
    if (req.url === `${TEST_API}/streams/orders/records` && req.method === "POST") {
      void readJson(req).then(async (body) => {
        const records = (body as { records: PutRecordInput[] }).records;
        posts.push(records);
        schemas.push((body as { schema?: unknown }).schema);
        await hold;
        json(res, { results: records.map((_, i) => ({ shardId: "shardId-000000000000", sequenceNumber: String(posts.length * 1000 + i) })) });
      });
      return;
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  restoreFetch();
  await server.close();
});
afterEach(() => {
  posts = [];
  schemas = [];
  hold = undefined;
  local = true;
  maxRecordSizeKiB = 1024;
});

function renderForm(initial?: PutFormInitial) {
  const client = makeQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <InScope>{children}</InScope>
    </QueryClientProvider>
  );
  return renderHook(() => usePutForm("orders", initial), { wrapper });
}

describe("usePutForm", () => {
  it("writes with a registry schema: JSON data, nothing sent until registry, schema and version are chosen, then the choice sent along", async () => {
    const { result } = renderForm();
    await waitFor(() => expect(result.current.target.data).toBeDefined());
    act(() => result.current.setEncoding("text"));
    act(() => result.current.setWithSchema(true));
    expect(result.current.fields.encoding).toBe("json");
    act(() => result.current.setKeyTemplate("sensor-1"));
    act(() => result.current.setData('{"sensorId":"s-1"}'));
    act(() => result.current.setRegistryChoice({ registry: "demo", name: "reading", compression: "zlib" }));
    act(() => result.current.send());
    expect(result.current.sendProblems).toEqual(["Choose the registry, schema and version to write with, or turn off writing with a schema."]);
    expect(posts).toHaveLength(0);

    act(() => result.current.setRegistryChoice({ registry: "demo", name: "reading", version: 2, compression: "zlib" }));
    act(() => result.current.send());
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual([{ partitionKey: "sensor-1", data: '{"sensorId":"s-1"}', encoding: "json" }]);
    expect(schemas).toEqual([{ registry: "demo", name: "reading", version: 2, compression: "zlib" }]);

    // Without a schema, no `schema` is sent.
    await waitFor(() => expect(result.current.run.phase).toBe("finished"));
    act(() => result.current.setWithSchema(false));
    act(() => result.current.send());
    await waitFor(() => expect(posts).toHaveLength(2));
    expect(schemas[1]).toBeUndefined();
  });

  it("starts from a copy of a record as its page URL carries it, and sends exactly that record", async () => {
    const data = JSON.stringify({ orderId: "o-7", total: 12.5 });
    const params = new URLSearchParams({ key: "cust-7", encoding: "json", data });
    const { result } = renderForm(putPrefillFromParams(params));
    await waitFor(() => expect(result.current.target.data).toBeDefined());
    expect(result.current.fields).toMatchObject({ keyKind: "fixed", keyTemplate: "cust-7", encoding: "json", data, copiesText: "1" });
    expect(Object.values(result.current.errors).filter(Boolean)).toEqual([]);
    act(() => result.current.send());
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual([{ partitionKey: "cust-7", data, encoding: "json" }]);
  });

  it("shows no problem before the person has typed: not on load, not after choosing another encoding or key mode", async () => {
    const { result } = renderForm();
    await waitFor(() => expect(result.current.target.data).toBeDefined());
    await waitFor(() => expect(result.current.shards.data).toBeDefined());
    const shown = () => Object.entries(result.current.errors).filter(([, message]) => message !== undefined);
    expect(shown()).toEqual([]);
    for (const encoding of ["text", "base64", "hex", "json"] as const) {
      act(() => result.current.setEncoding(encoding));
      expect(shown()).toEqual([]);
    }
    act(() => result.current.setKeyKind("random"));
    act(() => result.current.setKeyKind("fixed"));
    expect(shown()).toEqual([]);
    // Typing into a field shows that field's problems only.
    act(() => result.current.setExplicitHashKey("x"));
    expect(shown().map(([field]) => field)).toEqual(["explicitHashKey"]);
    // A send names every problem.
    act(() => result.current.send());
    expect(result.current.errors.partitionKey).toBeDefined();
    expect(result.current.errors.data).toBeDefined();
  });

  it("checks as you type, but names a missing key only once a send was tried; a refused send sends nothing", async () => {
    const { result } = renderForm();
    await waitFor(() => expect(result.current.target.data).toBeDefined());
    expect(result.current.errors.partitionKey).toBeUndefined();
    act(() => result.current.setData("{not json"));
    expect(result.current.errors.data).toMatch(/JSON/);
    act(() => result.current.setCopiesText("0"));
    expect(result.current.errors.copies).toBe(`Copies must be a whole number from 1 to ${MAX_COPIES.toLocaleString("en-US")}.`);
    expect(result.current.count).toBe(0);

    act(() => result.current.setCopiesText("2"));
    act(() => result.current.send());
    expect(result.current.errors.partitionKey).toBeDefined();
    expect(result.current.sendProblems.length).toBeGreaterThan(0);
    expect(result.current.sendProblems[0]).toMatch(/^Copy 1: /);
    expect(result.current.pending).toBeUndefined();
    expect(result.current.run.phase).toBe("idle");
    expect(posts).toEqual([]);
  });

  it("holds the data to the stream's maximum record size from its summary: 1 MiB, or 10 MiB", async () => {
    const twoMiB = "a".repeat(2 * 1024 * 1024);
    const oneMiB = renderForm();
    await waitFor(() => expect(oneMiB.result.current.target.data).toBeDefined());
    act(() => oneMiB.result.current.setEncoding("text"));
    act(() => oneMiB.result.current.setData(twoMiB));
    expect(oneMiB.result.current.errors.data).toBe(
      "The data is 2,097,152 bytes after decoding; a record of this stream holds at most 1 MiB (1,048,576 bytes).",
    );
    oneMiB.unmount();

    maxRecordSizeKiB = 10 * 1024;
    const tenMiB = renderForm();
    act(() => tenMiB.result.current.setEncoding("text"));
    act(() => tenMiB.result.current.setData(twoMiB));
    await waitFor(() => expect(tenMiB.result.current.errors.data).toBeUndefined());
    act(() => tenMiB.result.current.setData(`${"a".repeat(10 * 1024 * 1024)}b`));
    expect(tenMiB.result.current.errors.data).toBe(
      "The data is 10,485,761 bytes after decoding; a record of this stream holds at most 10 MiB (10,485,760 bytes).",
    );
  });

  it("builds every copy with its placeholders filled, sends at once to a local emulator, and predicts each record's shard", async () => {
    const { result } = renderForm();
    await waitFor(() => expect(result.current.target.data?.local).toBe(true));
    await waitFor(() => expect(result.current.shards.data).toBeDefined());
    act(() => {
      result.current.setKeyTemplate("k-{{seq}}");
      result.current.setData('{"n": {{seq}}}');
      result.current.setCopiesText("3");
    });
    expect(result.current.count).toBe(3);
    expect(result.current.first.partitionKey).toBe("k-1");
    act(() => result.current.send());
    await waitFor(() => expect(result.current.run.phase).toBe("finished"));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.map((r) => [r.partitionKey, r.data, r.encoding])).toEqual([
      ["k-1", '{"n": 1}', "json"],
      ["k-2", '{"n": 2}', "json"],
      ["k-3", '{"n": 3}', "json"],
    ]);
    expect(result.current.resultRows?.map((r) => [r.n, r.partitionKey, r.outcome.status])).toEqual([
      [1, "k-1", "ok"],
      [2, "k-2", "ok"],
      [3, "k-3", "ok"],
    ]);
    expect(result.current.resultRows?.every((r) => r.predicted === "shardId-000000000000" || r.predicted === "shardId-000000000001")).toBe(true);
  });

  it("asks before writing to a real account: dismissing sends nothing, confirming sends the batch it showed", async () => {
    local = false;
    const { result } = renderForm();
    await waitFor(() => expect(result.current.target.data?.local).toBe(false));
    act(() => {
      result.current.setSource("compose");
      result.current.setKeyKind("random");
      result.current.setEncoding("text");
      result.current.setData("hello {{seq}}");
      result.current.setCopiesText("2");
    });
    act(() => result.current.send());
    expect(result.current.pending?.items.map((i) => i.input.data)).toEqual(["hello 1", "hello 2"]);
    const keys = result.current.pending!.items.map((i) => i.input.partitionKey);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    act(() => result.current.dismiss());
    expect(result.current.pending).toBeUndefined();
    expect(result.current.run.phase).toBe("idle");

    act(() => result.current.send());
    act(() => result.current.confirm());
    await waitFor(() => expect(result.current.run.phase).toBe("finished"));
    expect(posts.flat().map((r) => r.data)).toEqual(["hello 1", "hello 2"]);
  });

  it("cancel starts no new request; the ones in flight finish and the rest are reported not sent", async () => {
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    const { result } = renderForm();
    await waitFor(() => expect(result.current.target.data?.local).toBe(true));
    act(() => {
      result.current.setKeyTemplate("k");
      result.current.setEncoding("text");
      result.current.setData("x");
      result.current.setCopiesText("1200");
    });
    act(() => result.current.send());
    await waitFor(() => expect(posts).toHaveLength(2)); // two requests of 500 at a time
    expect(result.current.running).toBe(true);
    act(() => result.current.cancel());
    expect(result.current.cancelling).toBe(true);
    release();
    await waitFor(() => expect(result.current.run.phase).toBe("finished"));
    const run = result.current.run;
    if (run.phase !== "finished") throw new Error("unreachable");
    expect(run.report.state).toBe("cancelled");
    expect(posts).toHaveLength(2);
    expect(run.report.outcomes.filter((o) => o.status === "ok")).toHaveLength(1000);
    expect(run.report.outcomes.filter((o) => o.status === "not_sent")).toHaveLength(200);
  });

  it("a file: its own keys are used, lines without one need the form's key, and a bad line stops the send", async () => {
    const { result } = renderForm();
    await waitFor(() => expect(result.current.target.data).toBeDefined());
    act(() => {
      result.current.setSource("file");
      result.current.setFile({ name: "a.ndjson", size: 44, text: '{"partitionKey":"a","data":"1"}\n{"data":"2"}\n', format: "ndjson" });
    });
    expect(result.current.fileNeedsDefaultKey).toBe(true);
    expect(result.current.defaultKeyProblem).toBeDefined();
    act(() => result.current.setKeyTemplate("fallback"));
    expect(result.current.count).toBe(2);
    act(() => result.current.send());
    await waitFor(() => expect(result.current.run.phase).toBe("finished"));
    expect(posts.flat().map((r) => r.partitionKey)).toEqual(["a", "fallback"]);
    expect(result.current.sent?.lines).toEqual([1, 2]);
  });
});
