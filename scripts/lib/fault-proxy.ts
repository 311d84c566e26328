// A loopback HTTP/1.1 proxy in front of kinesis-local that counts requests per Kinesis operation and
// injects the faults kinesis-local never produces: GetRecords throttling, expired iterators, and the
// endpoint going away (as when kinesis-local is restarted). For tests and benchmarks only.
// With `trackShards`, it also tells which shard (and which chain of iterators, i.e. which reader)
// each GetRecords call was for, by following the iterators it hands out.
import http from "node:http";
import type net from "node:net";
import { freePort } from "./free-port";

export interface FaultProxyOptions {
  /** The kinesis-local endpoint to forward to, e.g. http://127.0.0.1:41234. */
  target: string;
  /** Listen port; a free one when omitted. */
  port?: number;
  /** Follow shard iterators so that `shardCalls()` can tell each GetRecords call's shard and reader. */
  trackShards?: boolean;
}

/** One GetRecords call seen with `trackShards`. */
export interface ShardCall {
  /** Epoch ms when the request arrived. */
  at: number;
  /** `stream/shardId`, or `(unknown)` for an iterator the proxy did not hand out. */
  shard: string;
  /**
   * The chain of iterators this call belongs to: one per GetShardIterator call, followed through
   * each answer's NextShardIterator. A reader that keeps polling keeps one chain.
   */
  chain: number;
  /** The answer's HTTP status, once it came (a retried call shows as two calls). */
  status?: number;
}

export interface FaultProxy {
  /** Where clients connect, e.g. http://127.0.0.1:45678. */
  endpoint: string;
  port: number;
  /** Requests seen per operation (`GetRecords`, not `Kinesis_20131202.GetRecords`), faults included. */
  counts(): Record<string, number>;
  /** Faulted answers given so far, per fault. */
  faults(): { throttled: number; expired: number };
  /** With `trackShards`: every GetRecords call so far, oldest first (not cleared by `reset`). */
  shardCalls(): readonly ShardCall[];
  /** Zeroes the counts (faults and fault modes stay as they are). */
  reset(): void;
  /** Answers the next `n` GetRecords calls (or all, until cleared) with ProvisionedThroughputExceededException. */
  throttleGetRecords(n: number | "all"): void;
  /** Answers the next `n` GetRecords calls with ExpiredIteratorException. */
  expireIterators(n: number): void;
  /** Turns every fault mode off (does not bring the listener back; see `up`). */
  clearFaults(): void;
  /** Stops listening and cuts every open connection: clients see ECONNREFUSED / ECONNRESET. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  isDown(): boolean;
  stop(): Promise<void>;
}

const TARGET_PREFIX = "Kinesis_20131202.";

/** An error answer shaped as Kinesis (awsJson1_1) sends it; the SDK reads the name from `__type`. */
function awsJsonError(res: http.ServerResponse, type: string, message: string): void {
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(400, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(body),
    "x-amzn-errortype": type,
    "x-amzn-requestid": `fault-proxy-${Date.now()}`,
  });
  res.end(body);
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const port = opts.port ?? (await freePort());
  const upstream = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const counts = new Map<string, number>();
  const faultCounts = { throttled: 0, expired: 0 };
  let throttle: number | "all" = 0;
  let expire = 0;
  let down = false;
  const sockets = new Set<net.Socket>();
  const upstreamRequests = new Set<http.ClientRequest>();
  const iterators = new Map<string, { shard: string; chain: number }>();
  const shardCalls: ShardCall[] = [];
  let chains = 0;

  /** What an answer's iterator belongs to, learnt from the request (undefined: not followed). */
  const follow = (op: string, body: Buffer, at: number): { shard: string; chain: number; call?: ShardCall } | undefined => {
    if (!opts.trackShards || (op !== "GetShardIterator" && op !== "GetRecords")) return undefined;
    let req: { StreamName?: string; StreamARN?: string; ShardId?: string; ShardIterator?: string };
    try {
      req = JSON.parse(body.toString("utf8")) as typeof req;
    } catch {
      return undefined;
    }
    if (op === "GetShardIterator") {
      const stream = req.StreamName ?? req.StreamARN?.split("/").pop() ?? "?";
      return { shard: `${stream}/${req.ShardId ?? "?"}`, chain: ++chains };
    }
    const owner = iterators.get(req.ShardIterator ?? "") ?? { shard: "(unknown)", chain: 0 };
    const call: ShardCall = { at, ...owner };
    shardCalls.push(call);
    return { ...owner, call };
  };

  /** Reads the iterator out of a successful answer and files it under `owner`. */
  const learn = ({ shard, chain }: { shard: string; chain: number }, op: string, status: number, body: Buffer) => {
    if (status !== 200) return;
    const field = op === "GetShardIterator" ? "ShardIterator" : "NextShardIterator";
    // A regular expression, not JSON.parse: a GetRecords answer may hold megabytes of records.
    const m = new RegExp(`"${field}"\\s*:\\s*"([^"]+)"`).exec(body.toString("utf8"));
    if (m) iterators.set(m[1]!, { shard, chain });
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const amzTarget = String(req.headers["x-amz-target"] ?? "");
      const op = amzTarget.startsWith(TARGET_PREFIX) ? amzTarget.slice(TARGET_PREFIX.length) : amzTarget || "(none)";
      counts.set(op, (counts.get(op) ?? 0) + 1);

      if (op === "GetRecords" && (throttle === "all" || throttle > 0)) {
        if (throttle !== "all") throttle--;
        faultCounts.throttled++;
        return awsJsonError(res, "ProvisionedThroughputExceededException", "Rate exceeded for shard");
      }
      if (op === "GetRecords" && expire > 0) {
        expire--;
        faultCounts.expired++;
        return awsJsonError(res, "ExpiredIteratorException", "Iterator expired. The iterator was created at a time too long ago.");
      }

      const body = Buffer.concat(chunks);
      const owner = follow(op, body, Date.now());
      const headers = { ...req.headers, host: target.host };
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: upstream }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        upRes.on("error", () => res.destroy());
        if (owner?.call) owner.call.status = upRes.statusCode;
        if (owner && !upRes.headers["content-encoding"]) {
          const answer: Buffer[] = [];
          upRes.on("data", (c: Buffer) => answer.push(c));
          // Iterators stay known after use: a retried call reuses its iterator.
          upRes.on("end", () => learn(owner, op, upRes.statusCode ?? 0, Buffer.concat(answer)));
        }
      });
      upstreamRequests.add(up);
      up.on("close", () => upstreamRequests.delete(up));
      up.on("error", () => res.destroy());
      up.end(body);
    });
  };

  let server = http.createServer(handle);
  const track = (s: http.Server) =>
    s.on("connection", (socket: net.Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });

  const listen = (s: http.Server) =>
    new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen({ port, host: "127.0.0.1" }, () => {
        s.off("error", reject);
        resolve();
      });
    });

  const cut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const r of upstreamRequests) r.destroy();
    for (const s of sockets) s.destroy();
    await closed;
  };

  track(server);
  await listen(server);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    counts: () => Object.fromEntries(counts),
    faults: () => ({ ...faultCounts }),
    shardCalls: () => shardCalls,
    reset: () => counts.clear(),
    throttleGetRecords(n) {
      throttle = n;
    },
    expireIterators(n) {
      expire = n;
    },
    clearFaults() {
      throttle = 0;
      expire = 0;
    },
    async down() {
      if (down) return;
      down = true;
      await cut();
    },
    async up() {
      if (!down) return;
      // A closed http.Server cannot listen again; a fresh one takes the same port.
      server = http.createServer(handle);
      track(server);
      await listen(server);
      down = false;
    },
    isDown: () => down,
    async stop() {
      if (!down) await cut();
      down = true;
      upstream.destroy();
    },
  };
}
