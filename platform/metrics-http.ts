// The /metrics endpoint every shardcast process serves (sidecar and coordinator): a plain
// node:http server that answers GET /metrics with a prom-client registry's exposition.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  server: Server;
  /** Port actually bound (resolves port 0). */
  port: number;
  /** host:port actually bound. */
  address: string;
  close(): Promise<void>;
}

/** Serves `registry` on GET /metrics at host:port (port 0 picks a free one). */
export async function startMetricsServer(port: number, registry: Registry, host = '0.0.0.0'): Promise<MetricsServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`metrics port must be an integer in 0..65535, got ${port}`);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: only /metrics is served\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end(`method ${req.method} not allowed\n`);
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`cannot collect metrics: ${err instanceof Error ? err.message : String(err)}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot serve metrics on ${host}:${port}: ${err.message}`)));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    server,
    port: bound,
    address: `${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
