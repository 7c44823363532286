import { createConnection, createServer, Server, Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** The proxy's own ports towards the target: PostgreSQL shows them as `client_port` of the backends behind it. */
  upstreamPorts(): number[];
  /** Resets every connection through the proxy and refuses new ones (ECONNREFUSED) until `restore()`. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (typeof address === 'object' && address !== null) resolve(address.port);
      else reject(new Error('The proxy has no port'));
    });
  });
}

function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

/**
 * A TCP proxy to `target` on a port of its own, for faults a test injects between an application and
 * its database: a network cut (every connection reset at once) and an outage (connections refused).
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await listen(server, 0);

  const resetAll = () => {
    for (const pair of [...pairs]) {
      pairs.delete(pair);
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
    }
  };

  return {
    port,
    upstreamPorts: () => [...pairs].map((pair) => pair.upstream.localPort).filter((local): local is number => local !== undefined),
    async cut() {
      const closed = stopListening(server);
      resetAll();
      await closed;
    },
    async restore() {
      if (!server.listening) await listen(server, port);
    },
    async close() {
      const closed = stopListening(server);
      resetAll();
      await closed;
    },
  };
}
