import { describe, expect, it } from 'vitest';
import { recomputeTargets, type SectionMonth } from '../accounts/recompute-targets.js';
import { createRecomputeScheduler } from './scheduler.js';

const targets = (...orgs: string[]) =>
  recomputeTargets(
    orgs.map((orgId) => ({ orgId, month: '2025-01', ledgerOwner: true })),
    (o) => o,
  );

describe('recompute scheduler', () => {
  it('runs many markings of a key in one cycle, bounded per cycle, and resolves each submit after its keys ran', async () => {
    const cycles: string[][] = [];
    const scheduler = createRecomputeScheduler({
      intervalMs: 20,
      maxPerCycle: 2,
      runCycle: async (t: SectionMonth[]) => {
        cycles.push(t.map((x) => `${x.section}${x.confirmation ? '*' : ''}`));
      },
    });
    scheduler.start();
    await Promise.all([
      scheduler.submit(targets('a')),
      scheduler.submit(targets('a')),
      scheduler.submit(targets('b', 'c')),
    ]);
    await new Promise((r) => setTimeout(r, 100));
    scheduler.stop();
    // Each key once more as a confirming pass (*), never twice, still bounded per cycle.
    expect(cycles).toEqual([
      ['a', 'b'],
      ['c', 'a*'],
      ['b*', 'c*'],
    ]);
  });

  it('a submitter that is behind does not wait out the interval: the cycle starts now, or right after the running one', async () => {
    const started: number[] = [];
    let release: () => void = () => undefined;
    const scheduler = createRecomputeScheduler({
      intervalMs: 60_000,
      maxPerCycle: 10,
      runCycle: async () => {
        started.push(Date.now());
        // The first cycle is held until the second submit arrived.
        if (started.length === 1) await new Promise<void>((r) => (release = r));
      },
    });
    scheduler.start();
    const first = scheduler.submit(targets('a'), { soon: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toHaveLength(1);
    const second = scheduler.submit(targets('b'), { soon: true });
    release();
    // Both resolve long before the minute's interval (the test would time out first).
    await Promise.all([first, second]);
    scheduler.stop();
    expect(started).toHaveLength(2);
  });

  it('without a backlog a submit waits for the interval', async () => {
    let cycles = 0;
    const scheduler = createRecomputeScheduler({
      intervalMs: 60_000,
      maxPerCycle: 10,
      runCycle: async () => {
        cycles++;
      },
    });
    scheduler.start();
    void scheduler.submit(targets('a')).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    scheduler.stop();
    expect(cycles).toBe(0);
  });

  it('a confirming pass touches no ledger; a change arriving for its key makes it a full pass', async () => {
    const seen: SectionMonth[][] = [];
    const scheduler = createRecomputeScheduler({
      intervalMs: 20,
      maxPerCycle: 10,
      runCycle: async (t) => {
        seen.push(
          t.map((x) => ({ ...x, orgs: new Set(x.orgs), ledgerOrgs: new Set(x.ledgerOrgs) })),
        );
      },
    });
    scheduler.start();
    await scheduler.submit(targets('a'));
    await scheduler.submit(targets('a'));
    await new Promise((r) => setTimeout(r, 100));
    scheduler.stop();
    const passes = seen.flat();
    expect(passes.map((p) => [p.confirmation ?? false, p.ledgerOrgs.size])).toEqual([
      [false, 1],
      [false, 1],
      [true, 0],
    ]);
  });

  it('a failed cycle rejects its waiters and keeps the keys dirty for the next cycle', async () => {
    let calls = 0;
    const ran: string[][] = [];
    const scheduler = createRecomputeScheduler({
      intervalMs: 10,
      maxPerCycle: 10,
      runCycle: async (t) => {
        calls++;
        if (calls === 1) throw new Error('ClickHouse down');
        ran.push(t.map((x) => x.section));
      },
    });
    scheduler.start();
    await expect(scheduler.submit(targets('a'))).rejects.toThrow('ClickHouse down');
    await new Promise((r) => setTimeout(r, 50));
    scheduler.stop();
    expect(ran[0]).toEqual(['a']);
  });

  it('a marking made while its key is being recomputed waits for the next cycle', async () => {
    let release: () => void = () => {};
    const started: number[] = [];
    const scheduler = createRecomputeScheduler({
      intervalMs: 10,
      maxPerCycle: 10,
      runCycle: async () => {
        started.push(Date.now());
        if (started.length === 1)
          await new Promise<void>((r) => {
            release = r;
          });
      },
    });
    scheduler.start();
    const first = scheduler.submit(targets('a'));
    while (started.length === 0) await new Promise((r) => setTimeout(r, 5));
    let secondDone = false;
    const second = scheduler.submit(targets('a')).then(() => {
      secondDone = true;
    });
    release();
    await first;
    expect(secondDone).toBe(false);
    await second;
    expect(started.length).toBe(2);
    scheduler.stop();
  });
});
