// Benchmark of batch record injection: the browser's uploader (lib/put/batch-upload) sending
// through `POST /api/streams/{name}/records` of the built app, against a plain SDK PutRecords
// loop writing the same records to the same kinesis-local. Prints `name value unit` lines on
// stdout; bench/README.md records the figures. Every run is counted back from the stream.
import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { uploadRecords, type UploadItem } from "../lib/put/batch-upload";
import { prepareRecord, type PutRecordInput } from "../lib/put/prepare-record";
import { freePort } from "../scripts/lib/free-port";
import { createScriptKinesisClient } from "../scripts/lib/kinesis-client";
import { startKinesisLocal } from "../scripts/lib/kinesis-local";
import { hasBuild, localAwsEnv, startNextServer } from "../scripts/lib/next-server";
import { createStream, readWholeStream } from "../scripts/lib/stream-contents";

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SHARDS = 4;
const CHUNK = 500;
/** As the browser sends them (lib/queries/put.ts UPLOAD_CONCURRENCY). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

const progress = (line: string) => console.error(`[bench] ${line}`);
const report = (name: string, value: number, unit: string) => console.log(`${name} ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`);
class BenchFailure extends Error {}

function makeRecords(): UploadItem[] {
  return Array.from({ length: RECORDS }, (_, i) => {
    const input: PutRecordInput = {
      partitionKey: `bench-${i}-${(i * 2654435761) % 100_000}`,
      data: JSON.stringify({ seq: i, event: "bench", at: "2026-11-26T12:00:00.000Z", payload: "x".repeat(120) }),
      encoding: "json",
    };
    const r = prepareRecord(input);
    if (!r.ok) throw new BenchFailure(`bench record ${i} is invalid`);
    return { input, size: r.record.size };
  });
}

/** The baseline: PutRecords in chunks of 500, one call after another, failed entries retried. */
async function sdkLoop(client: KinesisClient, stream: string, items: UploadItem[]): Promise<void> {
  const enc = new TextEncoder();
  for (let start = 0; start < items.length; start += CHUNK) {
    let pending = items.slice(start, start + CHUNK).map((it) => ({ PartitionKey: it.input.partitionKey, Data: enc.encode(it.input.data) }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 10) throw new BenchFailure("the SDK loop could not write a chunk in 10 tries");
      const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: pending }));
      pending = pending.filter((_, i) => out.Records?.[i]?.ErrorCode);
    }
  }
}

async function viaShardscope(url: string, stream: string, items: UploadItem[]): Promise<void> {
  const endpoint = `${url}/api/streams/${encodeURIComponent(stream)}/records`;
  const report = await uploadRecords(items, {
    concurrency: CONCURRENCY,
    send: async (records) => {
      const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ records }) });
      const body = (await res.json()) as { results?: never[]; error?: { message: string } };
      if (!res.ok || !body.results) throw new BenchFailure(`POST answered ${res.status}: ${body.error?.message ?? ""}`);
      return body.results;
    },
  });
  if (report.state !== "done" || report.progress.succeeded !== items.length) {
    throw new BenchFailure(`the upload ended ${report.state} with ${report.progress.succeeded} of ${items.length} written`);
  }
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!hasBuild()) throw new BenchFailure("no production build: .next/BUILD_ID is missing. Run `npm run build` first.");
  const cleanups: (() => Promise<void>)[] = [];
  try {
    progress("starting kinesis-local and the app…");
    const kinesis = await startKinesisLocal({ shardLimit: 1_000 });
    cleanups.push(() => kinesis.stop());
    const client = createScriptKinesisClient({ endpoint: kinesis.endpoint });
    cleanups.push(async () => client.destroy());
    const app = await startNextServer({
      host: "127.0.0.1",
      port: await freePort(),
      env: { ...localAwsEnv(kinesis.endpoint), NEXT_TELEMETRY_DISABLED: "1" },
      onLine: (line) => process.env.BENCH_VERBOSE && console.error(`[next] ${line}`),
    });
    cleanups.push(() => app.child.stop(3_000));

    const items = makeRecords();
    const bytes = items.reduce((s, it) => s + it.size, 0);
    report("records_per_run", RECORDS, "records");
    report("bytes_per_run", bytes, "bytes");

    // Warm both paths on a throwaway stream: route compilation and connections are not the subject.
    const warm = `bench-warm`;
    await createStream(client, warm, SHARDS);
    await sdkLoop(client, warm, items.slice(0, 500));
    await viaShardscope(app.url, warm, items.slice(0, 1_000));

    const sdk: number[] = [];
    const shardscope: number[] = [];
    // Alternate, each run on a fresh stream: kinesis-local slows down as a stream fills.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const path of ["sdk", "shardscope"] as const) {
        const stream = `bench-${path}-${round}`;
        await createStream(client, stream, SHARDS);
        const ms = await timed(() => (path === "sdk" ? sdkLoop(client, stream, items) : viaShardscope(app.url, stream, items)));
        const stored = await readWholeStream(client, stream);
        if (stored.length !== RECORDS) throw new BenchFailure(`${stream} holds ${stored.length} records, expected ${RECORDS}`);
        const rate = RECORDS / (ms / 1000);
        (path === "sdk" ? sdk : shardscope).push(rate);
        progress(`round ${round} ${path}: ${(ms / 1000).toFixed(1)} s, ${rate.toFixed(0)} records/s (${stored.length} read back)`);
      }
    }
    report("sdk_put_records_per_s", Math.round(median(sdk)), "records/s");
    report("shardscope_put_records_per_s", Math.round(median(shardscope)), "records/s");
    report("shardscope_to_sdk_ratio", median(shardscope) / median(sdk), "ratio");
  } finally {
    for (const stop of cleanups.reverse()) await stop().catch(() => {});
  }
}

main().catch((e) => {
  console.error(e instanceof BenchFailure ? `bench failed: ${e.message}` : e);
  process.exit(1);
});
