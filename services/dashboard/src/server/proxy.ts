import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Request headers worth passing on to the query API (never cookies or hop-by-hop ones). */
const forwardedRequestHeaders = ['authorization', 'content-type', 'accept', 'accept-language'];
/** Response headers the browser needs (downloads, rate limits). */
const forwardedResponseHeaders = [
  'content-type',
  'content-disposition',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

/**
 * Forwards /v1/* and the API document to the query API, so the browser talks to one origin
 * and the API needs no CORS. The API key travels in the Authorization header as the browser
 * sent it; the dashboard neither stores nor logs it.
 */
export function forwardToQueryApi(
  app: FastifyInstance,
  opts: { queryApiUrl: string; timeoutMs: number },
): void {
  const base = opts.queryApiUrl.replace(/\/+$/, '');
  // Bodies pass through untouched: the API validates them, not the dashboard.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const headers: Record<string, string> = {};
    for (const name of forwardedRequestHeaders) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body;
    let upstream: Response;
    try {
      upstream = await fetch(`${base}${request.url}`, {
        method: request.method,
        headers,
        body: hasBody ? new Uint8Array(request.body as Buffer) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      request.log.error(
        { err, url: request.url },
        'query API unreachable: check that it runs and that QUERY_API_URL points at it',
      );
      return reply.code(502).send({
        error: 'query_api_unreachable',
        message:
          'The query API did not answer. Try again shortly; if it persists, tell the operator.',
      });
    }
    reply.code(upstream.status);
    for (const name of forwardedResponseHeaders) {
      const value = upstream.headers.get(name);
      if (value !== null) reply.header(name, value);
    }
    // Streamed through: a large answer (a CSV, the API document) is never held whole here.
    if (!upstream.body) return reply.send();
    return reply.send(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>));
  };

  app.route({ method: ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'], url: '/v1/*', handler: forward });
  app.get('/openapi.json', forward);
}
