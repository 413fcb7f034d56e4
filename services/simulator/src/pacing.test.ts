import { describe, expect, it } from 'vitest';
import { batchSizeFor, createPacer } from './pacing.js';

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    advance: (ms: number) => {
      t += ms;
    },
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('pacing', () => {
  it('spaces batches to the rate', async () => {
    const clock = fakeClock();
    const pacer = createPacer(1000, clock);
    for (let i = 0; i < 5; i++) await pacer.take(100);
    // The first batch goes at once; each next one 100 items / 1000 per s later.
    expect(clock.sleeps).toEqual([100, 100, 100, 100]);
  });

  it('earns no credit while idle, so there is no burst after a pause', async () => {
    const clock = fakeClock();
    const pacer = createPacer(1000, clock);
    await pacer.take(100);
    clock.advance(60_000);
    await pacer.take(100);
    await pacer.take(100);
    expect(clock.sleeps).toEqual([100]);
  });

  it('never waits without a rate, and sizes batches for about ten sends a second', async () => {
    const clock = fakeClock();
    const pacer = createPacer(0, clock);
    for (let i = 0; i < 3; i++) await pacer.take(1000);
    expect(clock.sleeps).toEqual([]);
    expect(batchSizeFor(0, 1000)).toBe(1000);
    expect(batchSizeFor(50, 1000)).toBe(5);
    expect(batchSizeFor(3, 1000)).toBe(1);
    expect(batchSizeFor(1e6, 1000)).toBe(1000);
  });
});
