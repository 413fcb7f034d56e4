import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createLogger } from '@carbon-account/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardServer } from './app.js';
import { bundleFrontEnd } from './bundle.js';

// A stand-in upstream that echoes what it received: what the forwarding must preserve.
let upstream: Server;
let upstreamUrl: string;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(req.url?.startsWith('/v1/missing') ? 404 : 200, {
        'content-type': 'application/json',
        'retry-after': '3',
        'set-cookie': 'x=1',
      });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization ?? null,
          cookie: req.headers.cookie ?? null,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

const logger = createLogger('dashboard-test', 'silent');
const bundle = { js: 'console.log(1)', css: 'body{}' };

describe('dashboard server', () => {
  it('forwards /v1/* with path, query, key and body, and passes status and useful headers back', async () => {
    const app = dashboardServer({
      logger,
      bundle,
      queryApiUrl: `${upstreamUrl}/`,
      timeoutMs: 5_000,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/orgs/X/consents?dry=1',
      headers: {
        authorization: 'Bearer k1',
        cookie: 'session=secret',
        'content-type': 'application/json',
      },
      payload: '{"bankId":"B1"}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.json()).toEqual({
      method: 'POST',
      url: '/v1/orgs/X/consents?dry=1',
      authorization: 'Bearer k1',
      cookie: null,
      body: '{"bankId":"B1"}',
    });
    const missing = await app.inject({ method: 'GET', url: '/v1/missing' });
    expect(missing.statusCode).toBe(404);
    await app.close();
  });

  it('answers 502 with what to do when the query API is down', async () => {
    const app = dashboardServer({
      logger,
      bundle,
      queryApiUrl: 'http://127.0.0.1:1',
      timeoutMs: 2_000,
    });
    const res = await app.inject({ method: 'GET', url: '/v1/region/summary' });
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toBe('query_api_unreachable');
    await app.close();
  });

  it('serves the page, the bundle and /healthz', async () => {
    const app = dashboardServer({ logger, bundle, queryApiUrl: upstreamUrl, timeoutMs: 5_000 });
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<script type="module" src="/app.js">');
    expect((await app.inject({ method: 'GET', url: '/app.js' })).body).toBe(bundle.js);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('sends the script gzipped to browsers that accept it', async () => {
    const js = 'console.log("碳账户");'.repeat(100);
    const app = dashboardServer({
      logger,
      bundle: { js, css: '', jsGzip: gzipSync(js) },
      queryApiUrl: upstreamUrl,
      timeoutMs: 5_000,
    });
    const zipped = await app.inject({
      method: 'GET',
      url: '/app.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(js);
    const plain = await app.inject({ method: 'GET', url: '/app.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
    await app.close();
  });
});

describe('front-end bundle', () => {
  it('bundles the pages, ECharts and the style sheet', async () => {
    const built = await bundleFrontEnd({ minify: true });
    expect(built.js.length).toBeGreaterThan(100_000);
    expect(built.js.includes('tCO₂e/万元'), 'Chinese texts kept as UTF-8').toBe(true);
    expect(built.css.includes('.grade-1')).toBe(true);
  }, 60_000);
});
