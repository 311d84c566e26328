// A loopback TCP proxy that tests can switch off and on, to show the app a service that stops
// answering (connections refused) and comes back — deterministically, without killing the service.
import net from "node:net";

export interface FaultProxy {
  endpoint: string;
  port: number;
  /** Whether connections currently pass through. */
  readonly up: boolean;
  /** Stops listening and cuts every open connection: clients get ECONNREFUSED until `restore`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }, port = 0): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  });
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: p, host: "127.0.0.1", exclusive: true }, () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const actual = await listen(port);
  let up = true;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      server.close(() => resolve());
    });
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    get up() {
      return up;
    },
    async cut() {
      if (!up) return;
      up = false;
      await stopListening();
    },
    async restore() {
      if (up) return;
      await listen(actual);
      up = true;
    },
    async close() {
      if (up) await stopListening();
      up = false;
    },
  };
}
