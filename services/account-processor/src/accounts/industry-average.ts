/** The industry average intensity an org's K is measured against, and where it came from. */
export interface IndustryAverage {
  /** tCO2e (location-based) per 10,000 CNY of value added. */
  intensity: number;
  source: 'region' | 'benchmark';
  /** Orgs whose data made the average (0 for a configured benchmark). */
  orgs: number;
  /** In words, with the figures, for whoever must trust the grade. */
  basis: string;
}

export interface SectionMember {
  orgId: string;
  tco2eLocation: number;
  valueAddedCNY?: number;
}

export interface IndustryBenchmark {
  section: string;
  /** YYYY-MM; absent = every month without a month-specific benchmark. */
  month?: string;
  intensity: number;
  source: string;
}

/**
 * Industry average of a GB/T 4754 section in a month from the region's own data: the
 * section's total location-based emissions ÷ its total value added (per 10,000 CNY), over
 * the orgs of the section that reported value added that month. A ratio of sums, not a mean
 * of ratios, so a small org with an extreme intensity does not move the average more than
 * its economic weight (the way regional intensity statistics are formed).
 */
export function regionIndustryAverage(
  section: string,
  month: string,
  members: readonly SectionMember[],
): IndustryAverage | undefined {
  if (section === '') return undefined;
  let tco2e = 0;
  let valueAdded = 0;
  let orgs = 0;
  for (const m of members) {
    if (!(m.valueAddedCNY && m.valueAddedCNY > 0)) continue;
    tco2e += m.tco2eLocation;
    valueAdded += m.valueAddedCNY;
    orgs++;
  }
  if (!(valueAdded > 0) || !(tco2e > 0)) return undefined;
  const intensity = tco2e / (valueAdded / 10_000);
  return {
    intensity,
    source: 'region',
    orgs,
    basis: `region data, section ${section}, ${month}: ${tco2e} tCO2e ÷ ${valueAdded / 10_000} ×10,000 CNY value added of ${orgs} orgs`,
  };
}

/** A configured benchmark for the section and month (a month-specific one before a general one). */
export function benchmarkFor(
  benchmarks: readonly IndustryBenchmark[],
  section: string,
  month: string,
): IndustryAverage | undefined {
  const forSection = benchmarks.filter((b) => b.section === section);
  const chosen =
    forSection.find((b) => b.month === month) ?? forSection.find((b) => b.month === undefined);
  if (!chosen) return undefined;
  return {
    intensity: chosen.intensity,
    source: 'benchmark',
    orgs: 0,
    basis: `configured benchmark for section ${section}${chosen.month ? `, ${chosen.month}` : ''}: ${chosen.intensity} tCO2e/10,000 CNY (${chosen.source})`,
  };
}
