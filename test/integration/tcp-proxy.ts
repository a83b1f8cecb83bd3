import { once } from 'node:events';
import net from 'node:net';

/**
 * A TCP proxy in front of Postgres that a test controls: `cut()` drops every open connection mid-stream and
 * refuses new ones (what a failover or a network partition looks like to the client), `restore()` lets
 * connections through again. `url(databaseUrl)` rewrites a database URL to go through the proxy.
 */
export type TcpProxy = {
  port: number;
  url(databaseUrl: string): string;
  cut(): void;
  restore(): void;
  readonly isCut: boolean;
  /** connections dropped by cuts so far */
  readonly dropped: number;
  close(): Promise<void>;
};

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  const open = new Set<net.Socket>();
  let isCut = false;
  let dropped = 0;
  const server = net.createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair = [client, upstream];
    for (const socket of pair) {
      open.add(socket);
      socket.on('error', () => undefined); // a reset is the point of the exercise
      socket.on('close', () => {
        open.delete(socket);
        for (const other of pair) other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    url(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      isCut = true;
      dropped += open.size / 2;
      for (const socket of open) socket.destroy();
    },
    restore() {
      isCut = false;
    },
    get isCut() {
      return isCut;
    },
    get dropped() {
      return dropped;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** Host and port of a postgres:// URL (default port 5432). */
export const targetOf = (databaseUrl: string) => {
  const u = new URL(databaseUrl);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
};
