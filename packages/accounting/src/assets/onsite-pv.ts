import { refOf } from '../factors/records.js';
import { type CarbonAssetMethodology, issuanceId } from './methodology.js';

/**
 * On-site PV: credits = generation (MWh) × the grid average factor of that month for the
 * org's region (DESIGN.md "Carbon assets"): the grid power the panels displaced.
 */
export const onsitePv: CarbonAssetMethodology = {
  id: 'onsite-pv',
  version: 1,
  description: 'On-site photovoltaic generation times the grid average emission factor',
  issue(input) {
    const mwh = input.pvGenerationMWh ?? 0;
    if (!(mwh > 0)) return undefined;
    const year = Number(input.month.slice(0, 4));
    const factor = input.library.gridFactorFor(input.regionCode, year, 'average');
    return {
      id: issuanceId(input.orgId, this.id, input.month),
      orgId: input.orgId,
      methodologyId: this.id,
      methodologyVersion: this.version,
      month: input.month,
      tco2e: mwh * (factor.value ?? 0),
      basis: `${mwh} MWh × ${factor.value} tCO2/MWh (${factor.id})`,
      factors: [refOf(factor)],
    };
  },
};
