import { mergeTargets, type SectionMonth } from '../accounts/recompute-targets.js';

interface Waiter {
  keys: Set<string>;
  /** The first cycle that starts after the marking: earlier ones may have read older data. */
  fromCycle: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Debounces recomputation: changes mark (section, month)s dirty; every `intervalMs` one
 * cycle recomputes at most `maxPerCycle` of them, oldest first. So a busy section-month is
 * recomputed at most once per interval however many lines arrive, and one cycle's work is
 * bounded. `submit` resolves when every key it marked was recomputed in a cycle that
 * started after the marking, and rejects if that cycle failed (the keys stay dirty): the
 * consumer commits a batch only then, so a crash never loses a change.
 *
 * While a submitter is behind (`soon`), cycles run back to back instead.
 *
 * Each recomputed key is recomputed once more one interval later (a confirming pass, no
 * ledger work). With several instances, two may recompute the same section-month at once
 * from changes of different orgs, each reading before the other's change was stored; the
 * confirming passes start after both changes were stored, so the last version written
 * has every change (a pass that finds nothing changed writes nothing).
 */
export function createRecomputeScheduler(opts: {
  intervalMs: number;
  maxPerCycle: number;
  runCycle: (targets: SectionMonth[]) => Promise<void>;
  onPending?: (pending: number) => void;
  onCycleError?: (err: unknown) => void;
}) {
  const pending = new Map<string, SectionMonth>();
  const waiters: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let cyclesStarted = 0;

  let running = false;
  let hurried = false;
  function hurry() {
    if (stopped || timer === undefined) return;
    if (running) {
      hurried = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => void cycle(), 0);
  }

  async function cycle() {
    running = true;
    const keys = [...pending.keys()].slice(0, opts.maxPerCycle);
    if (keys.length > 0) {
      const cycleNo = ++cyclesStarted;
      const taken = new Map(keys.map((k) => [k, pending.get(k) as SectionMonth]));
      for (const k of keys) pending.delete(k);
      opts.onPending?.(pending.size);
      try {
        await opts.runCycle([...taken.values()]);
        settle(cycleNo, taken, undefined);
        const confirmations = [...taken]
          .filter(([, t]) => !t.confirmation)
          .map(([k, t]): [string, SectionMonth] => [
            k,
            {
              section: t.section,
              month: t.month,
              orgs: t.orgs,
              ledgerOrgs: new Set(),
              confirmation: true,
            },
          ]);
        mergeTargets(pending, confirmations);
        opts.onPending?.(pending.size);
      } catch (err) {
        // Dirty again, ahead of newer work; their waiters fail so their batches are retried.
        const back = new Map(taken);
        mergeTargets(back, pending);
        pending.clear();
        mergeTargets(pending, back);
        opts.onPending?.(pending.size);
        settle(cycleNo, taken, err);
        opts.onCycleError?.(err);
      }
    }
    running = false;
    const delay = hurried ? 0 : opts.intervalMs;
    hurried = false;
    if (!stopped) timer = setTimeout(() => void cycle(), delay);
  }

  function settle(cycleNo: number, done: Map<string, SectionMonth>, err: unknown) {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i] as Waiter;
      if (waiter.fromCycle > cycleNo) continue;
      const touched = [...waiter.keys].filter((k) => done.has(k));
      if (touched.length === 0) continue;
      if (err !== undefined) {
        waiters.splice(i, 1);
        waiter.reject(err);
        continue;
      }
      for (const k of touched) waiter.keys.delete(k);
      if (waiter.keys.size === 0) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  return {
    start() {
      stopped = false;
      timer = setTimeout(() => void cycle(), opts.intervalMs);
    },
    /**
     * Marks targets dirty; resolves once all are recomputed. `soon`: the submitter has a
     * backlog behind this change (its partition has more messages waiting, and it cannot
     * fetch them before this resolves), so waiting out the interval would coalesce nothing
     * more: the next cycle starts now, or right after the one under way.
     */
    submit(targets: Map<string, SectionMonth>, how?: { soon?: boolean }): Promise<void> {
      if (targets.size === 0) return Promise.resolve();
      mergeTargets(pending, targets);
      opts.onPending?.(pending.size);
      if (how?.soon) hurry();
      return new Promise((resolve, reject) =>
        waiters.push({
          keys: new Set(targets.keys()),
          fromCycle: cyclesStarted + 1,
          resolve,
          reject,
        }),
      );
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const w of waiters.splice(0)) w.reject(new Error('stopping'));
    },
  };
}
