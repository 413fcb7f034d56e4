import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouse } from '@carbon-account/clickhouse';
import type { Tethered } from '@carbon-account/infra';
import { createDurableProducer, type TopicNames } from '@carbon-account/kafka';
import type { EnergyReadingV1Input, OrgOutputV1, OrgRecord } from '@carbon-account/schemas';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountsFinal,
  type ExpectedAccount,
  expectedAccounts,
  SETTLE_QUICKLY,
} from '../src/account-checks.js';
import {
  freshDatabase,
  freshTopics,
  runServiceEnv,
  startService,
  testOrgIds,
  testReadings,
} from '../src/index.js';
import {
  expectedMonthlyTotals,
  processorsCaughtUp,
  produceReadings,
} from '../src/pipeline-checks.js';
import {
  type ComputedLine,
  computeLines,
  ledgerRows,
  startQueryApi,
} from '../src/query-api-fixtures.js';

// Three orgs of Wushan County (two towns) and one of another county, January and February
// 2025 through the real emissions and account processors.
const [a, b, c, outside] = testOrgIds(4, 'Q') as [string, string, string, string];
const unknownOrg = testOrgIds(1, 'W')[0] as string;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
const start = Date.parse('2025-01-01T00:00:00+08:00');
const hourAt = (h: number) => iso(start + h * 3600_000);
const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-9);
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
// Rejections are dated when they were rejected (a rejected message may carry no valid period).
const day = (offset: number) =>
  new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const aroundNow = `from=${day(-1)}&to=${day(2)}`;

function pipelineReadings(): EnergyReadingV1Input[] {
  const base = testReadings({
    orgIds: [a, b, c, outside],
    from: hourAt(0),
    hours: 59 * 24,
    seed: 11,
  });
  // c misses 10 hours of January on its hourly meter: a gap.
  const gap = new Set(Array.from({ length: 10 }, (_, i) => `e1:${hourAt(400 + i)}`));
  const readings = base.filter((r) => !(r.orgId === c && gap.has(r.readingId)));
  // a: its meter reads 0 one hour, jumps another, and the platform disagrees a third.
  for (const r of readings) {
    if (r.orgId !== a) continue;
    if (r.readingId === `e1:${hourAt(100)}`) {
      r.quantity = 0;
      r.greenElectricityKWh = 0;
    }
    if (r.readingId === `e1:${hourAt(200)}`) r.quantity = 50_000;
  }
  const disputed = readings.find((r) => r.orgId === a && r.readingId === `e1:${hourAt(300)}`);
  if (!disputed) throw new Error('fixture: hour 300 missing');
  readings.push({
    ...disputed,
    readingId: `platform-e1:${hourAt(300)}`,
    source: 'platform',
    quantity: disputed.quantity * 1.5,
    greenElectricityKWh: 0,
  });
  return readings;
}

// a has an agreed baseline intensity: it earns intensity-reduction credits (the ledger).
const registry: OrgRecord[] = [
  {
    orgId: a,
    name: 'Org A',
    industryCode: 'C3011',
    town: 'Gaotang',
    regionCode: '500237',
    baselineIntensity: 2.5,
  },
  { orgId: b, name: 'Org B', industryCode: 'D4411', town: 'Gaotang', regionCode: '500237' },
  { orgId: c, name: 'Org C', industryCode: 'C2614', town: 'Longchang', regionCode: '500237' },
  { orgId: outside, name: 'Org X', industryCode: 'C3011', town: 'Elsewhere', regionCode: '500238' },
];
const outputs: OrgOutputV1[] = [a, b, c, outside].flatMap((orgId) =>
  ['2025-01', '2025-02'].map((month) => ({
    orgId,
    month,
    valueAddedCNY: 3_100_000,
    outputValueCNY: 12_500_000,
    reportId: `${month}-v1`,
    reportedAt: `${month}-28T10:00:00+08:00`,
  })),
);
// a corrects its January report later: the account is restated, the credit adjusted.
const correction: OrgOutputV1 = {
  orgId: a,
  month: '2025-01',
  valueAddedCNY: 2_500_000,
  outputValueCNY: 12_500_000,
  reportId: '2025-01-v2',
  reportedAt: '2025-02-05T10:00:00+08:00',
};

async function produceOutputs(kafka: Kafka, topics: TopicNames, items: readonly OrgOutputV1[]) {
  const producer = await createDurableProducer(kafka);
  try {
    await producer.send(
      items.map((o) => ({ topic: topics.outputs, key: o.orgId, value: JSON.stringify(o) })),
    );
  } finally {
    await producer.disconnect();
  }
}

/**
 * An explanation names exactly the lines' readings and, per factor record and version, how
 * many of those lines used it.
 */
function expectExplains(
  explanation: {
    readingsCounted: number;
    factors: { id: string; version: number; lines: number }[];
  },
  lines: readonly ComputedLine[],
) {
  expect(explanation.readingsCounted).toBe(lines.length);
  const used = new Map<string, number>();
  for (const l of lines)
    for (const f of l.factors)
      used.set(`${f.id}@${f.version}`, (used.get(`${f.id}@${f.version}`) ?? 0) + 1);
  expect(new Map(explanation.factors.map((f) => [`${f.id}@${f.version}`, f.lines]))).toEqual(used);
}

describe('query API on ClickHouse filled by the real pipeline', () => {
  let ch: ClickHouse;
  let kafka: Kafka;
  let topics: TopicNames;
  let processor: Tethered;
  let accountsProcessor: Tethered;
  let api: Awaited<ReturnType<typeof startQueryApi>>;
  let sent: EnergyReadingV1Input[];
  let lines: ComputedLine[];
  let expected: Map<string, ExpectedAccount>;
  let dir: string;
  const call = (...args: Parameters<typeof api.call>) => api.call(...args);
  const credits = (orgId: string, months: string[]) =>
    sum(months.flatMap((m) => (expected.get(`${orgId}|${m}`)?.credits ?? []).map((x) => x.tco2e)));

  beforeAll(async () => {
    ch = await freshDatabase();
    const fresh = await freshTopics(3);
    ({ kafka, topics } = fresh);
    const prefix = fresh.prefix;
    dir = mkdtempSync(join(tmpdir(), 'query-api-e2e-'));
    writeFileSync(join(dir, 'orgs.json'), JSON.stringify({ orgs: registry }));
    // Groups of this run only: the broker may be shared with other runs using the defaults.
    const emissionsGroup = `${prefix}emissions-processor`;
    const accountsGroup = `${prefix}account-processor`;
    const run = { database: ch.database, prefix };
    processor = startService('emissions-processor', runServiceEnv(run, 'emissions-processor'));
    accountsProcessor = startService(
      'account-processor',
      runServiceEnv(run, 'account-processor', {
        ORG_REGISTRY_FILE: join(dir, 'orgs.json'),
        RECOMPUTE_INTERVAL_MS: '500',
        ...SETTLE_QUICKLY,
      }),
    );
    // The months of the run closed long ago: once caught up, accounts settle and are final,
    // so each later report restates them.
    const settled = async () => {
      await processorsCaughtUp(kafka, topics, {
        emissions: emissionsGroup,
        accounts: accountsGroup,
      });
      await accountsFinal(ch);
    };
    sent = pipelineReadings();
    const poison = { raw: JSON.stringify({ ...sent[0], readingId: 'neg', quantity: -1 }), key: a };
    await produceReadings(kafka, topics, [...sent, poison]);
    await settled();
    await produceOutputs(kafka, topics, outputs);
    await settled();
    await produceOutputs(kafka, topics, [correction]);
    await settled();
    lines = computeLines(sent);
    expected = expectedAccounts({ readings: sent, outputs: [...outputs, correction], registry });
    // b earns no credits, so its ledger is empty: a changed entry is planted there to be caught.
    const tampered = ledgerRows(b, [
      { kind: 'issue', tco2e: 5, month: '2025-01' },
      { kind: 'issue', tco2e: 6, month: '2025-02' },
    ]);
    (tampered[1] as { tco2e: number }).tco2e = 60;
    await ch.insert('ledger', tampered);
    api = await startQueryApi(ch.database, {
      bureau: { kind: 'bureau', regionCode: '500237' },
      otherBureau: { kind: 'bureau', regionCode: '500238' },
      orgA: { kind: 'enterprise', orgIds: [a] },
      orgB: { kind: 'enterprise', orgIds: [b, c] },
      bank: { kind: 'bank', bankId: 'bank-a' },
      otherBank: { kind: 'bank', bankId: 'bank-b' },
    });
  }, 400_000);

  afterAll(async () => {
    await api?.api.stop();
    await accountsProcessor?.stop();
    await processor?.stop();
    await ch?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('monthly and daily series equal the independent recomputation, per org', async () => {
    const totals = expectedMonthlyTotals(sent);
    for (const org of [a, b, c]) {
      const monthly = await call(
        `/v1/orgs/${org}/emissions?from=2025-01-01&to=2025-03-01&granularity=month`,
        api.keys.orgA,
      );
      const asOwner =
        org === a
          ? monthly
          : await call(
              `/v1/orgs/${org}/emissions?from=2025-01-01&to=2025-03-01&granularity=month`,
              api.keys.orgB,
            );
      expect(asOwner.status).toBe(200);
      const daily = await call(
        `/v1/orgs/${org}/emissions?from=2025-01-01&to=2025-03-01&granularity=day`,
        api.keys.bureau,
      );
      expect(daily.status).toBe(200);
      for (const month of ['2025-01', '2025-02']) {
        const e = totals.get(`${org}|${month}`);
        if (!e) throw new Error(`no expectation for ${org} ${month}`);
        const points = asOwner.body.points.filter((p: { period: string }) => p.period === month);
        expect(
          rel(sum(points.map((p: { tco2eLocation: number }) => p.tco2eLocation)), e.location),
        ).toBeLessThan(1e-9);
        expect(
          rel(sum(points.map((p: { tco2eMarket: number }) => p.tco2eMarket)), e.market),
        ).toBeLessThan(1e-9);
        expect(rel(sum(points.map((p: { tce: number }) => p.tce)), e.tce)).toBeLessThan(1e-9);
        expect(sum(points.map((p: { lines: number }) => p.lines))).toBe(e.lines);
        const days = daily.body.points.filter((p: { period: string }) =>
          p.period.startsWith(month),
        );
        expect(
          rel(sum(days.map((p: { tco2eLocation: number }) => p.tco2eLocation)), e.location),
        ).toBeLessThan(1e-9);
      }
    }
  });

  it('an hourly series by scope and type equals the lines of those hours', async () => {
    const res = await call(
      `/v1/orgs/${a}/emissions?from=2025-01-05T00:00:00%2B08:00&to=2025-01-06T00:00:00%2B08:00&granularity=hour&scope=2&type=electricity`,
      api.keys.orgA,
    );
    expect(res.status).toBe(200);
    const from = Date.parse('2025-01-05T00:00:00+08:00');
    const mine = lines.filter((l) => {
      const t = Date.parse(l.reading.periodStart);
      return (
        l.reading.orgId === a && l.type === 'electricity' && t >= from && t < from + 86_400_000
      );
    });
    expect(res.body.points).toHaveLength(24);
    for (const p of res.body.points) {
      const inHour = mine.filter((l) => Date.parse(l.reading.periodStart) === Date.parse(p.period));
      expect(rel(p.tco2eLocation, sum(inHour.map((l) => l.tco2eLocation)))).toBeLessThan(1e-9);
      expect(p.scope).toBe(2);
    }
  });

  it('pages a series: pages join to the whole, nextOffset points on', async () => {
    const url = `/v1/orgs/${b}/emissions?from=2025-01-01&to=2025-03-01&granularity=day`;
    const whole = await call(url, api.keys.orgB);
    const p1 = await call(`${url}&limit=20&offset=0`, api.keys.orgB);
    const p2 = await call(`${url}&limit=20&offset=20`, api.keys.orgB);
    expect(p1.body.page).toEqual({
      limit: 20,
      offset: 0,
      total: whole.body.page.total,
      nextOffset: 20,
    });
    expect([...p1.body.points, ...p2.body.points]).toEqual(whole.body.points.slice(0, 40));
  });

  it('monthly account: the current version, and explain names the factor records', async () => {
    const res = await call(`/v1/orgs/${a}/account?month=2025-01&explain=1`, api.keys.orgA);
    expect(res.status).toBe(200);
    const account = expected.get(`${a}|2025-01`)?.account;
    if (!account) throw new Error('no expected account');
    // January 2025 closed long ago: final, and restated by the corrected report.
    expect(res.body).toMatchObject({ provisional: false, restated: true });
    expect(res.body.output.reportId).toBe('2025-01-v2');
    expect(rel(res.body.totals.tco2eLocation, account.total.tco2eLocation)).toBeLessThan(1e-9);
    expect(rel(res.body.totals.tce, account.total.tce)).toBeLessThan(1e-9);
    expect(rel(res.body.intensityValueAdded, account.intensityValueAdded as number)).toBeLessThan(
      1e-9,
    );
    expect(rel(res.body.k, account.k as number)).toBeLessThan(1e-9);
    expect(res.body.grade).toBe(account.grade);
    expect(res.body.band).toBe(account.band);
    expect(credits(a, ['2025-01'])).toBeGreaterThan(0);
    expect(res.body.assets.balanceTco2e).toBeCloseTo(credits(a, ['2025-01']), 9);
    expect(res.body.assets.issuedInMonthTco2e).toBeCloseTo(credits(a, ['2025-01']), 9);

    const mine = lines.filter((l) => l.reading.orgId === a && l.month === '2025-01');
    const ex = res.body.explanation;
    expectExplains(ex, mine);
    for (const f of ex.factors) expect(f.source).toBeTruthy();
    expect(ex.accountComputedAt).toBe(res.body.computedAt);

    const trail = await call(`${ex.readingsUrl}&limit=5`, api.keys.orgA);
    expect(trail.status).toBe(200);
    expect(trail.body.page.total).toBe(mine.length);
    expect(trail.body.lines[0].factors.length).toBeGreaterThan(0);
  });

  it('ledger: balance, and the hash chain verified (broken where an entry was changed)', async () => {
    const good = await call(`/v1/orgs/${a}/ledger`, api.keys.orgA);
    expect(good.body.balanceTco2e).toBeCloseTo(credits(a, ['2025-01', '2025-02']), 9);
    // January issued, February issued, January adjusted after the restatement.
    expect(
      good.body.entries.map((e: { kind: string; month: string }) => `${e.kind} ${e.month}`).sort(),
    ).toEqual(['adjust 2025-01', 'issue 2025-01', 'issue 2025-02']);
    expect(good.body.chain).toEqual({ valid: true, entries: 3, firstBadSeq: null, reason: null });
    const bad = await call(`/v1/orgs/${b}/ledger`, api.keys.orgB);
    expect(bad.body.chain).toMatchObject({ valid: false, firstBadSeq: 2 });
  });

  it('coverage: share of expected meter-hours received', async () => {
    const res = await call(
      `/v1/orgs/${c}/coverage?from=2025-01-01&to=2025-02-01&explain=1`,
      api.keys.orgB,
    );
    expect(res.status).toBe(200);
    expect(res.body.meters).toEqual([
      expect.objectContaining({ meterId: 'e1', expectedHours: 744, receivedHours: 734 }),
    ]);
    expect(res.body.share).toBeCloseTo(734 / 744, 12);
    expect(res.body.explanation.readingsCounted).toBe(
      lines.filter((l) => l.reading.orgId === c && l.month === '2025-01').length,
    );
    const full = await call(`/v1/orgs/${b}/coverage?from=2025-01-01&to=2025-02-01`, api.keys.orgB);
    expect(full.body.share).toBe(1);
    // A meter-hour sent by two sources is one meter-hour.
    const both = await call(`/v1/orgs/${a}/coverage?from=2025-01-01&to=2025-02-01`, api.keys.orgA);
    expect(both.body.meters).toEqual([
      expect.objectContaining({
        meterId: 'e1',
        sources: 'enterprise,platform',
        receivedHours: 744,
      }),
    ]);
  });

  it('rejected readings of the org, with reasons', async () => {
    const res = await call(`/v1/orgs/${a}/rejections?${aroundNow}`, api.keys.orgA);
    expect(res.status).toBe(200);
    expect(res.body.rejections).toHaveLength(1);
    expect(res.body.rejections[0]).toMatchObject({ readingId: 'neg' });
    expect(JSON.stringify(res.body.rejections[0].errors)).toMatch(/quantity/);
  });

  it('bureau data quality: rejections by reason, gaps, late data and the three anomalies', async () => {
    const res = await call('/v1/data-quality?from=2025-01-01&to=2025-02-01', api.keys.bureau);
    expect(res.status).toBe(200);
    expect(res.body.rejectionsByReason).toEqual([]);
    const recent = await call(`/v1/data-quality?${aroundNow}`, api.keys.bureau);
    expect(recent.body.rejectionsByReason).toEqual([
      { reason: 'does not match energy.readings.v1', count: 1 },
    ]);
    const orgC = res.body.orgs.find((o: { orgId: string }) => o.orgId === c);
    expect(orgC).toMatchObject({ hasGaps: true, receivedMeterHours: 734 });
    // Backfilled readings arrive long after their period: every one is late.
    const janOfB = lines.filter((l) => l.reading.orgId === b && l.month === '2025-01').length;
    expect(res.body.orgs.find((o: { orgId: string }) => o.orgId === b).lateReadings).toBe(janOfB);
    expect(res.body.orgs.some((o: { orgId: string }) => o.orgId === outside)).toBe(false);
    const kinds = res.body.anomalies.map(
      (x: { kind: string; orgId: string; hour: string }) => `${x.kind} ${x.orgId} ${x.hour}`,
    );
    const utc = (h: number) => new Date(start + h * 3600_000).toISOString();
    expect(kinds).toContain(`drop_to_zero ${a} ${utc(100)}`);
    expect(kinds).toContain(`jump ${a} ${utc(200)}`);
    expect(kinds).toContain(`source_disagreement ${a} ${utc(300)}`);
    expect(res.body.anomalies.filter((x: { orgId: string }) => x.orgId !== a)).toEqual([]);

    const own = await call(`/v1/data-quality?from=2025-01-01&to=2025-02-01`, api.keys.orgB);
    expect(own.body.anomalies).toEqual([]);
    expect(own.body.orgs.map((o: { orgId: string }) => o.orgId).sort()).toEqual([b, c].sort());
  });

  it('region summary by town, industry and type, top emitters and month-over-month equal the recomputation', async () => {
    const regionLines = lines.filter((l) => l.reading.orgId !== outside);
    const town = (org: string) => (org === c ? 'Longchang' : 'Gaotang');
    const byTown = new Map<string, number>();
    for (const l of regionLines)
      byTown.set(town(l.reading.orgId), (byTown.get(town(l.reading.orgId)) ?? 0) + l.tco2eLocation);
    for (const range of ['from=2025-01-01&to=2025-03-01', 'from=2024-12-31&to=2025-03-01']) {
      const res = await call(`/v1/region/summary?${range}&groupBy=town`, api.keys.bureau);
      expect(res.status).toBe(200);
      expect(res.body.groups.map((g: { key: string }) => g.key).sort()).toEqual([
        'Gaotang',
        'Longchang',
      ]);
      for (const g of res.body.groups)
        expect(rel(g.tco2eLocation, byTown.get(g.key) as number)).toBeLessThan(1e-9);
    }
    const byType = await call(
      '/v1/region/summary?from=2025-01-01&to=2025-03-01&groupBy=type',
      api.keys.bureau,
    );
    const diesel = sum(regionLines.filter((l) => l.type === 'diesel').map((l) => l.tco2eLocation));
    expect(
      rel(
        byType.body.groups.find((g: { key: string }) => g.key === 'diesel').tco2eLocation,
        diesel,
      ),
    ).toBeLessThan(1e-9);
    const byIndustry = await call(
      '/v1/region/summary?from=2025-01-01&to=2025-03-01&groupBy=industry',
      api.keys.bureau,
    );
    expect(byIndustry.body.groups.find((g: { key: string }) => g.key === 'C').orgs).toBe(2);

    const perOrg = [a, b, c]
      .map((org) => ({
        org,
        t: sum(regionLines.filter((l) => l.reading.orgId === org).map((l) => l.tco2eLocation)),
      }))
      .sort((x, y) => y.t - x.t);
    const top = await call(
      '/v1/region/top-emitters?from=2025-01-01&to=2025-03-01&limit=2',
      api.keys.bureau,
    );
    expect(top.body.emitters.map((e: { orgId: string }) => e.orgId)).toEqual(
      perOrg.slice(0, 2).map((p) => p.org),
    );
    expect(top.body.page).toMatchObject({ total: 3, nextOffset: 2 });

    const mom = await call(
      '/v1/region/month-over-month?month=2025-02&groupBy=town&explain=1',
      api.keys.bureau,
    );
    // Provenance covers both months: every region reading of January and February counted.
    const twoMonths = regionLines.filter((l) => ['2025-01', '2025-02'].includes(l.month));
    expectExplains(mom.body.explanation, twoMonths);
    const g = mom.body.groups.find((x: { key: string }) => x.key === 'Longchang');
    const jan = sum(
      regionLines
        .filter((l) => l.reading.orgId === c && l.month === '2025-01')
        .map((l) => l.tco2eLocation),
    );
    const feb = sum(
      regionLines
        .filter((l) => l.reading.orgId === c && l.month === '2025-02')
        .map((l) => l.tco2eLocation),
    );
    expect(rel(g.previousTco2e, jan)).toBeLessThan(1e-9);
    expect(rel(g.currentTco2e, feb)).toBeLessThan(1e-9);
    expect(g.changePct).toBeCloseTo(((feb - jan) / jan) * 100, 9);
  });

  it('consent: a bank sees nothing without it, the profile with it, nothing after revocation; every pull is logged', async () => {
    const profile = `/v1/banks/bank-a/orgs/${a}/profile?month=2025-02`;
    const none = await call(profile, api.keys.bank);
    const missing = await call(
      `/v1/banks/bank-a/orgs/${unknownOrg}/profile?month=2025-02`,
      api.keys.bank,
    );
    expect(none.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(none.body).toEqual(missing.body);
    const consented = async () => (await call('/v1/banks/bank-a/orgs', api.keys.bank)).body;
    expect(await consented()).toMatchObject({ bankId: 'bank-a', orgs: [], page: { total: 0 } });

    const grant = await call(`/v1/orgs/${a}/consents`, api.keys.orgA, {
      method: 'POST',
      body: JSON.stringify({
        bankId: 'bank-a',
        purpose: 'carbon_linked_loan',
        expiresAt: '2099-01-01T00:00:00Z',
      }),
    });
    expect(grant.status).toBe(201);
    expect(grant.body.status).toBe('active');
    // The bank's list of consenting orgs names the org from the registry.
    expect(await consented()).toEqual({
      bankId: 'bank-a',
      orgs: [
        {
          orgId: a,
          name: 'Org A',
          purpose: 'carbon_linked_loan',
          grantedAt: grant.body.grantedAt,
          expiresAt: '2099-01-01T00:00:00.000Z',
        },
      ],
      page: { limit: 1000, offset: 0, total: 1, nextOffset: null },
    });

    const seen = await call(`${profile}&explain=1`, api.keys.bank);
    expect(seen.status).toBe(200);
    expect(seen.body.months).toHaveLength(12);
    const feb = seen.body.months.find((m: { month: string }) => m.month === '2025-02');
    const febAccount = expected.get(`${a}|2025-02`)?.account;
    expect(rel(feb.intensityValueAdded, febAccount?.intensityValueAdded as number)).toBeLessThan(
      1e-9,
    );
    expect(feb.grade).toBe(febAccount?.grade);
    expect(seen.body.assetBalanceTco2e).toBeCloseTo(credits(a, ['2025-01', '2025-02']), 9);
    // Both months were accounted before their output reports came, then restated with them.
    expect(seen.body.qualityFlags).toContainEqual({ kind: 'restated_months', count: 2 });
    expect(seen.body.qualityFlags).toContainEqual({ kind: 'months_without_account', count: 10 });
    expect(seen.body.explanation.factors.length).toBeGreaterThan(0);
    const csv = await call(profile.replace('/profile?', '/profile.csv?'), api.keys.bank);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toMatch(/^org_id,month,tco2e_location/);
    expect(csv.text.trim().split('\n')).toHaveLength(13);
    // The consent is for loans: other banks and other purposes still see nothing.
    expect((await call(profile.replace('bank-a', 'bank-b'), api.keys.otherBank)).status).toBe(404);
    expect((await call(profile, api.keys.otherBank)).status).toBe(403);
    const emissions = await call(
      `/v1/orgs/${a}/emissions?from=2025-01-01&to=2025-02-01`,
      api.keys.bank,
    );
    expect(emissions.status).toBe(200);

    const log = await call(`/v1/orgs/${a}/access-log`, api.keys.orgA);
    expect(log.body.page.total).toBe(3);
    expect(log.body.entries.map((e: { endpoint: string }) => e.endpoint).sort()).toEqual([
      'GET /v1/banks/:bankId/orgs/:orgId/profile',
      'GET /v1/banks/:bankId/orgs/:orgId/profile.csv',
      'GET /v1/orgs/:orgId/emissions',
    ]);
    expect(log.body.entries.every((e: { bankId: string }) => e.bankId === 'bank-a')).toBe(true);

    const revoke = await call(`/v1/orgs/${a}/consents/bank-a`, api.keys.orgA, { method: 'DELETE' });
    expect(revoke.body.revoked).toBe(1);
    const after = await call(profile, api.keys.bank);
    expect(after.status).toBe(404);
    expect(after.body).toEqual(missing.body);
    const list = await call(`/v1/orgs/${a}/consents`, api.keys.orgA);
    expect(list.body.consents[0]).toMatchObject({ bankId: 'bank-a', status: 'revoked' });
    expect((await consented()).orgs).toEqual([]);
    expect((await call(`/v1/orgs/${a}/access-log`, api.keys.orgA)).body.page.total).toBe(3);
  });

  it('project reduction: baseline − metered emissions of its meters, for a bank with the disclosure consent', async () => {
    const reg = await call(`/v1/orgs/${b}/projects`, api.keys.orgB, {
      method: 'POST',
      body: JSON.stringify({
        projectId: 'pv-roof',
        name: 'Rooftop PV',
        meterIds: ['e1'],
        baselineTco2ePerMonth: 400,
        startMonth: '2025-01',
      }),
    });
    expect(reg.status).toBe(201);
    const url = `/v1/banks/bank-a/orgs/${b}/projects/pv-roof/reduction?from=2025-01&to=2025-02&explain=1`;
    expect((await call(url, api.keys.bank)).status).toBe(404);
    await call(`/v1/orgs/${b}/consents`, api.keys.orgB, {
      method: 'POST',
      body: JSON.stringify({
        bankId: 'bank-a',
        purpose: 'emission_reduction_disclosure',
        expiresAt: '2099-01-01T00:00:00Z',
      }),
    });
    const res = await call(url, api.keys.bank);
    expect(res.status).toBe(200);
    for (const m of res.body.months) {
      const metered = sum(
        lines
          .filter((l) => l.reading.orgId === b && l.reading.meterId === 'e1' && l.month === m.month)
          .map((l) => l.tco2eLocation),
      );
      expect(rel(m.meteredTco2e, metered)).toBeLessThan(1e-9);
      expect(m.reductionTco2e).toBeCloseTo(400 - m.meteredTco2e, 9);
    }
    expect(res.body.explanation.readingsCounted).toBe(
      lines.filter((l) => l.reading.orgId === b && l.reading.meterId === 'e1').length,
    );
    const csv = await call(url.replace('/reduction?', '/reduction.csv?'), api.keys.bank);
    expect(csv.text.trim().split('\n')).toHaveLength(3);
    // The disclosure consent does not open the loan profile.
    expect((await call(`/v1/banks/bank-a/orgs/${b}/profile`, api.keys.bank)).status).toBe(404);
  });

  it('bad query strings: 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      [`/v1/orgs/${a}/emissions?from=2025-02-30&to=2025-03-01`, 'from'],
      [`/v1/orgs/${a}/emissions?from=2025-03-01&to=2025-02-01`, 'to'],
      [`/v1/orgs/${a}/emissions?from=2025-01-01&to=2025-03-01&granularity=hour`, 'to'],
      [`/v1/orgs/${a}/emissions?from=2025-01-01&to=2025-03-01&granularity=week`, 'granularity'],
      [`/v1/orgs/${a}/emissions?from=2025-01-01&to=2025-03-01&limit=100000`, 'limit'],
      [`/v1/orgs/${a}/emissions?to=2025-03-01`, 'from'],
      [`/v1/orgs/${a}/account?month=2025-13`, 'month'],
      [`/v1/orgs/NOTANORG/account?month=2025-01`, 'orgId'],
      ['/v1/region/summary?from=2025-01-01&to=2025-02-01&groupBy=street', 'groupBy'],
      ['/v1/data-quality?from=2025-01-01&to=2025-03-01', 'to'],
    ];
    for (const [url, parameter] of cases) {
      const key =
        url.startsWith('/v1/region') || url.startsWith('/v1/data')
          ? api.keys.bureau
          : api.keys.orgA;
      const res = await call(url, key);
      expect(res.status, url).toBe(400);
      expect(
        res.body.problems.map((p: { parameter: string }) => p.parameter),
        url,
      ).toEqual([parameter]);
      expect(res.body.message, url).toContain(parameter);
    }
    const body = await call(`/v1/orgs/${a}/consents`, api.keys.orgA, {
      method: 'POST',
      body: JSON.stringify({ bankId: 'bank a', purpose: 'anything', expiresAt: 'soon' }),
    });
    expect(body.status).toBe(400);
    expect(body.body.problems.map((p: { parameter: string }) => p.parameter).sort()).toEqual([
      'bankId',
      'expiresAt',
      'purpose',
    ]);
  });

  it('authorization matrix: every endpoint × every kind of principal', async () => {
    await call(`/v1/orgs/${a}/consents`, api.keys.orgA, {
      method: 'POST',
      body: JSON.stringify({
        bankId: 'bank-a',
        purpose: 'carbon_linked_loan',
        expiresAt: '2099-01-01T00:00:00Z',
      }),
    });
    const q = 'from=2025-01-01&to=2025-02-01';
    // Expected status per principal: none, bureau, otherBureau, orgA (owner), orgB (not owner), bank (consented), otherBank.
    type Row = [string, string, number[], string?];
    const rows: Row[] = [
      ['GET', `/v1/orgs/${a}/emissions?${q}`, [401, 200, 403, 200, 403, 200, 404]],
      ['GET', `/v1/orgs/${a}/emission-lines?${q}&limit=1`, [401, 200, 403, 200, 403, 200, 404]],
      ['GET', `/v1/orgs/${a}/account?month=2025-01`, [401, 200, 403, 200, 403, 200, 404]],
      ['GET', `/v1/orgs/${a}/ledger`, [401, 200, 403, 200, 403, 200, 404]],
      ['GET', `/v1/orgs/${a}/coverage?${q}`, [401, 200, 403, 200, 403, 200, 404]],
      ['GET', `/v1/orgs/${a}/rejections?${q}`, [401, 200, 403, 200, 403, 403, 403]],
      ['GET', `/v1/region/summary?${q}`, [401, 200, 200, 403, 403, 403, 403]],
      ['GET', `/v1/region/top-emitters?${q}`, [401, 200, 200, 403, 403, 403, 403]],
      ['GET', '/v1/region/month-over-month?month=2025-02', [401, 200, 200, 403, 403, 403, 403]],
      ['GET', `/v1/data-quality?${q}`, [401, 200, 200, 200, 200, 403, 403]],
      ['GET', '/v1/me', [401, 200, 200, 200, 200, 200, 200]],
      ['GET', '/v1/banks/bank-a/orgs', [401, 403, 403, 403, 403, 200, 403]],
      ['GET', `/v1/orgs/${a}/consents`, [401, 403, 403, 200, 403, 403, 403]],
      [
        'POST',
        `/v1/orgs/${a}/consents`,
        [401, 403, 403, 201, 403, 403, 403],
        JSON.stringify({
          bankId: 'bank-c',
          purpose: 'carbon_linked_loan',
          expiresAt: '2099-01-01T00:00:00Z',
        }),
      ],
      ['DELETE', `/v1/orgs/${a}/consents/bank-c`, [401, 403, 403, 200, 403, 403, 403]],
      ['GET', `/v1/orgs/${a}/access-log`, [401, 403, 403, 200, 403, 403, 403]],
      ['GET', `/v1/orgs/${a}/projects`, [401, 403, 403, 200, 403, 403, 403]],
      [
        'POST',
        `/v1/orgs/${a}/projects`,
        [401, 403, 403, 201, 403, 403, 403],
        JSON.stringify({
          projectId: 'p1',
          name: 'P',
          meterIds: ['e1'],
          baselineTco2ePerMonth: 1,
          startMonth: '2025-01',
        }),
      ],
      [
        'GET',
        `/v1/banks/bank-a/orgs/${a}/profile?month=2025-02`,
        [401, 403, 403, 403, 403, 200, 403],
      ],
      [
        'GET',
        `/v1/banks/bank-a/orgs/${a}/profile.csv?month=2025-02`,
        [401, 403, 403, 403, 403, 200, 403],
      ],
      [
        'GET',
        `/v1/banks/bank-a/orgs/${a}/projects/p1/reduction?from=2025-01&to=2025-02`,
        [401, 403, 403, 403, 403, 404, 403],
      ],
    ];
    const principals = [
      undefined,
      api.keys.bureau,
      api.keys.otherBureau,
      api.keys.orgA,
      api.keys.orgB,
      api.keys.bank,
      api.keys.otherBank,
    ];
    const names = ['none', 'bureau', 'otherBureau', 'orgA', 'orgB', 'bank', 'otherBank'];
    const got: string[] = [];
    const want: string[] = [];
    for (const [method, url, statuses, body] of rows) {
      for (const [i, key] of principals.entries()) {
        const res = await call(url, key, { method, ...(body && { body }) });
        got.push(`${method} ${url} as ${names[i]}: ${res.status}`);
        want.push(`${method} ${url} as ${names[i]}: ${statuses[i]}`);
      }
    }
    expect(got).toEqual(want);
    // Each key learns who it is, and nothing more.
    const me = await Promise.all(
      [api.keys.bureau, api.keys.orgA, api.keys.bank].map(
        async (k) => (await call('/v1/me', k)).body,
      ),
    );
    expect(me.map((m) => m.principal)).toEqual([
      { kind: 'bureau', regionCode: '500237' },
      { kind: 'enterprise', orgIds: [a] },
      { kind: 'bank', bankId: 'bank-a' },
    ]);
    expect(me.every((m) => typeof m.keyId === 'string' && m.keyId.length > 0)).toBe(true);
    // The bureau of another region sees its own region (the outside org), not Wushan's.
    const other = await call(`/v1/region/top-emitters?${q}`, api.keys.otherBureau);
    expect(other.body.emitters.map((e: { orgId: string }) => e.orgId)).toEqual([outside]);
    expect(
      (await call('/v1/region/summary?from=2025-01-01&to=2025-02-01', 'wrong-key')).status,
    ).toBe(401);
  });

  it('serves OpenAPI 3 from the same schemas, docs, health and metrics', async () => {
    const doc = await call('/openapi.json');
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/orgs/{orgId}/emissions',
        '/v1/region/summary',
        '/v1/banks/{bankId}/orgs/{orgId}/profile',
      ]),
    );
    const groupBy = doc.body.paths['/v1/region/summary'].get.parameters.find(
      (p: { name: string }) => p.name === 'groupBy',
    );
    expect(groupBy.schema.enum).toEqual(['town', 'industry', 'type']);
    expect((await call('/docs/')).status).toBe(200);
    expect((await call('/healthz')).status).toBe(200);
    expect((await call('/metrics')).text).toMatch(/http_request_duration_seconds_bucket/);
  });

  it('rate limit per key: the key over its limit gets 429, another key is still served', async () => {
    const limited = await startQueryApi(
      ch.database,
      {
        one: { kind: 'bureau', regionCode: '500237' },
        two: { kind: 'bureau', regionCode: '500237' },
      },
      { RATE_LIMIT_PER_MINUTE: '3' },
    );
    try {
      const url = '/v1/region/month-over-month?month=2025-02';
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.call(url, limited.keys.one)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await limited.call(url, limited.keys.two)).status).toBe(200);
    } finally {
      await limited.api.stop();
    }
  });
});
