import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@carbon-account/runtime';
import {
  eventsOf,
  lastTickAtOrBefore,
  type SimulatedEnterprise,
  type SimulatedEvent,
  TICK_MS,
} from '@carbon-account/simulation';
import pRetry from 'p-retry';
import type { SimulatorMetrics } from './metrics.js';
import { batchSizeFor, createPacer } from './pacing.js';
import { type Outgoing, RetryLater, type Sink } from './sinks/sink.js';

export interface SendDeps {
  sink: Sink;
  logger: Logger;
  metrics: SimulatorMetrics;
  batchSize: number;
  ratePerSecond: number;
  signal: AbortSignal;
}

export interface SendTotals {
  sent: number;
  accepted: number;
  rejected: number;
  gaps: number;
}

// Meters report a moment after their period ends; live mode waits this long past it.
const LIVE_GRACE_MS = 2_000;
const PROGRESS_EVERY_MS = 10_000;

/**
 * Sends the events in batches: every batch is retried until the target takes it (Kafka
 * acknowledged it, or the ingest API answered 202), so nothing generated is skipped;
 * a batch sent twice after a failure is harmless downstream (readingId is the idempotency key).
 */
export async function sendEvents(
  events: Iterable<SimulatedEvent>,
  deps: SendDeps,
): Promise<SendTotals> {
  const { sink, logger, metrics, signal } = deps;
  const pacer = createPacer(deps.ratePerSecond);
  const size = batchSizeFor(deps.ratePerSecond, deps.batchSize);
  const totals: SendTotals = { sent: 0, accepted: 0, rejected: 0, gaps: 0 };
  let lastProgress = Date.now();
  let newestEnd = '';

  const deliver = async (part: Outgoing[]) => {
    if (part.length === 0) return;
    const kind = (part[0] as Outgoing).kind;
    const outcome = await pRetry(() => sink.send(part), {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 200,
      maxTimeout: 30_000,
      signal,
      shouldConsumeRetry: ({ error }) => !(error instanceof RetryLater),
      onFailedAttempt: async ({ error, attemptNumber }) => {
        metrics.retries.inc();
        const later = error instanceof RetryLater ? error.afterMs : undefined;
        logger.warn(
          { err: error, attempt: attemptNumber, target: sink.name, retryAfterMs: later },
          later === undefined
            ? 'send failed; sending the same batch again with backoff (check that the target is reachable)'
            : 'target asked to retry later; sending the same batch again after Retry-After',
        );
        if (later !== undefined) await sleep(later, undefined, { signal });
      },
    });
    metrics.accepted.inc({ kind }, outcome.accepted);
    if (outcome.rejected > 0) {
      metrics.rejected.inc({ kind }, outcome.rejected);
      logger.debug(
        { rejected: outcome.rejected, reasons: outcome.reasons },
        'target refused items',
      );
    }
    totals.sent += part.length;
    totals.accepted += outcome.accepted;
    totals.rejected += outcome.rejected;
  };

  const flush = async (batch: Outgoing[], upTo: string) => {
    await pacer.take(batch.length, signal);
    await deliver(batch.filter((i) => i.kind === 'reading'));
    await deliver(batch.filter((i) => i.kind === 'output'));
    if (upTo) metrics.periodEnd.set(Date.parse(upTo) / 1000);
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      logger.info({ ...totals, upTo }, 'sending');
    }
  };

  // The next batch is generated while the previous one is on its way; at most one send is
  // in flight, so batches stay in order and memory stays bounded.
  let inFlight: Promise<void> = Promise.resolve();
  let batch: Outgoing[] = [];
  for (const event of events) {
    if (signal.aborted) break;
    if (event.kind === 'gap') {
      totals.gaps++;
      metrics.generated.inc({ kind: 'gap', flaw: 'gap' });
      continue;
    }
    if (event.kind === 'reading') {
      metrics.generated.inc({ kind: 'reading', flaw: event.flaw ?? 'none' });
      batch.push({ kind: 'reading', reading: event.reading });
      newestEnd = event.reading.periodEnd;
    } else {
      metrics.generated.inc({ kind: 'output', flaw: 'none' });
      batch.push(event);
    }
    if (batch.length >= size) {
      const full = batch;
      batch = [];
      await inFlight;
      inFlight = flush(full, newestEnd);
    }
  }
  await inFlight;
  if (batch.length > 0 && !signal.aborted) await flush(batch, newestEnd);
  return totals;
}

export interface RunOptions {
  seed: number;
  badShare: number;
  electricityInterval: 'mixed' | '15min' | 'hour';
  from: number;
  to: number;
  live: boolean;
  now?: () => number;
}

/** The backfill of (from, to], then, in live mode, every period as it ends until the signal stops it. */
export async function runSimulation(
  enterprises: readonly SimulatedEnterprise[],
  options: RunOptions,
  deps: SendDeps,
): Promise<void> {
  const now = options.now ?? Date.now;
  const window = (from: number, to: number) =>
    eventsOf(enterprises, {
      seed: options.seed,
      badShare: options.badShare,
      electricityInterval: options.electricityInterval,
      from,
      to,
    });
  const started = Date.now();
  const totals = await sendEvents(window(options.from, options.to), deps);
  deps.logger.info(
    {
      ...totals,
      from: new Date(options.from).toISOString(),
      to: new Date(options.to).toISOString(),
      seconds: (Date.now() - started) / 1000,
    },
    'backfill sent',
  );
  if (!options.live) return;
  let cursor = lastTickAtOrBefore(options.to);
  deps.logger.info(
    { nextPeriodEnd: new Date(cursor + TICK_MS).toISOString() },
    'live: sending each period as it ends',
  );
  while (!deps.signal.aborted) {
    const wait = cursor + TICK_MS + LIVE_GRACE_MS - now();
    if (wait > 0) {
      try {
        await sleep(wait, undefined, { signal: deps.signal });
      } catch {
        return;
      }
    }
    const end = lastTickAtOrBefore(now() - LIVE_GRACE_MS);
    if (end <= cursor) continue;
    const sent = await sendEvents(window(cursor, end), deps);
    deps.logger.debug({ ...sent, upTo: new Date(end).toISOString() }, 'live periods sent');
    cursor = end;
  }
}
