import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLedgerChain } from '@carbon-account/accounting';
import { type ClickHouse, rawSql } from '@carbon-account/clickhouse';
import type { Tethered } from '@carbon-account/infra';
import type { TopicNames } from '@carbon-account/kafka';
import type { EnergyReadingV1Input, OrgOutputV1, OrgRecord } from '@carbon-account/schemas';
import { AssignerProtocol, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountsDiff,
  accountsFinal,
  creditsDiff,
  expectedAccounts,
  SETTLE_QUICKLY,
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

const MONTHS = ['2025-01', '2025-02', '2025-03'];
const orgIds = testOrgIds(20, 'A');

/** The readings of the run: one call, so the source can become the simulator's later. */
function accountTestReadings(): EnergyReadingV1Input[] {
  const readings = testReadings({
    orgIds,
    from: '2025-01-01T00:00:00+08:00',
    hours: 90 * 24,
    seed: 11,
  });
  // On-site PV for the first four orgs, one reading a month: the onsite-pv methodology.
  for (const orgId of orgIds.slice(0, 4))
    for (const month of MONTHS)
      readings.push({
        readingId: `pv1:${month}`,
        orgId,
        meterId: 'pv1',
        source: 'enterprise',
        type: 'pv_generation',
        quantity: 20_000,
        unit: 'kWh',
        periodStart: `${month}-01T00:00:00+08:00`,
        periodEnd: `${month}-15T00:00:00+08:00`,
      });
  return readings;
}

// Three GB/T 4754 sections; every even org has an agreed baseline above its intensity, so
// it earns intensity-reduction credits.
let registry: OrgRecord[] = orgIds.map((orgId, i) => ({
  orgId,
  name: `测试企业 ${i}`,
  industryCode: ['C3011', 'C2614', 'D4411', 'E4710'][i % 4] as string,
  town: ['高唐街道', '龙门街道', '巫峡镇'][i % 3] as string,
  regionCode: '500237',
  ...(i % 2 === 0 ? { baselineIntensity: 2.5 } : {}),
}));

const outputs: OrgOutputV1[] = orgIds.flatMap((orgId, i) =>
  MONTHS.map((month) => ({
    orgId,
    month,
    valueAddedCNY: 1_500_000 + i * 50_000,
    outputValueCNY: 4_500_000 + i * 150_000,
    reportId: `${month}-v1`,
    reportedAt: `${month}-28T10:00:00+08:00`,
  })),
);

describe('account processor through real Kafka and ClickHouse', () => {
  let ch: ClickHouse;
  let kafka: Kafka;
  let topics: TopicNames;
  let prefix: string;
  let dir: string;
  let emissions: Tethered;
  let accounts: Tethered[] = [];
  let accountGroup = 'account-processor';
  let readings: EnergyReadingV1Input[] = [];
  let sentOutputs: OrgOutputV1[] = [];

  // Group ids of this run only: a group shared with another run on the same broker would
  // hand this run's partitions to that run's processes.
  const startAccounts = (group: string) => {
    const groupId = `${prefix}${group}`;
    accountGroup = groupId;
    return startService(
      'account-processor',
      runServiceEnv({ database: ch.database, prefix }, group, {
        ORG_REGISTRY_FILE: join(dir, 'orgs.json'),
        RECOMPUTE_INTERVAL_MS: '500',
        ...SETTLE_QUICKLY,
      }),
    );
  };
  // Every month of the run has closed: caught up, its accounts settle and become final.
  const settled = async () => {
    await processorsCaughtUp(kafka, topics, {
      emissions: `${prefix}emissions-processor`,
      accounts: accountGroup,
    });
    await accountsFinal(ch);
  };
  const expected = () => expectedAccounts({ readings, outputs: sentOutputs, registry });

  beforeAll(async () => {
    ch = await freshDatabase();
    ({ kafka, topics, prefix } = await freshTopics(3));
    dir = mkdtempSync(join(tmpdir(), 'account-processor-'));
    writeFileSync(join(dir, 'orgs.json'), JSON.stringify({ orgs: registry }));
    emissions = startService(
      'emissions-processor',
      runServiceEnv({ database: ch.database, prefix }, 'emissions-processor'),
    );
    // Two instances share the partitions: one ledger writer per org must still hold.
    accounts = [startAccounts('account-processor'), startAccounts('account-processor')];
  });
  afterAll(async () => {
    await Promise.all(accounts.map((a) => a.stop()));
    await emissions?.stop();
    await ch?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('20 orgs over 3 months: accounts and credits equal an independent recomputation; chains verify; bad reports rejected', {
    timeout: 300_000,
  }, async () => {
    readings = accountTestReadings();
    sentOutputs = [...outputs];
    // Readings first, output reports after (as enterprises report a month after it ends).
    await produceReadings(kafka, topics, readings);
    await settled();
    await produceOutputs(kafka, topics, [
      ...outputs,
      { raw: 'no json', key: orgIds[0] as string },
      {
        raw: JSON.stringify({ ...outputs[0], month: '2025-13', reportId: 'bad-month' }),
        key: orgIds[0] as string,
      },
    ]);
    await settled();

    // Both instances hold partitions, and each holds the same partitions of both topics.
    const admin = kafka.admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([accountGroup]);
    await admin.disconnect();
    const assignments = (groups[0]?.members ?? []).map(
      (m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {},
    );
    expect(assignments).toHaveLength(2);
    for (const a of assignments) {
      expect(a[topics.emissions]?.length).toBeGreaterThan(0);
      expect(a[topics.outputs]).toEqual(a[topics.emissions]);
    }

    const want = expected();
    expect(want.size).toBe(20 * 3);
    expect(accountsDiff(want, await storedAccounts(ch))).toEqual([]);
    const grades = new Set([...(await storedAccounts(ch)).values()].map((a) => a.g));
    expect(grades.size).toBeGreaterThan(1);

    const ledgers = await storedLedgers(ch);
    expect(creditsDiff(want, ledgers)).toEqual([]);
    const methodologies = new Set([...ledgers.values()].flat().map((e) => e.methodologyId));
    expect([...methodologies].sort()).toEqual(['intensity-reduction', 'onsite-pv']);
    for (const entries of ledgers.values()) {
      expect(verifyLedgerChain(entries)).toEqual({ valid: true });
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    }

    const rejected = await ch.query<{ reading_id: string; reason: string; errors: string }>(
      rawSql(
        `SELECT reading_id, reason, errors FROM rejected_readings WHERE kafka_topic = '${topics.outputs}' ORDER BY kafka_offset`,
      ),
    );
    expect(rejected.map((r) => r.reason).sort()).toEqual([
      'does not match org.outputs.v1',
      'not JSON',
    ]);
    expect(rejected.find((r) => r.reading_id === 'bad-month')?.errors).toMatch(/month/);
  });

  it('every reading and every report delivered twice: no new account version, no ledger entry', {
    timeout: 300_000,
  }, async () => {
    const versions = await count(ch, 'monthly_account_versions');
    const entries = await count(ch, 'ledger');
    await produceOutputs(kafka, topics, outputs);
    await produceReadings(kafka, topics, readings);
    await settled();
    expect(await count(ch, 'monthly_account_versions')).toBe(versions);
    expect(await count(ch, 'ledger')).toBe(entries);
    expect(accountsDiff(expected(), await storedAccounts(ch))).toEqual([]);
  });

  it('a corrected reading and corrected reports restate the month; adjust entries only where the credit changed', {
    timeout: 300_000,
  }, async () => {
    const before = await storedLedgers(ch);
    const entriesBefore = [...before.values()].flat().length;
    const org2FebVersions = await count(
      ch,
      'monthly_account_versions',
      `org_id = '${orgIds[2]}' AND month = '2025-02'`,
    );
    // Org 2 (baseline): a February electricity reading corrected upwards → less credit.
    const org2 = orgIds[2] as string;
    const original = readings.find(
      (r) => r.orgId === org2 && r.type === 'electricity' && r.periodStart.startsWith('2025-02-10'),
    ) as EnergyReadingV1Input;
    const corrected = { ...original, quantity: original.quantity + 50_000 };
    // Org 3 (no baseline, no PV): March value added corrected → intensity, K restated, no credit.
    // Org 4 (baseline): January value added corrected → credit changes.
    const report = (i: number, month: string, valueAddedCNY: number): OrgOutputV1 => ({
      ...(outputs.find((o) => o.orgId === orgIds[i] && o.month === month) as OrgOutputV1),
      valueAddedCNY,
      reportId: `${month}-v2`,
      reportedAt: `${month}-30T09:00:00+08:00`,
    });
    const fixes = [report(3, '2025-03', 1_000_000), report(4, '2025-01', 2_000_000)];
    // Org 5 (no credits): a January reading corrected to a March period: both months change.
    const org5 = orgIds[5] as string;
    const misdated = readings.find(
      (r) => r.orgId === org5 && r.type === 'electricity' && r.periodStart.startsWith('2025-01-20'),
    ) as EnergyReadingV1Input;
    const redated = {
      ...misdated,
      periodStart: misdated.periodStart.replace('2025-01-20', '2025-03-20'),
      periodEnd: misdated.periodEnd.replace('2025-01-20', '2025-03-20'),
    };
    readings = [...readings, corrected, redated];
    sentOutputs = [...sentOutputs, ...fixes];
    await produceReadings(kafka, topics, [corrected, redated]);
    await produceOutputs(kafka, topics, fixes);
    await settled();

    const want = expected();
    const stored = await storedAccounts(ch);
    expect(accountsDiff(want, stored)).toEqual([]);
    const restated = (i: number, month: string) => stored.get(`${orgIds[i]}|${month}`);
    // Each correction restated its month with a note saying what changed (later versions
    // may restate it again when another org of the section moves the industry average).
    const notes = async (i: number, month: string) =>
      (
        await ch.query<{ note: string }>(
          rawSql(
            `SELECT restatement_note AS note FROM monthly_account_versions WHERE org_id = '${orgIds[i]}' AND month = '${month}' AND restated = 1`,
          ),
        )
      ).map((r) => r.note);
    expect(restated(2, '2025-02')).toMatchObject({ re: 1 });
    expect(await notes(2, '2025-02')).toContainEqual(
      expect.stringMatching(/electricity\.tco2eLocation .* → /),
    );
    expect(await notes(3, '2025-03')).toContainEqual(
      expect.stringMatching(/report_id '2025-03-v1' → '2025-03-v2'/),
    );
    expect(await notes(4, '2025-01')).toContainEqual(
      expect.stringMatching(/value_added_cny 1700000 → 2000000/),
    );
    expect(await notes(5, '2025-01')).toContainEqual(expect.stringMatching(/lines 7\d\d → /));
    expect(await notes(5, '2025-03')).toContainEqual(expect.stringMatching(/lines 7\d\d → /));
    // The versions replaced stay in the history: one more version, the old ones kept.
    expect(
      await count(ch, 'monthly_account_versions', `org_id = '${org2}' AND month = '2025-02'`),
    ).toBe(org2FebVersions + 1);

    const after = await storedLedgers(ch);
    expect(creditsDiff(want, after)).toEqual([]);
    const added = [...after.values()]
      .flat()
      .slice(0)
      .filter((e) => !before.get(e.orgId)?.some((b) => b.seq === e.seq));
    expect(added.map((e) => [e.orgId, e.kind, e.methodologyId, e.month]).sort()).toEqual(
      [
        [org2, 'adjust', 'intensity-reduction', '2025-02'],
        [orgIds[4], 'adjust', 'intensity-reduction', '2025-01'],
      ].sort(),
    );
    expect([...after.values()].flat().length).toBe(entriesBefore + 2);
    for (const entries of after.values())
      expect(verifyLedgerChain(entries)).toEqual({ valid: true });
  });

  it('a new processor run from the beginning of both topics (restart) issues and restates nothing', {
    timeout: 300_000,
  }, async () => {
    const versions = await count(ch, 'monthly_account_versions');
    const entries = await count(ch, 'ledger');
    await Promise.all(accounts.map((a) => a.stop()));
    accounts = [startAccounts('account-processor-rerun')];
    await settled();
    expect(await count(ch, 'monthly_account_versions')).toBe(versions);
    expect(await count(ch, 'ledger')).toBe(entries);
    for (const ledger of (await storedLedgers(ch)).values())
      expect(verifyLedgerChain(ledger)).toEqual({ valid: true });
  });

  it('a changed registry file is a new registry version, re-grades the months of the moved org, and a new baseline adjusts its credits', {
    timeout: 120_000,
  }, async () => {
    const org7 = orgIds[7] as string;
    const org8 = orgIds[8] as string;
    const org9 = orgIds[9] as string;
    const before = await storedLedgers(ch);
    registry = registry.map((o) =>
      o.orgId === org7
        ? { ...o, industryCode: 'D4411' }
        : o.orgId === org8
          ? { ...o, baselineIntensity: 3 }
          : o.orgId === org9
            ? { ...o, town: '双龙镇' }
            : o,
    );
    writeFileSync(join(dir, 'orgs.json'), JSON.stringify({ orgs: registry }));
    await eventually(
      'the accounts and credits to follow the new registry',
      async () =>
        accountsDiff(expected(), await storedAccounts(ch)).length === 0 &&
        creditsDiff(expected(), await storedLedgers(ch)).length === 0,
      60_000,
    );
    // Orgs whose registry record changed. Both instances load the file at start, so an org
    // may hold two versions with the same content: that is not a change.
    const versions = await ch.query<{
      org_id: string;
      n: string;
      cur_code: string;
      cur_town: string;
    }>(
      rawSql(
        'SELECT org_id, uniqExact(industry_code, town) AS n, argMax(industry_code, version) AS cur_code, argMax(town, version) AS cur_town FROM orgs GROUP BY org_id',
      ),
    );
    const changed = versions
      .filter((v) => Number(v.n) > 1)
      .map((v) => [v.org_id, v.cur_code, v.cur_town]);
    expect(changed.sort()).toEqual(
      [
        [org7, 'D4411', expect.any(String)],
        [org9, 'C2614', '双龙镇'],
      ].sort(),
    );
    // Org 8's months are restated with the baseline the credits are now computed against.
    const baselineNotes = await ch.query<{ note: string }>(
      rawSql(
        `SELECT argMax(restatement_note, version) AS note FROM monthly_accounts WHERE org_id = '${org8}' GROUP BY month`,
      ),
    );
    expect(baselineNotes.map((n) => n.note)).toEqual(
      Array(3).fill(expect.stringMatching(/baseline_intensity 2\.5 → 3/)),
    );
    const moved = await ch.query<{ section: string }>(
      rawSql(
        `SELECT argMax(industry_section, version) AS section FROM monthly_accounts WHERE org_id = '${org7}' GROUP BY month`,
      ),
    );
    expect(moved.map((m) => m.section)).toEqual(['D', 'D', 'D']);
    // The ledger followed: one adjust per month for org 8's intensity-reduction credit (a
    // higher baseline owes more), appended by its ledger writer, the chain intact; the
    // moved org's grade earns no credit, so nothing else changed.
    const after = await storedLedgers(ch);
    const added = [...after.values()]
      .flat()
      .filter((e) => !before.get(e.orgId)?.some((b) => b.seq === e.seq));
    expect(added.map((e) => [e.orgId, e.kind, e.methodologyId, e.month]).sort()).toEqual(
      MONTHS.map((m) => [org8, 'adjust', 'intensity-reduction', m]),
    );
    expect(added.every((e) => e.tco2e > 0)).toBe(true);
    for (const entries of after.values())
      expect(verifyLedgerChain(entries)).toEqual({ valid: true });
  });
});
