import { randomUUID } from 'node:crypto';
import type { Logger, Registry } from '@carbon-account/runtime';
import type { IngestErrorV1 } from '@carbon-account/schemas';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import type { ApiKeys } from './api-keys.js';
import { BodyError } from './intake/body-error.js';
import { BODY_TYPES } from './intake/judge-request.js';
import type { IngestApiMetrics } from './metrics.js';
import { type RouteDeps, registerIngestRoutes } from './routes.js';

export interface ServerDeps extends RouteDeps {
  keys: ApiKeys;
  logger: Logger;
  registry: Registry;
  metrics: IngestApiMetrics;
  maxBodyBytes: number;
  ready: () => Promise<boolean>;
}

const error = (status: number, code: string, message: string, requestId?: string) => ({
  status,
  body: { requestId, error: code, message } satisfies IngestErrorV1,
});

/** The HTTP server: API keys, raw bodies, the ingest routes, health and metrics. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // One line per failure is logged by the routes; none per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.maxBodyBytes,
    genReqId: () => randomUUID(),
  });

  // Bodies are read as bytes: each route decodes its formats (and CSV charsets) itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(BODY_TYPES, { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (!req.url.startsWith('/v1/')) return;
    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const key = presented ? deps.keys.find(presented) : undefined;
    if (!key) {
      const e = error(
        401,
        'unauthorized',
        presented
          ? 'this API key is not known: check it, or ask for a new one'
          : 'send your API key as "Authorization: Bearer <key>"',
        req.id,
      );
      return reply.code(e.status).header('www-authenticate', 'Bearer').send(e.body);
    }
    req.apiKey = key;
  });

  app.addHook('onResponse', async (req, reply) => {
    if (req.routeOptions.url?.startsWith('/v1/')) {
      deps.metrics.requests.inc({ route: req.routeOptions.url, status: String(reply.statusCode) });
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const code = (err as { code?: string }).code;
    let e: ReturnType<typeof error>;
    if (err instanceof BodyError) e = error(err.statusCode, err.error, err.message, req.id);
    else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      e = error(
        413,
        'body_too_large',
        `the body is larger than ${deps.maxBodyBytes} bytes: split the request`,
        req.id,
      );
    else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      e = error(
        415,
        'unsupported_media_type',
        `Content-Type '${req.headers['content-type'] ?? ''}' is not taken; use application/json, application/x-ndjson or text/csv`,
        req.id,
      );
    else if (
      (err as { statusCode?: number }).statusCode &&
      (err as { statusCode: number }).statusCode < 500
    )
      e = error(
        (err as { statusCode: number }).statusCode,
        code ?? 'bad_request',
        err.message,
        req.id,
      );
    else {
      req.log.error({ err, url: req.url }, 'request failed unexpectedly');
      e = error(
        500,
        'internal',
        'the request failed on our side; it was not accepted, send it again',
        req.id,
      );
    }
    return reply.code(e.status).send(e.body);
  });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(error(404, 'not_found', `no route ${req.method} ${req.url}`, req.id).body),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ok = await deps.ready().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'Kafka not reachable' });
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
  );

  registerIngestRoutes(app, deps);
  return app;
}
