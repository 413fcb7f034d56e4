import { describe, expect, it } from 'vitest';
import { benchmarkFor, regionIndustryAverage } from './industry-average.js';

describe('industry average', () => {
  it('is the section total emissions over its total value added, orgs without value added left out', () => {
    const avg = regionIndustryAverage('C', '2025-03', [
      { orgId: 'a', tco2eLocation: 100, valueAddedCNY: 1_000_000 },
      { orgId: 'b', tco2eLocation: 300, valueAddedCNY: 500_000 },
      { orgId: 'c', tco2eLocation: 999 },
    ]);
    expect(avg?.intensity).toBeCloseTo(400 / 150, 12);
    expect(avg?.orgs).toBe(2);
    expect(avg?.basis).toContain('section C');
  });

  it('has none for orgs outside the registry or without any value added', () => {
    expect(
      regionIndustryAverage('', '2025-03', [{ orgId: 'a', tco2eLocation: 1, valueAddedCNY: 1 }]),
    ).toBeUndefined();
    expect(
      regionIndustryAverage('C', '2025-03', [{ orgId: 'a', tco2eLocation: 1 }]),
    ).toBeUndefined();
  });

  it('a month-specific configured benchmark beats a general one', () => {
    const benchmarks = [
      { section: 'C', intensity: 2, source: 'general' },
      { section: 'C', month: '2025-03', intensity: 1.5, source: 'march' },
    ];
    expect(benchmarkFor(benchmarks, 'C', '2025-03')?.intensity).toBe(1.5);
    expect(benchmarkFor(benchmarks, 'C', '2025-04')?.intensity).toBe(2);
    expect(benchmarkFor(benchmarks, 'D', '2025-04')).toBeUndefined();
  });
});
