import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issuancesFor, newIssuances } from './assets/issuance.js';
import { ENERGY_TYPES } from './energy-types.js';
import { createFactorLibrary } from './factors/library.js';
import { carbonEfficiencyGrade, intensityBand } from './intensity.js';
import { monthlyAccount } from './monthly-account.js';
import { activityIn } from './units.js';

const library = createFactorLibrary();

describe('properties', () => {
  it('unit conversions round-trip (kWh ↔ MWh ↔ GJ, kg ↔ t, m3 ↔ 10^4 Nm3)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (q) => {
        const mwh = activityIn('electricity', q, 'kWh', 'MWh');
        expect(
          Math.abs(activityIn('electricity', mwh, 'MWh', 'MWh') * 1000 - q),
        ).toBeLessThanOrEqual(1e-9 * q + 1e-12);
        const gj = activityIn('heat', q, 'MJ', 'GJ');
        expect(Math.abs(gj * 1000 - q)).toBeLessThanOrEqual(1e-9 * q + 1e-12);
        const t = activityIn('raw_coal', q, 'kg', 't');
        expect(Math.abs(t * 1000 - q)).toBeLessThanOrEqual(1e-9 * q + 1e-12);
        const n = activityIn('natural_gas', q, 'm3', '10^4 Nm3');
        expect(Math.abs(n * 1e4 - q)).toBeLessThanOrEqual(1e-9 * q + 1e-12);
      }),
    );
  });

  it('account totals equal the sum of their parts, by scope and by type', () => {
    const line = fc.record({
      scope: fc.constantFrom(0 as const, 1 as const, 2 as const),
      type: fc.constantFrom(...ENERGY_TYPES),
      tco2eLocation: fc.double({ min: 0, max: 1e4, noNaN: true }),
      tco2eMarket: fc.double({ min: 0, max: 1e4, noNaN: true }),
      tce: fc.double({ min: 0, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines) => {
        const account = monthlyAccount({ orgId: 'o', month: '2025-03', lines });
        const sum = lines.reduce((s, l) => s + l.tco2eLocation, 0);
        const byScope = Object.values(account.byScope).reduce((s, t) => s + t.tco2eLocation, 0);
        const byType = Object.values(account.byType).reduce((s, t) => s + t.tco2eLocation, 0);
        for (const v of [account.total.tco2eLocation, byScope, byType]) {
          expect(Math.abs(v - sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, sum));
        }
        expect(account.total.lines).toBe(lines.length);
      }),
    );
  });

  it('the grade never improves as K grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(carbonEfficiencyGrade(lo)).toBeLessThanOrEqual(carbonEfficiencyGrade(hi));
        },
      ),
    );
  });

  it('issuing a month twice issues once', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (pv, baseline) => {
          const account = monthlyAccount({
            orgId: '91500237MA5U7T2K1X',
            month: '2025-03',
            lines: [{ scope: 2, type: 'electricity', tco2eLocation: 10, tco2eMarket: 10, tce: 1 }],
            output: { valueAddedCNY: 1_000_000, outputValueCNY: 2_000_000 },
          });
          const input = {
            orgId: account.orgId,
            month: account.month,
            regionCode: '500237',
            account,
            valueAddedCNY: 1_000_000,
            baselineIntensity: baseline,
            pvGenerationMWh: pv,
            library,
          };
          const first = newIssuances(issuancesFor(input), new Set());
          const ledger = new Set(first.map((i) => i.id));
          expect(newIssuances(issuancesFor(input), ledger)).toEqual([]);
          expect(new Set(first.map((i) => i.id)).size).toBe(first.length);
        },
      ),
    );
  });
});

describe('monthly account worked example', () => {
  it('820 tCO2e and 3,100,000 CNY value added against an industry average of 2.2', () => {
    const account = monthlyAccount({
      orgId: 'o',
      month: '2025-03',
      lines: [{ scope: 1, type: 'raw_coal', tco2eLocation: 820, tco2eMarket: 820, tce: 300 }],
      output: { valueAddedCNY: 3_100_000, outputValueCNY: 12_500_000 },
      industryAverageIntensity: 2.2,
    });
    expect(Math.abs((account.intensityValueAdded ?? 0) - 2.64516129032258)).toBeLessThanOrEqual(
      1e-9 * 2.645,
    );
    expect(account.band).toBe('high');
    expect(Math.abs((account.k ?? 0) - 1.2023460410557185)).toBeLessThanOrEqual(1e-9 * 1.2);
    expect(account.grade).toBe(4);
    expect(intensityBand(0.6)).toBe('low');
    expect(intensityBand(2.0)).toBe('medium');
  });
});
