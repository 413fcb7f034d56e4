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
// A closed month, recomputed by its ledger writer at t = 1000 s with a 600 s settle period.
const clock = { version: 100, computedAt: 1000, mayFinalize: true, settledBefore: 400 };
const openClock = { ...clock, mayFinalize: false };
const stored = (provisional: number, computedAt = 300, version = 50) => ({
  ...figures(),
  version,
  provisional,
  computed_at: computedAt,
});
const lateReading = () =>
  figures([
    sums[0] as (typeof sums)[0],
    { ...(sums[1] as (typeof sums)[0]), tco2eLocation: 420, lines: 721 },
  ]);

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
  it('the first computation is a provisional version, not a restatement, even in a closed month', () => {
    for (const c of [clock, openClock])
      expect(nextAccountVersion(undefined, figures(), c)).toMatchObject({
        provisional: 1,
        restated: 0,
        restatement_note: '',
        version: 100,
      });
  });

  it('float noise below 1e-9 relative is no change: no new version', () => {
    const noisy = figures(
      sums.map((s) => ({ ...s, tco2eLocation: s.tco2eLocation * (1 + 1e-13) })),
    );
    expect(accountChanges(stored(0), noisy)).toEqual([]);
    expect(nextAccountVersion(stored(0), noisy, clock)).toBeUndefined();
  });

  it('a late reading restates a final month with a note naming the changed figures', () => {
    const row = nextAccountVersion(stored(0), lateReading(), clock);
    expect(row?.provisional).toBe(0);
    expect(row?.restated).toBe(1);
    expect(row?.restatement_note).toMatch(/^restated: /);
    expect(row?.restatement_note).toContain('lines 722 → 723');
    expect(row?.restatement_note).toContain('tco2e_location 820 → 920');
    expect(row?.restatement_note).toContain('electricity.tco2eLocation 320 → 420');
    expect(row?.version).toBe(100);
  });

  it('a corrected output report restates intensity, K and the report id; versions always increase', () => {
    const row = nextAccountVersion(
      stored(0, 300, 500),
      figures(sums, { ...output, reportId: 'r2', valueAddedCNY: 4_100_000 }),
      clock,
    );
    expect(row?.restatement_note).toContain("report_id 'r1' → 'r2'");
    expect(row?.restatement_note).toContain('value_added_cny 3100000 → 4100000');
    expect(row?.restatement_note).toMatch(/grade 4 → 3/);
    expect(row?.version).toBe(501);
  });

  it('while the month is open, versions fill the account in: provisional, never restated', () => {
    expect(nextAccountVersion(stored(1), lateReading(), openClock)).toMatchObject({
      provisional: 1,
      restated: 0,
      restatement_note: '',
      version: 100,
    });
    // Nothing changed: nothing to write, however long ago the account last changed.
    expect(nextAccountVersion(stored(1, 0), figures(), openClock)).toBeUndefined();
  });

  it('after the close, data still streaming in (a history load) keeps the account provisional', () => {
    expect(nextAccountVersion(stored(1), lateReading(), clock)).toMatchObject({
      provisional: 1,
      restated: 0,
    });
    // Unchanged, but changed less than the settle period ago: not final yet.
    expect(nextAccountVersion(stored(1, 401), figures(), clock)).toBeUndefined();
  });

  it('settled after the close, the ledger writer writes a final version with the same figures', () => {
    const final = nextAccountVersion(stored(1, 400), figures(), clock);
    expect(final).toMatchObject({
      provisional: 0,
      restated: 0,
      restatement_note: '',
      version: 100,
      tco2e_location: 820,
    });
    // Another instance (not the org's ledger writer) never finalizes.
    expect(nextAccountVersion(stored(1, 0), figures(), { ...clock, mayFinalize: false })).toBe(
      undefined,
    );
    // Once final, the same figures write nothing.
    expect(nextAccountVersion(stored(0, 1000, 100), figures(), clock)).toBeUndefined();
  });

  it('a new agreed baseline restates the month; a baseline written before it was recorded is no change', () => {
    const withBaseline = { ...figures(), baseline_intensity: 2.5 };
    const recorded = { ...stored(0), baseline_intensity: 2.5 };
    const row = nextAccountVersion(recorded, { ...withBaseline, baseline_intensity: 3 }, clock);
    expect(row).toMatchObject({ provisional: 0, restated: 1 });
    expect(row?.restatement_note).toBe('restated: baseline_intensity 2.5 → 3');
    const unrecorded = { ...stored(0), baseline_intensity: -1 };
    expect(nextAccountVersion(unrecorded, withBaseline, clock)).toBeUndefined();
  });

  it('a final month stays final even if the close setting would call it open again', () => {
    const later = figures(sums, { ...output, reportId: 'r2' });
    const row = nextAccountVersion(stored(0), later, openClock);
    expect(row).toMatchObject({ provisional: 0, restated: 1 });
    expect(row?.restatement_note).toContain("report_id 'r1' → 'r2'");
  });

  it('a provisional version that landed after a final one: the next is final, told against the final figures', () => {
    // Another instance wrote the late reading's figures as provisional just as the owner
    // wrote the final version.
    const racing = { ...lateReading(), version: 60, provisional: 1, computed_at: 300 };
    const withFinal = { ...racing, lastFinal: figures() };
    const restated = nextAccountVersion(withFinal, lateReading(), openClock);
    expect(restated).toMatchObject({ provisional: 0, restated: 1, version: 100 });
    expect(restated?.restatement_note).toContain('tco2e_location 820 → 920');
    // Recomputed back to the final figures: final again, nothing restated.
    expect(nextAccountVersion(withFinal, figures(), openClock)).toMatchObject({
      provisional: 0,
      restated: 0,
      tco2e_location: 820,
    });
  });
});
