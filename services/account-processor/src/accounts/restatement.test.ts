import { monthlyAccount } from '@carbon-account/accounting';
import { describe, expect, it } from 'vitest';
import { accountOfSums, accountRow } from './account-row.js';
import { accountChanges, nextAccountVersion } from './restatement.js';

const average = { intensity: 2.2, source: 'region' as const, orgs: 3, basis: 'test' };
const sums = [
  {
    scope: 1 as const,
    type: 'diesel' as const,
    tco2eLocation: 500,
    tco2eMarket: 500,
    tce: 200,
    activity: 160,
    lines: 2,
  },
  {
    scope: 2 as const,
    type: 'electricity' as const,
    tco2eLocation: 320,
    tco2eMarket: 300,
    tce: 40,
    activity: 600,
    lines: 720,
  },
];
const output = { reportId: 'r1', valueAddedCNY: 3_100_000, outputValueCNY: 9_000_000 };
const figures = (s = sums, o = output, avg = average) =>
  accountRow({
    account: accountOfSums({
      orgId: 'o',
      month: '2025-03',
      sums: s,
      output: o,
      industryAverage: avg,
    }),
    section: 'C',
    output: o,
    industryAverage: avg,
    pvGenerationMWh: 0,
    registryVersion: 1,
  });
const clock = { version: 100, computedAt: 1, monthOpen: false };
const openClock = { ...clock, monthOpen: true };

describe('account from sums', () => {
  it('equals monthlyAccount over the lines, with reading counts from the view', () => {
    const row = figures();
    const direct = monthlyAccount({
      orgId: 'o',
      month: '2025-03',
      lines: sums,
      output,
      industryAverageIntensity: 2.2,
    });
    expect(row.tco2e_location).toBe(820);
    expect(row.intensity_value_added).toBeCloseTo(direct.intensityValueAdded as number, 12);
    expect(row.k).toBeCloseTo(1.2023460410557185, 12);
    expect(row.grade).toBe(4);
    expect(row.lines).toBe(722);
    expect(JSON.parse(row.by_type).electricity.lines).toBe(720);
  });
});

describe('account diff → restatement', () => {
  it('the first computation is a version, not a restatement', () => {
    expect(nextAccountVersion(undefined, figures(), clock)).toMatchObject({
      restated: 0,
      restatement_note: '',
      version: 100,
    });
  });

  it('float noise below 1e-9 relative is no change: no new version', () => {
    const published = { ...figures(), version: 50, provisional: 0 };
    const noisy = figures(
      sums.map((s) => ({ ...s, tco2eLocation: s.tco2eLocation * (1 + 1e-13) })),
    );
    expect(accountChanges(published, noisy)).toEqual([]);
    expect(nextAccountVersion(published, noisy, clock)).toBeUndefined();
  });

  it('a late reading restates the month with a note naming the changed figures', () => {
    const published = { ...figures(), version: 50, provisional: 0 };
    const later = figures([
      sums[0] as (typeof sums)[0],
      { ...(sums[1] as (typeof sums)[0]), tco2eLocation: 420, lines: 721 },
    ]);
    const row = nextAccountVersion(published, later, clock);
    expect(row?.restated).toBe(1);
    expect(row?.restatement_note).toMatch(/^restated: /);
    expect(row?.restatement_note).toContain('lines 722 → 723');
    expect(row?.restatement_note).toContain('tco2e_location 820 → 920');
    expect(row?.restatement_note).toContain('electricity.tco2eLocation 320 → 420');
    expect(row?.version).toBe(100);
  });

  it('a corrected output report restates intensity, K and the report id; versions always increase', () => {
    const published = { ...figures(), version: 500, provisional: 0 };
    const row = nextAccountVersion(
      published,
      figures(sums, { ...output, reportId: 'r2', valueAddedCNY: 4_100_000 }),
      clock,
    );
    expect(row?.restatement_note).toContain("report_id 'r1' → 'r2'");
    expect(row?.restatement_note).toContain('value_added_cny 3100000 → 4100000');
    expect(row?.restatement_note).toMatch(/grade 4 → 3/);
    expect(row?.version).toBe(501);
  });

  it('while the month is open, versions fill the account in: provisional, never restated', () => {
    const first = nextAccountVersion(undefined, figures(), openClock);
    expect(first).toMatchObject({ provisional: 1, restated: 0 });
    const later = figures([
      sums[0] as (typeof sums)[0],
      { ...(sums[1] as (typeof sums)[0]), tco2eLocation: 420, lines: 721 },
    ]);
    const filled = nextAccountVersion(
      { ...figures(), version: 50, provisional: 1 },
      later,
      openClock,
    );
    expect(filled).toMatchObject({
      provisional: 1,
      restated: 0,
      restatement_note: '',
      version: 100,
    });
    // Nothing changed while open: nothing to write.
    expect(
      nextAccountVersion({ ...figures(), version: 50, provisional: 1 }, figures(), openClock),
    ).toBeUndefined();
  });

  it('the close writes a final version even with the same figures, not a restatement', () => {
    const closed = nextAccountVersion(
      { ...figures(), version: 50, provisional: 1 },
      figures(),
      clock,
    );
    expect(closed).toMatchObject({
      provisional: 0,
      restated: 0,
      restatement_note: '',
      version: 100,
    });
    // Once final, the same figures write nothing, and new ones are a restatement.
    expect(
      nextAccountVersion({ ...figures(), version: 100, provisional: 0 }, figures(), clock),
    ).toBeUndefined();
  });

  it('a final month stays final even if the close setting would call it open again', () => {
    const later = figures(sums, { ...output, reportId: 'r2' });
    const row = nextAccountVersion({ ...figures(), version: 50, provisional: 0 }, later, openClock);
    expect(row).toMatchObject({ provisional: 0, restated: 1 });
    expect(row?.restatement_note).toContain("report_id 'r1' → 'r2'");
  });
});
