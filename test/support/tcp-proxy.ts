// A TCP proxy in front of a real server, so a test can cut the connection ("the database died"),
// or make the server go silent (connections accepted, nothing ever answered: a hung host or a
// network that drops packets), and restore it on the same port, without disturbing the shared
// server other tests use.
import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Refuse new connections and reset every open one. */
  cut(): Promise<void>;
  /** Keep accepting, but let nothing through either way on open or new connections. */
  silence(): void;
  /** Accept and forward connections again on the same port (held silent ones are reset). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let silent = false;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const swallow = (s: Socket) => {
    s.unpipe();
    s.removeAllListeners('data');
    s.on('data', () => undefined);
  };
  const listen = () => new Promise<void>((resolve, reject) => {
    const s = createServer((client) => {
      track(client);
      client.on('error', () => client.destroy());
      if (silent) {
        swallow(client);
        return;
      }
      const upstream = connect(targetPort, targetHost);
      track(upstream);
      for (const end of [client, upstream]) end.on('error', () => { client.destroy(); upstream.destroy(); });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      port = (s.address() as AddressInfo).port;
      server = s;
      resolve();
    });
  });
  const resetAll = () => {
    for (const s of sockets) s.destroy();
  };
  const stop = () => new Promise<void>((resolve) => {
    resetAll();
    const s = server;
    server = null;
    if (s === null) resolve();
    else s.close(() => resolve());
  });
  await listen();
  return {
    get port() { return port; },
    cut: stop,
    silence() {
      silent = true;
      for (const s of sockets) swallow(s);
    },
    async restore() {
      if (silent) {
        silent = false;
        resetAll();
      }
      if (server === null) await listen();
    },
    close: stop,
  };
}
