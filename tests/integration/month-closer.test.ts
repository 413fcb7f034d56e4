import { monthCloser } from '@carbon-account/account-processor/month-closer';
import type { ClickHouse } from '@carbon-account/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../src/index.js';

// Any instance may restate an org's final account, but only the instance holding the org's
// partition adjusts its ledger. Two closers over the real server, with the partition between
// owners while the restatement is new, then taken by one of them.
describe('the month closer hands a restated account to whoever holds the org next', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase();
  });
  afterAll(async () => {
    await ch?.close();
  });

  const org = '91500237MA5UXXXX0X';
  const month = '2026-01';
  const version = (v: number, restated: boolean, computedAt: number) => ({
    org_id: org,
    month,
    version: v,
    provisional: 0,
    restated: restated ? 1 : 0,
    restatement_note: restated ? 'tco2e_location 1 → 2' : '',
    computed_at: computedAt,
  });

  it('follows the restatement after a rebalance, once per version', async () => {
    const now = Math.floor(Date.now() / 1000);
    await ch.insert('monthly_accounts', [
      version(1, false, now - 3600),
      version(2, true, now - 30),
    ]);

    let holder: 'a' | 'c' | undefined;
    const handed: Record<'a' | 'c', unknown[]> = { a: [], c: [] };
    const closerOf = (me: 'a' | 'c') =>
      monthCloser({
        ch,
        closeDays: 10,
        settleSeconds: 600,
        ownedOrgs: async (orgIds) => new Set(holder === me ? orgIds : []),
        recompute: async (changes) => {
          handed[me].push(...changes);
        },
      });
    const a = closerOf('a');
    const c = closerOf('c');

    // The partition is moving: neither holds it, neither hands anything over.
    expect(await a()).toBe(0);
    expect(await c()).toBe(0);

    // c took it: its next pass hands the restated month to its ledger writer, once.
    holder = 'c';
    expect(await c()).toBe(1);
    expect(handed.c).toEqual([{ orgId: org, month, ledgerOwner: true }]);
    expect(await a()).toBe(0);
    expect(await c()).toBe(0);
    expect(handed.a).toEqual([]);

    // A newer restatement of the same month is handed over again.
    await ch.insert('monthly_accounts', [version(3, true, now - 5)]);
    expect(await c()).toBe(1);
    expect(handed.c).toHaveLength(2);
  });
});
