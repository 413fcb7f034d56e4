import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaMonth, shiftMonth, verifyLedgerChain } from '@carbon-account/accounting';
import type { ClickHouse } from '@carbon-account/clickhouse';
import type { Tethered } from '@carbon-account/infra';
import type { TopicNames } from '@carbon-account/kafka';
import type { EnergyReadingV1Input, OrgOutputV1, OrgRecord } from '@carbon-account/schemas';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountsDiff,
  creditsDiff,
  expectedAccounts,
  ledgersNotFollowing,
  storedAccounts,
  storedLedgers,
} from '../src/account-checks.js';
import {
  eventually,
  freshDatabase,
  freshTopics,
  runServiceEnv,
  startService,
  testOrgIds,
  testReadings,
} from '../src/index.js';
import {
  rowCount as count,
  processorsCaughtUp,
  produceOutputs,
  produceReadings,
} from '../src/pipeline-checks.js';

// Last month (China time): open with the longest close setting, closed with none, whenever
// the test runs.
const MONTH = shiftMonth(chinaMonth(Date.now()), -1);
// The month before it: closed under every setting used here; its history is loaded late.
const HISTORY = shiftMonth(MONTH, -1);
// And the one before: its history is loaded while the emissions processor stalls.
const STALLED = shiftMonth(MONTH, -2);

const orgIds = testOrgIds(4, 'M');
const registry: OrgRecord[] = orgIds.map((orgId, i) => ({
  orgId,
  name: `结账测试 ${i}`,
  industryCode: i < 2 ? 'C3011' : 'D4411',
  town: '高唐街道',
  regionCode: '500237',
  ...(i % 2 === 0 ? { baselineIntensity: 2.5 } : {}),
}));
const outputs: OrgOutputV1[] = orgIds.map((orgId, i) => ({
  orgId,
  month: MONTH,
  valueAddedCNY: 1_500_000 + i * 50_000,
  outputValueCNY: 4_500_000,
  reportId: `${MONTH}-v1`,
  reportedAt: `${MONTH}-28T10:00:00+08:00`,
}));
const pv = (quantity: number): EnergyReadingV1Input => ({
  readingId: `pv1:${MONTH}`,
  orgId: orgIds[0] as string,
  meterId: 'pv1',
  source: 'enterprise',
  type: 'pv_generation',
  quantity,
  unit: 'kWh',
  periodStart: `${MONTH}-01T00:00:00+08:00`,
  periodEnd: `${MONTH}-15T00:00:00+08:00`,
});
const firstDays = [
  ...testReadings({ orgIds, from: `${MONTH}-01T00:00:00+08:00`, hours: 240, seed: 5 }),
  pv(20_000),
];
const laterDays = testReadings({ orgIds, from: `${MONTH}-11T00:00:00+08:00`, hours: 240, seed: 6 });
/** A closed month's meter history in time order, as it is exported, and its output reports. */
const monthHistory = (month: string, seed: number) => ({
  history: testReadings({
    orgIds,
    from: `${month}-01T00:00:00+08:00`,
    hours: 28 * 24,
    seed,
  }).sort((a, b) => Date.parse(a.periodStart) - Date.parse(b.periodStart)),
  historyOutputs: outputs.map((o) => ({
    ...o,
    month,
    reportId: `${month}-v1`,
    reportedAt: `${month}-28T10:00:00+08:00`,
  })),
});

describe('month close: provisional accounts while the month is open, final ones and credits after', () => {
  let ch: ClickHouse;
  let kafka: Kafka;
  let topics: TopicNames;
  let prefix: string;
  let dir: string;
  let emissions: Tethered;
  let accounts: Tethered[] = [];
  let readings: EnergyReadingV1Input[] = [];
  let sentOutputs: OrgOutputV1[] = [...outputs];

  const run = () => ({ database: ch.database, prefix });
  const startAccounts = (closeDays: number, settleSeconds = 2) =>
    startService(
      'account-processor',
      runServiceEnv(run(), 'account-processor', {
        ORG_REGISTRY_FILE: join(dir, 'orgs.json'),
        RECOMPUTE_INTERVAL_MS: '500',
        MONTH_CLOSE_DAYS: String(closeDays),
        MONTH_SETTLE_SECONDS: String(settleSeconds),
        MONTH_CLOSE_CHECK_MS: '300',
      }),
    );
  const settled = () =>
    processorsCaughtUp(kafka, topics, {
      emissions: `${prefix}emissions-processor`,
      accounts: `${prefix}account-processor`,
    });
  const expected = () => expectedAccounts({ readings, outputs: sentOutputs, registry });
  const monthAccounts = async (month = MONTH) =>
    [...(await storedAccounts(ch)).values()].filter((a) => a.month === month);
  /**
   * Once the month is final and credited: every account equals the recomputation, each org
   * has exactly one final version of the month and none restated, and the ledger gained
   * only the month's `issue` entries, one per (org, methodology).
   */
  const expectFinalAndCreditedOnce = async (month: string, entriesBefore: number) => {
    await eventually(
      `${month} final and credited`,
      async () =>
        (await monthAccounts(month)).every((a) => a.prov === 0) &&
        creditsDiff(expected(), await storedLedgers(ch)).length === 0 &&
        (await ledgersNotFollowing(ch)).length === 0,
      120_000,
    );
    expect(accountsDiff(expected(), await storedAccounts(ch))).toEqual([]);
    // Each ledger recorded the final version it was brought up to (what the closer's
    // sweep after a rebalance compares restatements with).
    expect(await ledgersNotFollowing(ch)).toEqual([]);
    const versions = `month = '${month}'`;
    expect(await count(ch, 'monthly_account_versions', `${versions} AND restated = 1`)).toBe(0);
    expect(await count(ch, 'monthly_account_versions', `${versions} AND provisional = 0`)).toBe(4);
    const fresh = [...(await storedLedgers(ch)).values()].flat().filter((e) => e.month === month);
    expect(fresh.length).toBe((await count(ch, 'ledger')) - entriesBefore);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((e) => e.kind === 'issue')).toBe(true);
    expect(new Set(fresh.map((e) => `${e.orgId}|${e.methodologyId}`)).size).toBe(fresh.length);
  };

  beforeAll(async () => {
    ch = await freshDatabase();
    ({ kafka, topics, prefix } = await freshTopics(3));
    dir = mkdtempSync(join(tmpdir(), 'month-close-'));
    writeFileSync(join(dir, 'orgs.json'), JSON.stringify({ orgs: registry }));
    emissions = startService('emissions-processor', runServiceEnv(run(), 'emissions-processor'));
    accounts = [startAccounts(366)];
  });
  afterAll(async () => {
    await Promise.all(accounts.map((a) => a.stop()));
    await emissions?.stop();
    await ch?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('while the month is open, data fills the accounts in: provisional, never restated, no credits', {
    timeout: 300_000,
  }, async () => {
    readings = [...firstDays];
    await produceReadings(kafka, topics, readings);
    await produceOutputs(kafka, topics, outputs);
    await settled();
    expect(accountsDiff(expected(), await storedAccounts(ch))).toEqual([]);
    const versionsBefore = await count(ch, 'monthly_account_versions');

    readings = [...readings, ...laterDays];
    await produceReadings(kafka, topics, laterDays);
    await settled();
    expect(accountsDiff(expected(), await storedAccounts(ch))).toEqual([]);
    const stored = await monthAccounts();
    expect(stored).toHaveLength(4);
    for (const a of stored) expect(a).toMatchObject({ prov: 1, re: 0 });
    // New figures made new versions, and none of them is a restatement.
    expect(await count(ch, 'monthly_account_versions')).toBeGreaterThanOrEqual(versionsBefore + 4);
    expect(await count(ch, 'monthly_account_versions', 'restated = 1')).toBe(0);
    expect(await count(ch, 'ledger')).toBe(0);
    // Credits are owed once the month closes: the check below is not empty.
    expect(creditsDiff(expected(), await storedLedgers(ch)).length).toBeGreaterThan(0);
  });

  it('when the month closes, with no new data, each org gets a final version and its credits once, from the instance that holds it', {
    timeout: 300_000,
  }, async () => {
    const versionsBefore = await count(ch, 'monthly_account_versions');
    await Promise.all(accounts.map((a) => a.stop()));
    // Two instances: each closes the orgs of its partitions, and no org is closed twice.
    accounts = [startAccounts(0), startAccounts(0)];
    await eventually(
      'every account of the month final and credited',
      async () =>
        (await monthAccounts()).every((a) => a.prov === 0) &&
        creditsDiff(expected(), await storedLedgers(ch)).length === 0,
      120_000,
    );
    expect(accountsDiff(expected(), await storedAccounts(ch))).toEqual([]);
    expect(await count(ch, 'monthly_account_versions')).toBe(versionsBefore + 4);
    expect(await count(ch, 'monthly_account_versions', 'restated = 1')).toBe(0);
    const ledgers = await storedLedgers(ch);
    const entries = [...ledgers.values()].flat();
    expect(new Set(entries.map((e) => e.methodologyId))).toEqual(
      new Set(['intensity-reduction', 'onsite-pv']),
    );
    expect(entries.every((e) => e.kind === 'issue')).toBe(true);
    for (const list of ledgers.values()) expect(verifyLedgerChain(list)).toEqual({ valid: true });

    // The closer finds nothing more to do: no version, no entry.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await count(ch, 'monthly_account_versions')).toBe(versionsBefore + 4);
    expect(await count(ch, 'ledger')).toBe(entries.length);
  });

  it('after the close a late change restates the month and adjusts the credit', {
    timeout: 300_000,
  }, async () => {
    const entriesBefore = await count(ch, 'ledger');
    const corrected = pv(30_000);
    readings = [...readings, corrected];
    await produceReadings(kafka, topics, [corrected]);
    await settled();
    expect(accountsDiff(expected(), await storedAccounts(ch))).toEqual([]);
    const org0 = (await monthAccounts()).find((a) => a.org_id === orgIds[0]);
    expect(org0).toMatchObject({ prov: 0, re: 1 });
    expect(org0?.note).toMatch(/pv_generation/);
    const ledgers = await storedLedgers(ch);
    expect(creditsDiff(expected(), ledgers)).toEqual([]);
    // One new entry: org 0's PV credit adjusted; its intensity, and so every other credit, stayed.
    expect(await count(ch, 'ledger')).toBe(entriesBefore + 1);
    expect(ledgers.get(orgIds[0] as string)?.at(-1)).toMatchObject({
      kind: 'adjust',
      methodologyId: 'onsite-pv',
      month: MONTH,
    });
    // The ledger writer recorded that it followed the restated version.
    await eventually(
      'the restatement followed',
      async () => (await ledgersNotFollowing(ch)).length === 0,
      30_000,
    );
  });

  it('a month’s history loaded after its close stays provisional while it streams, then is final and credited once: nothing restated', {
    timeout: 300_000,
  }, async () => {
    await Promise.all(accounts.map((a) => a.stop()));
    // An account is final after 15 s without a change: longer than any pause between the
    // parts of the load below.
    accounts = [startAccounts(0, 15)];
    const { history, historyOutputs } = monthHistory(HISTORY, 9);
    const entriesBefore = await count(ch, 'ledger');
    sentOutputs = [...sentOutputs, ...historyOutputs];
    await produceOutputs(kafka, topics, historyOutputs);
    // Four parts, each caught up before the next is sent: every part moves every account.
    const part = Math.ceil(history.length / 4);
    for (let i = 0; i < history.length; i += part) {
      const slice = history.slice(i, i + part);
      readings = [...readings, ...slice];
      await produceReadings(kafka, topics, slice);
      await settled();
    }
    const historyVersions = `month = '${HISTORY}'`;
    expect(accountsDiff(expected(), await storedAccounts(ch))).toEqual([]);
    const loaded = await monthAccounts(HISTORY);
    expect(loaded).toHaveLength(4);
    for (const a of loaded) expect(a).toMatchObject({ prov: 1, re: 0 });
    expect(await count(ch, 'monthly_account_versions', historyVersions)).toBeGreaterThanOrEqual(
      4 * 4,
    );
    expect(await count(ch, 'ledger')).toBe(entriesBefore);

    await expectFinalAndCreditedOnce(HISTORY, entriesBefore);
  });

  it('a closed month whose readings wait behind a stalled emissions processor stays provisional, then is final and credited once', {
    timeout: 300_000,
  }, async () => {
    await Promise.all(accounts.map((a) => a.stop()));
    accounts = [startAccounts(0, 15)];
    const { history, historyOutputs: stalledOutputs } = monthHistory(STALLED, 11);
    const entriesBefore = await count(ch, 'ledger');
    const half = Math.ceil(history.length / 2);
    sentOutputs = [...sentOutputs, ...stalledOutputs];
    readings = [...readings, ...history];
    await produceOutputs(kafka, topics, stalledOutputs);
    await produceReadings(kafka, topics, history.slice(0, half));
    await settled();

    // The emissions processor stops with the second half of the month unread. The accounts
    // then stay unchanged for far longer than their settle time of 2 s.
    await emissions.stop();
    await produceReadings(kafka, topics, history.slice(half));
    await Promise.all(accounts.map((a) => a.stop()));
    accounts = [startAccounts(0, 2)];
    await new Promise((r) => setTimeout(r, 8_000));
    const waiting = await monthAccounts(STALLED);
    expect(waiting).toHaveLength(4);
    for (const a of waiting) expect(a).toMatchObject({ prov: 1, re: 0 });
    expect(await count(ch, 'ledger')).toBe(entriesBefore);

    emissions = startService('emissions-processor', runServiceEnv(run(), 'emissions-processor'));
    await expectFinalAndCreditedOnce(STALLED, entriesBefore);
  });
});
