import { type CarbonAssetMethodology, issuanceId } from './methodology.js';

/**
 * Intensity reduction: credits = (baseline intensity − actual intensity) × value added /
 * 10,000, when positive (DESIGN.md "Carbon assets"). Needs an agreed baseline and an
 * output report for the month.
 */
export const intensityReduction: CarbonAssetMethodology = {
  id: 'intensity-reduction',
  version: 1,
  description: 'Reduction of carbon intensity below the org baseline, times value added',
  issue(input) {
    const actual = input.account.intensityValueAdded;
    const { baselineIntensity, valueAddedCNY } = input;
    if (actual === undefined || baselineIntensity === undefined || !valueAddedCNY) return undefined;
    const tco2e = ((baselineIntensity - actual) * valueAddedCNY) / 10_000;
    if (!(tco2e > 0)) return undefined;
    return {
      id: issuanceId(input.orgId, this.id, input.month),
      orgId: input.orgId,
      methodologyId: this.id,
      methodologyVersion: this.version,
      month: input.month,
      tco2e,
      basis: `(${baselineIntensity} − ${actual}) tCO2e/10k CNY × ${valueAddedCNY} CNY / 10,000`,
      factors: [],
    };
  },
};
