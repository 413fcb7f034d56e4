import { setTimeout as sleep } from 'node:timers/promises';

export interface PacerClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<unknown>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/**
 * Spaces sends to a rate (items per second). Idle time earns no credit, so a live run
 * that waited for the next period does not burst above the rate afterwards.
 */
export function createPacer(ratePerSecond: number, clock: PacerClock = realClock) {
  let nextAt = clock.now();
  return {
    /** Waits until `items` more may be sent. Rate 0 never waits. */
    async take(items: number, signal?: AbortSignal): Promise<void> {
      if (!(ratePerSecond > 0)) return;
      const wait = nextAt - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      nextAt = Math.max(nextAt, clock.now()) + (items / ratePerSecond) * 1000;
    },
  };
}

/** Items per send at a rate: about ten sends a second, never above the configured batch size. */
export function batchSizeFor(ratePerSecond: number, maxBatch: number): number {
  if (!(ratePerSecond > 0)) return maxBatch;
  return Math.max(1, Math.min(maxBatch, Math.ceil(ratePerSecond / 10)));
}
