import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `/healthz` (the process is alive), `/readyz` (its dependencies answer) and `/metrics`
 * (Prometheus text) for processes that serve no other HTTP, such as stream processors.
 */
export async function startOpsServer(opts: {
  port: number;
  host?: string;
  registry: Registry;
  ready: () => Promise<boolean>;
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/healthz') return reply(200, '{"status":"ok"}');
    if (path === '/readyz') {
      opts.ready().then(
        (ok) => reply(ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not ready' })),
        () => reply(503, '{"status":"not ready"}'),
      );
      return;
    }
    if (path === '/metrics') {
      opts.registry.metrics().then(
        (text) => reply(200, text, opts.registry.contentType),
        (err: Error) => reply(500, JSON.stringify({ error: err.message })),
      );
      return;
    }
    reply(404, '{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
