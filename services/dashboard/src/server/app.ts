import type { Logger } from '@carbon-account/runtime';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { FrontEndBundle } from './bundle.js';
import { pageShell } from './page-shell.js';
import { forwardToQueryApi } from './proxy.js';

/** The dashboard's HTTP server: the page, its bundled script and style, /healthz, /v1/* forwarded. */
export function dashboardServer(opts: {
  logger: Logger;
  bundle: FrontEndBundle;
  queryApiUrl: string;
  timeoutMs: number;
}): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    // Per-request lines would drown the log; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const html = pageShell();
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(html));
  app.get('/app.js', async (req, reply) => {
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding');
    const gzip = opts.bundle.jsGzip;
    if (gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(gzip);
    }
    return reply.send(opts.bundle.js);
  });
  app.get('/app.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(opts.bundle.css),
  );
  forwardToQueryApi(app, { queryApiUrl: opts.queryApiUrl, timeoutMs: opts.timeoutMs });
  return app;
}
