import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetricsRegistry } from '@carbon-account/runtime';
import { simulatedEvents } from '@carbon-account/simulation';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatorMetrics } from '../metrics.js';
import { sendEvents } from '../run.js';
import { ingestApiSink, retryAfterMs } from './ingest-api-sink.js';

interface Received {
  path: string;
  authorization: string | undefined;
  items: { readingId?: string; reportId?: string; quantity?: number }[];
}

/** A stand-in for the ingest API's HTTP contract, answering each request as `answer` says. */
async function ingestStandIn(
  answer: (
    req: Received,
    n: number,
  ) => { status: number; headers?: Record<string, string>; body: unknown },
) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const r = {
        path: req.url ?? '',
        authorization: req.headers.authorization,
        items: JSON.parse(text),
      };
      received.push(r);
      const { status, headers, body } = answer(r, received.length);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

const deps = (url: string, key = 'sim-key') => ({
  sink: ingestApiSink(url, key),
  logger: createLogger('simulator-test', 'silent'),
  metrics: simulatorMetrics(createMetricsRegistry('simulator-test')),
  batchSize: 1000,
  ratePerSecond: 0,
  signal: new AbortController().signal,
});

const events = () => [
  ...simulatedEvents({
    orgCount: 6,
    seed: 8,
    from: '2025-01-31T12:00:00+08:00',
    to: '2025-02-01T00:00:00+08:00',
    badShare: 0.05,
  }),
];

let close: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('sending through the ingest API', () => {
  it('posts JSON arrays of at most 1,000 with the Bearer key; after 503 + Retry-After sends the same batch again; counts per-item results', async () => {
    const api = await ingestStandIn((req, n) => {
      if (n === 1)
        return {
          status: 503,
          headers: { 'retry-after': '0' },
          body: { error: 'Kafka unavailable' },
        };
      return {
        status: 202,
        body: {
          results: req.items.map((item) =>
            (item.quantity ?? 0) < 0
              ? { status: 'rejected', errors: [{ field: 'quantity', message: 'must be ≥ 0' }] }
              : { status: 'accepted' },
          ),
        },
      };
    });
    close = api.close;
    const all = events();
    const totals = await sendEvents(all, deps(api.url));

    const readings = all.flatMap((e) => (e.kind === 'reading' ? [e.reading] : []));
    const outputs = all.flatMap((e) => (e.kind === 'output' ? [e.output] : []));
    expect(outputs.length).toBe(6);
    expect(api.received.every((r) => r.authorization === 'Bearer sim-key')).toBe(true);
    expect(api.received.every((r) => r.items.length <= 1000)).toBe(true);
    // The refused first batch came again, whole, before anything else.
    expect(api.received[1]?.items).toEqual(api.received[0]?.items);
    const delivered = api.received.slice(1);
    const postedReadings = delivered
      .filter((r) => r.path === '/v1/readings')
      .flatMap((r) => r.items);
    const postedOutputs = delivered.filter((r) => r.path === '/v1/outputs').flatMap((r) => r.items);
    expect(postedReadings).toEqual(JSON.parse(JSON.stringify(readings)));
    expect(postedOutputs).toEqual(JSON.parse(JSON.stringify(outputs)));
    const negatives = readings.filter((r) => r.quantity < 0).length;
    expect(negatives).toBeGreaterThan(0);
    expect(totals).toMatchObject({
      sent: readings.length + outputs.length,
      rejected: negatives,
      accepted: readings.length + outputs.length - negatives,
    });
  });

  it('stops with a message naming INGEST_API_KEY when the key is refused', async () => {
    const api = await ingestStandIn(() => ({ status: 401, body: { error: 'unknown key' } }));
    close = api.close;
    await expect(sendEvents(events(), deps(api.url, 'wrong'))).rejects.toThrow(/INGEST_API_KEY/);
    expect(api.received.length).toBe(1);
  });

  it('counts a 400 (nothing valid) as refused and goes on', async () => {
    const api = await ingestStandIn((req) =>
      req.items.some((i) => (i.quantity ?? 0) < 0)
        ? { status: 400, body: { error: 'nothing valid' } }
        : { status: 202, body: { accepted: req.items.length, rejected: 0 } },
    );
    close = api.close;
    const all = events().filter((e) => e.kind === 'reading');
    const bad = all.filter((e) => e.kind === 'reading' && e.reading.quantity < 0);
    const d = { ...deps(api.url), batchSize: 1 };
    const totals = await sendEvents(all, d);
    expect(totals.rejected).toBe(bad.length);
    expect(totals.accepted).toBe(all.length - bad.length);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(
      10_000,
    );
  });
});
