/**
 * Carbon intensity: tCO2e per 10,000 CNY (DESIGN.md; the unit Chinese intensity targets
 * and the Huzhou carbon-efficiency method use). Undefined when there is no denominator.
 */
export function carbonIntensity(tco2e: number, cny: number): number | undefined {
  if (!(cny > 0)) return undefined;
  return tco2e / (cny / 10_000);
}

export type IntensityBand = 'low' | 'medium' | 'high';

/** Intensity band per tCO2e/10,000 CNY of value added: low ≤ 0.6 < medium ≤ 2.0 < high (shared/reference README). */
export function intensityBand(intensity: number): IntensityBand {
  if (intensity <= 0.6) return 'low';
  if (intensity <= 2.0) return 'medium';
  return 'high';
}

export type CarbonEfficiencyGrade = 1 | 2 | 3 | 4 | 5;

/**
 * Carbon-efficiency grade by K = org intensity ÷ industry average intensity (Huzhou
 * method, Zhejiang DB33/T 1347-2023 family): 1 K ≤ 0.6, 2 ≤ 0.8, 3 ≤ 1.2, 4 ≤ 2.0, 5 above.
 */
export function carbonEfficiencyGrade(k: number): CarbonEfficiencyGrade {
  if (k <= 0.6) return 1;
  if (k <= 0.8) return 2;
  if (k <= 1.2) return 3;
  if (k <= 2.0) return 4;
  return 5;
}
