import gridRegions from '../../data/grid-regions.json' with { type: 'json' };
import { provinceOf } from '../uscc.js';

const gridOfProvince = new Map<string, string>();
for (const [grid, entry] of Object.entries(gridRegions.grids)) {
  for (const province of entry.provinces) gridOfProvince.set(province, grid);
}

/**
 * The regions to look a factor up in, most specific first: the province of the org's
 * division code, its regional grid, then the nation (DESIGN.md "Factor choice").
 */
export function regionChain(regionCode: string): string[] {
  const province = provinceOf(regionCode);
  const grid = gridOfProvince.get(province);
  return grid ? [province, grid, 'CN'] : [province, 'CN'];
}
