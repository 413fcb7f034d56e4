import { createLogger, createMetricsRegistry } from '@carbon-account/runtime';
import { simulatedEnterprises, simulatedEvents, TICK_MS } from '@carbon-account/simulation';
import { describe, expect, it } from 'vitest';
import { simulatorMetrics } from './metrics.js';
import { runSimulation } from './run.js';
import type { Outgoing, Sink } from './sinks/sink.js';

/** Collects what would be sent; fails the first `failures` sends as a lost connection would. */
function collectingSink(failures = 0) {
  const batches: Outgoing[][] = [];
  let left = failures;
  const sink: Sink = {
    name: 'collect',
    async send(batch) {
      if (left-- > 0) throw new Error('connection lost');
      batches.push([...batch]);
      return { accepted: batch.length, rejected: 0, reasons: [] };
    },
    ready: async () => true,
    close: async () => {},
  };
  return { sink, batches };
}

const deps = (sink: Sink, signal: AbortSignal) => ({
  sink,
  logger: createLogger('simulator-test', 'silent'),
  metrics: simulatorMetrics(createMetricsRegistry('simulator-test')),
  batchSize: 250,
  ratePerSecond: 0,
  signal,
});

/** Readings, then output reports, each in the order generated (a batch sends its readings first). */
const byKind = (items: Outgoing[]) => [
  items.filter((o) => o.kind === 'reading'),
  items.filter((o) => o.kind === 'output'),
];

const sendable = (events: ReturnType<typeof simulatedEvents>) =>
  [...events].flatMap((e): Outgoing[] =>
    e.kind === 'reading'
      ? [{ kind: 'reading', reading: e.reading }]
      : e.kind === 'output'
        ? [e]
        : [],
  );

describe('running the simulation', () => {
  it('backfill then live: each period is sent once as it ends, the same as one backfill over the whole time', async () => {
    const options = { seed: 4, badShare: 0.02, electricityInterval: 'mixed' as const };
    const enterprises = simulatedEnterprises(5, 4);
    const start = Date.parse('2025-03-31T20:00:00+08:00');
    const liveEnd = Date.parse('2025-04-01T02:00:00+08:00');
    // A clock that jumps one tick further each time the live loop looks at it.
    let clock = start;
    const stop = new AbortController();
    const { sink, batches } = collectingSink(2);
    const now = () => {
      clock += TICK_MS;
      if (clock > liveEnd + TICK_MS) stop.abort();
      return clock;
    };
    await runSimulation(
      enterprises,
      { ...options, from: Date.parse('2025-03-31T12:00:00+08:00'), to: start, live: true, now },
      deps(sink, stop.signal),
    );
    const sent = batches.flat();
    const lastSent = Math.max(
      ...sent.flatMap((o) => (o.kind === 'reading' ? [Date.parse(o.reading.periodEnd)] : [])),
    );
    const whole = sendable(
      simulatedEvents({ orgCount: 5, ...options, from: '2025-03-31T12:00:00+08:00', to: lastSent }),
    );
    expect(lastSent).toBeGreaterThanOrEqual(liveEnd - TICK_MS);
    expect(byKind(sent)).toEqual(byKind(whole));
    // The month ended during the live part: its deliveries and output reports went out.
    expect(sent.filter((o) => o.kind === 'output')).toHaveLength(5);
  });

  it('a backfill without live sends (from, to] and returns; failed sends are repeated, not skipped', async () => {
    const { sink, batches } = collectingSink(3);
    const from = Date.parse('2025-05-01T00:00:00+08:00');
    const to = Date.parse('2025-05-01T12:00:00+08:00');
    await runSimulation(
      simulatedEnterprises(3, 9),
      { seed: 9, badShare: 0, electricityInterval: 'hour', from, to, live: false },
      deps(sink, new AbortController().signal),
    );
    expect(byKind(batches.flat())).toEqual(
      byKind(
        sendable(simulatedEvents({ orgCount: 3, seed: 9, electricityInterval: 'hour', from, to })),
      ),
    );
    expect(batches.every((b) => b.length <= 250)).toBe(true);
  });
});
