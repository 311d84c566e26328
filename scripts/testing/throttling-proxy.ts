// A loopback proxy in front of kinesis-local that makes PutRecords partly fail the way Kinesis
// does under load: the entries it picks never reach the emulator and come back with
// ProvisionedThroughputExceededException; the rest are written and answered for real.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ThrottlingProxy {
  endpoint: string;
  /** Entries refused so far. */
  throttled(): number;
  close(): Promise<void>;
}

interface PutEntry {
  [k: string]: unknown;
}

/** `throttle(callNumber, indexInCall)` decides which entries of each PutRecords call fail. */
export async function startThrottlingProxy(target: string, throttle: (call: number, index: number) => boolean): Promise<ThrottlingProxy> {
  const upstream = new URL(target);
  let calls = 0;
  let refused = 0;

  const forward = (req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host, "content-length": String(body.byteLength) };
      const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(parts) }));
        res.on("error", reject);
      });
      up.on("error", reject);
      up.end(body);
    });

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", async () => {
      try {
        let body = Buffer.concat(parts);
        const isPut = String(req.headers["x-amz-target"] ?? "").endsWith(".PutRecords");
        if (!isPut) {
          const out = await forward(req, body);
          res.writeHead(out.status, { "content-type": String(out.headers["content-type"] ?? "application/x-amz-json-1.1") });
          res.end(out.body);
          return;
        }
        const call = ++calls;
        const request = JSON.parse(body.toString("utf8")) as { Records: PutEntry[]; [k: string]: unknown };
        const fail = request.Records.map((_, i) => throttle(call, i));
        const passed = request.Records.filter((_, i) => !fail[i]);
        let real: { Records?: unknown[] } = { Records: [] };
        if (passed.length > 0) {
          body = Buffer.from(JSON.stringify({ ...request, Records: passed }));
          const out = await forward(req, body);
          if (out.status !== 200) {
            res.writeHead(out.status, { "content-type": String(out.headers["content-type"] ?? "application/x-amz-json-1.1") });
            res.end(out.body);
            return;
          }
          real = JSON.parse(out.body.toString("utf8")) as { Records?: unknown[] };
        }
        const realRecords = [...(real.Records ?? [])];
        const merged = fail.map((f) =>
          f
            ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard (injected by the test proxy)." }
            : realRecords.shift(),
        );
        const failedCount = merged.filter((m) => (m as { ErrorCode?: string }).ErrorCode).length;
        refused += fail.filter(Boolean).length;
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ FailedRecordCount: failedCount, Records: merged }));
      } catch (e) {
        res.writeHead(500, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ __type: "InternalFailure", message: String(e) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttled: () => refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
