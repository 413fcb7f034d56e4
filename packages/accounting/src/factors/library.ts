import shipped from '../../data/factors.json' with { type: 'json' };
import { type FactorRecord, factorRecord } from './records.js';
import { regionChain } from './regions.js';

export type GwpSet = 'AR5' | 'AR6';
export type GridBasis = 'average' | 'excl_market_nonfossil' | 'fossil';

export interface FactorLibraryOptions {
  /** Records from configuration: new ids are added; an existing id needs a higher version and replaces it. */
  overrides?: FactorRecord[];
  /**
   * Pinned records by "kind:key" (e.g. { "grid:average": "grid:CN-ETS:2022:average" }):
   * a pinned record is used for every reading, whatever its year or region.
   */
  pins?: Record<string, string>;
  /** One GWP set per inventory, never mixed (DESIGN.md). Default AR6. */
  gwpSet?: GwpSet;
}

export interface FuelFactor {
  record: FactorRecord;
  /** tCO2 per activity unit = NCV × CC × OF × 44/12. */
  tco2PerUnit: number;
  activityUnit: string;
}

export interface FactorLibrary {
  readonly gwpSet: GwpSet;
  records(): readonly FactorRecord[];
  byId(id: string): FactorRecord | undefined;
  gridFactorFor(regionCode: string, year: number, basis: GridBasis): FactorRecord;
  fuelFactorFor(fuel: string): FuelFactor;
  heatFactor(): FactorRecord;
  gwpFor(gas: 'ch4' | 'n2o'): FactorRecord;
  tceCoefficientFor(energy: string): FactorRecord | undefined;
}

/** 44/12: tonnes of CO2 per tonne of carbon, exact (molar masses 44 and 12). */
export const CO2_PER_CARBON = 44 / 12;

/** The shipped records (data/factors.json), validated. */
export function shippedFactorRecords(): FactorRecord[] {
  return shipped.records.map((r) => factorRecord.parse(r));
}

/**
 * Builds the factor library from the shipped records plus configuration. Lookup follows
 * DESIGN.md "Factor choice": for a reading dated in year Y, the newest record whose data
 * year ≤ Y in the most specific region that has one (province → grid region → national),
 * unless a pin names the record. With no record ≤ Y anywhere in the chain (a reading older
 * than every published figure), the oldest record of the most specific region is used.
 */
export function createFactorLibrary(options: FactorLibraryOptions = {}): FactorLibrary {
  const byId = new Map<string, FactorRecord>();
  for (const record of shippedFactorRecords()) byId.set(record.id, record);
  for (const record of options.overrides ?? []) {
    const existing = byId.get(record.id);
    if (existing && record.version <= existing.version) {
      throw new Error(
        `factor override ${record.id} has version ${record.version}; it must be above ${existing.version} to replace the shipped record`,
      );
    }
    byId.set(record.id, record);
  }
  const pins = new Map<string, FactorRecord>();
  for (const [slot, id] of Object.entries(options.pins ?? {})) {
    const record = byId.get(id);
    if (!record) throw new Error(`pinned factor ${slot} names unknown record ${id}`);
    if (`${record.kind}:${record.key}` !== slot)
      throw new Error(`pinned factor ${slot} names ${id}, a ${record.kind}:${record.key} record`);
    pins.set(slot, record);
  }
  const gwpSet = options.gwpSet ?? 'AR6';
  const all = [...byId.values()];
  const byKindKey = new Map<string, FactorRecord[]>();
  for (const record of all) {
    const slot = `${record.kind}:${record.key}`;
    byKindKey.set(slot, [...(byKindKey.get(slot) ?? []), record]);
  }
  const gridCache = new Map<string, FactorRecord>();

  const single = (slot: string, what: string): FactorRecord => {
    const pinned = pins.get(slot);
    if (pinned) return pinned;
    const candidates = byKindKey.get(slot) ?? [];
    const record =
      candidates.find((r) => r.region === 'CN' || r.region === 'IPCC') ?? candidates[0];
    if (!record) throw new Error(`no factor record for ${what}`);
    return record;
  };

  return {
    gwpSet,
    records: () => all,
    byId: (id) => byId.get(id),
    gridFactorFor(regionCode, year, basis) {
      const slot = `grid:${basis}`;
      const pinned = pins.get(slot);
      if (pinned) return pinned;
      const cacheKey = `${regionCode}|${year}|${basis}`;
      const cached = gridCache.get(cacheKey);
      if (cached) return cached;
      const candidates = byKindKey.get(slot) ?? [];
      let chosen: FactorRecord | undefined;
      let oldestOfMostSpecific: FactorRecord | undefined;
      for (const region of regionChain(regionCode)) {
        const inRegion = candidates.filter((r) => r.region === region);
        if (inRegion.length === 0) continue;
        oldestOfMostSpecific ??= inRegion.reduce((a, b) =>
          (a.dataYear ?? 0) <= (b.dataYear ?? 0) ? a : b,
        );
        const eligible = inRegion.filter((r) => (r.dataYear ?? 0) <= year);
        if (eligible.length === 0) continue;
        chosen = eligible.reduce((a, b) => ((a.dataYear ?? 0) >= (b.dataYear ?? 0) ? a : b));
        break;
      }
      chosen ??= oldestOfMostSpecific;
      if (!chosen) throw new Error(`no ${basis} grid factor for region ${regionCode}`);
      gridCache.set(cacheKey, chosen);
      return chosen;
    },
    fuelFactorFor(fuel) {
      const record = single(`fuel:${fuel}`, `fuel ${fuel}`);
      const p = record.params;
      if (!p || !record.activityUnit) throw new Error(`fuel record ${record.id} lacks parameters`);
      return {
        record,
        tco2PerUnit: p.ncvGJPerUnit * (p.ccTCPerTJ / 1000) * p.oxidationRate * CO2_PER_CARBON,
        activityUnit: record.activityUnit,
      };
    },
    heatFactor: () => single('heat:purchased_heat', 'purchased heat'),
    gwpFor(gas) {
      const key = gas === 'ch4' && gwpSet === 'AR6' ? `${gwpSet}:ch4_fossil` : `${gwpSet}:${gas}`;
      return single(`gwp:${key}`, `GWP ${key}`);
    },
    tceCoefficientFor(energy) {
      const slot = `tce:${energy}`;
      return pins.get(slot) ?? byKindKey.get(slot)?.[0];
    },
  };
}
