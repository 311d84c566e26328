// Finds a TCP port nobody is listening on, so local services and tests never collide on a fixed one.
// The port is released before it is returned; a tiny race with another process is accepted.
import net from "node:net";

/** Asks the OS for an ephemeral port on `host` (loopback by default) and returns its number. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the address of a probe socket"));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/** Several distinct free ports; all probes stay open until every port is known, so none repeats. */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port: 0, host, exclusive: true }, () => resolve());
      });
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("could not read the address of a probe socket");
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** Whether `port` can be bound on every interface, as kinesis-local binds it. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    // No host: Node binds `::` (and 0.0.0.0 with it), which collides with any listener on the port.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
