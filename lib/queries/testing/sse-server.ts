// A tiny HTTP server on 127.0.0.1 for the hook tests: each test gives it a handler, and it records
// every request it saw and when the client closed it, so a test can prove a session ended.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EventSource } from "eventsource";

export interface SeenRequest {
  path: string;
  accept: string;
  lastEventId?: string;
  closed: boolean;
}

export type SseHandler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

export interface SseTestServer {
  url(path: string): string;
  requests: SeenRequest[];
  handle(handler: SseHandler): void;
  close(): Promise<void>;
}

export async function startSseServer(): Promise<SseTestServer> {
  let handler: SseHandler = (_req, res) => res.writeHead(404).end();
  const requests: SeenRequest[] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const seen: SeenRequest = {
      path: req.url ?? "",
      accept: req.headers.accept ?? "",
      lastEventId: req.headers["last-event-id"] as string | undefined,
      closed: false,
    };
    requests.push(seen);
    open.add(res);
    res.on("close", () => {
      seen.closed = true;
      open.delete(res);
    });
    handler(req, res, seen);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    handle: (h) => {
      handler = h;
    },
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts an event stream and returns a writer of `event:`/`data:` blocks. */
export function openStream(res: ServerResponse): (event: string, data: unknown, id?: string) => void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  res.write(": open\n\n");
  return (event, data, id) => {
    res.write(`${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}

/** The browser's EventSource, spoken over real HTTP (jsdom has none); relative URLs resolve against `origin`. */
export function installEventSource(origin?: string): () => void {
  const before = globalThis.EventSource;
  class PageEventSource extends EventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(origin ? new URL(url, origin) : url, init);
    }
  }
  globalThis.EventSource = PageEventSource as unknown as typeof globalThis.EventSource;
  return () => {
    globalThis.EventSource = before;
  };
}

/** Relative URLs, as the hooks use them, resolved against `origin` as a page served from it would. */
export function installFetchBase(origin: string): () => void {
  const before = globalThis.fetch;
  globalThis.fetch = (input, init) => before(typeof input === "string" && input.startsWith("/") ? new URL(input, origin) : input, init);
  return () => {
    globalThis.fetch = before;
  };
}

/** Reads a request's JSON body. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}
