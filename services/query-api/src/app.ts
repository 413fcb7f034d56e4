import type { FactorLibrary } from '@carbon-account/accounting';
import type { ClickHouse } from '@carbon-account/clickhouse';
import type { Histogram, Logger, Registry } from '@carbon-account/runtime';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyRequest, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AccessLogEntry } from './access-log-writer.js';
import { HttpError, type OrgGrant } from './auth/access.js';
import { type ApiKeys, hashApiKey, type Principal } from './auth/api-keys.js';
import { bankRoutes } from './routes/bank.js';
import { consentRoutes } from './routes/consents.js';
import { meRoutes } from './routes/me.js';
import { orgDataRoutes } from './routes/org-data.js';
import { regionRoutes } from './routes/region.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: { keyId: string; principal: Principal };
  }
}

export interface AppDeps {
  ch: ClickHouse;
  keys: ApiKeys;
  library: FactorLibrary;
  logger: Logger;
  registry: Registry;
  requestSeconds: Histogram;
  recordAccess(entry: AccessLogEntry): Promise<void>;
  rateLimitPerMinute: number;
}

/** Everything a route module needs besides fastify itself. */
export interface RouteContext {
  ch: ClickHouse;
  library: FactorLibrary;
  /** The caller of an authenticated request (the /v1 hook guarantees one). */
  who(req: FastifyRequest): Principal;
  /** Logs a bank's pull before its data is sent; a no-op for other principals. */
  logPull(req: FastifyRequest, orgId: string, grant: OrgGrant): Promise<void>;
}

const bearer = (req: FastifyRequest) => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Per-request lines would flood the log under load; the request histogram counts them.
    logController: new LogController({ disableRequestLogging: true }),
    // Query strings such as scope=1 stay strings for zod to coerce and check.
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Carbon account query API',
        description:
          'Emissions, carbon accounts, assets and data quality for the ecology bureau, enterprises and consented banks. Figures are tCO2e, not rounded, unless named otherwise; sums of lines are exact to 1e-12.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key' } },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, {
    max: deps.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per key (its hash, never the key itself); per address for requests without one.
    keyGenerator: (req) => {
      const key = bearer(req);
      return key ? `k:${hashApiKey(key).slice(0, 32)}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'too many requests',
      message: `at most ${ctx.max} requests per ${ctx.after} for this key; retry later`,
    }),
  });

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/v1/')) return;
    const key = bearer(req);
    if (!key) {
      throw new HttpError(401, 'unauthorized', 'send an API key as Authorization: Bearer <key>');
    }
    const caller = deps.keys.principalFor(key);
    if (!caller) throw new HttpError(401, 'unauthorized', 'unknown API key');
    req.caller = { keyId: caller.id, principal: caller.principal };
  });
  app.addHook('onResponse', async (req, reply) => {
    deps.requestSeconds.observe(
      {
        route: req.routeOptions.url ?? 'unmatched',
        method: req.method,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((err, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const problems = err.validation.map((v) => ({
        parameter: v.instancePath.slice(1).replaceAll('/', '.') || where,
        message: v.message,
      }));
      return reply.code(400).send({
        error: 'bad request',
        message: `invalid ${where}: ${problems.map((p) => `${p.parameter}: ${p.message}`).join('; ')}`,
        problems,
      });
    }
    if (err instanceof HttpError) {
      if (err.status === 401) reply.header('www-authenticate', 'Bearer');
      return reply.code(err.status).send({ error: err.error, message: err.message });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({
        error: status === 429 ? 'too many requests' : 'bad request',
        message: (err as Error).message,
      });
    }
    req.log.error(
      { err, route: req.routeOptions.url },
      'request failed: check that ClickHouse answers (GET /readyz) and the migrations ran',
    );
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({ error: 'unavailable', message: 'storage did not answer; retry shortly' });
  });

  const ops = { config: { rateLimit: false }, schema: { hide: true } } as const;
  app.get('/healthz', ops, async () => ({ status: 'ok' }));
  app.get('/readyz', ops, async (_req, reply) => {
    const ok = await deps.ch.ping().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready' });
  });
  app.get('/metrics', ops, async (_req, reply) =>
    reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
  );

  const ctx: RouteContext = {
    ch: deps.ch,
    library: deps.library,
    who(req) {
      if (!req.caller) throw new HttpError(401, 'unauthorized', 'no API key');
      return req.caller.principal;
    },
    async logPull(req, orgId, grant) {
      if (!grant.bank || !req.caller) return;
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      await deps.recordAccess({
        orgId,
        bankId: grant.bank.bankId,
        keyId: req.caller.keyId,
        purpose: grant.bank.purpose,
        endpoint: `${req.method} ${req.routeOptions.url ?? req.url}`,
        query,
      });
    },
  };
  await app.register(
    async (v1) => {
      const typed = v1.withTypeProvider<ZodTypeProvider>();
      orgDataRoutes(typed, ctx);
      regionRoutes(typed, ctx);
      consentRoutes(typed, ctx);
      bankRoutes(typed, ctx);
      meRoutes(typed, ctx);
    },
    { prefix: '/v1' },
  );
  app.get('/openapi.json', ops, async () => app.swagger());
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
