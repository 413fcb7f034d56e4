import type { EnergyType, ReadingSource } from '@carbon-account/accounting';
import type { LoadShapeName, SeasonName } from './load-shapes.js';

/** A fuel or purchased heat delivered and reported once a month. */
export interface MonthlyDelivery {
  type: EnergyType;
  unit: string;
  meterId: string;
  source: ReadingSource;
  /** Share of the org's emissions this carrier stands for. */
  share: number;
  densityKgPerL?: number;
  steamEnthalpyKJPerKg?: number;
  /** Decimal places the org reports the quantity with. */
  decimals: number;
}

/**
 * An industry typical of Wushan County, with a GB/T 4754-2017 class code. The intensities
 * (tCO2e per 10,000 CNY of value added) and energy mixes are plausible orders of magnitude
 * chosen for the simulation, not statistics: cement is an order of magnitude above light
 * industry, services are lowest.
 */
export interface Industry {
  key: string;
  code: string;
  /** Word in the enterprise name, e.g. 水泥 in 巫山县某某水泥有限公司. */
  nameWord: string;
  /** Relative number of enterprises of this industry. */
  weight: number;
  intensity: number;
  /** Value added ÷ output value. */
  valueAddedRatio: number;
  /** Monthly value added, CNY: a small and a large enterprise (sizes are log-uniform between). */
  valueAddedRange: [number, number];
  /** Share of the org's emissions from purchased electricity. */
  electricityShare: number;
  deliveries: MonthlyDelivery[];
  load: LoadShapeName;
  season: SeasonName;
  /** Chance that a plant measures its stack CO2 by CEMS (then its coal is not reported separately). */
  cemsChance: number;
  /** Chance of a rooftop PV installation. */
  pvChance: number;
  /** Chance of buying green electricity. */
  greenChance: number;
}

const coal = (share: number): MonthlyDelivery => ({
  type: 'raw_coal',
  unit: 't',
  meterId: 'coal-1',
  source: 'enterprise',
  share,
  decimals: 2,
});
const gas = (share: number): MonthlyDelivery => ({
  type: 'natural_gas',
  unit: 'm3',
  meterId: 'gas-1',
  source: 'platform',
  share,
  decimals: 0,
});
const dieselT = (share: number): MonthlyDelivery => ({
  type: 'diesel',
  unit: 't',
  meterId: 'diesel-1',
  source: 'enterprise',
  share,
  decimals: 3,
});
// Typical densities of road fuels (kg/L) and saturated steam at about 1 MPa (kJ/kg).
const dieselL = (share: number): MonthlyDelivery => ({
  type: 'diesel',
  unit: 'L',
  meterId: 'diesel-1',
  source: 'enterprise',
  share,
  densityKgPerL: 0.84,
  decimals: 0,
});
const gasolineL = (share: number): MonthlyDelivery => ({
  type: 'gasoline',
  unit: 'L',
  meterId: 'gasoline-1',
  source: 'enterprise',
  share,
  densityKgPerL: 0.73,
  decimals: 0,
});
const steam = (share: number): MonthlyDelivery => ({
  type: 'steam',
  unit: 't',
  meterId: 'steam-1',
  source: 'enterprise',
  share,
  steamEnthalpyKJPerKg: 2778,
  decimals: 1,
});
const lpg = (share: number): MonthlyDelivery => ({
  type: 'lpg',
  unit: 'kg',
  meterId: 'lpg-1',
  source: 'enterprise',
  share,
  decimals: 0,
});

/** In the order the first enterprises take them, so even a handful of orgs spans the range (cement with CEMS first). */
export const INDUSTRIES: readonly Industry[] = [
  {
    key: 'cement',
    code: 'C3011',
    nameWord: '水泥',
    weight: 1,
    intensity: 8,
    valueAddedRatio: 0.28,
    valueAddedRange: [3e6, 2.5e7],
    electricityShare: 0.12,
    deliveries: [coal(0.85), dieselT(0.03)],
    load: 'continuous',
    season: 'construction',
    cemsChance: 0.5,
    pvChance: 0,
    greenChance: 0,
  },
  {
    key: 'fruit_processing',
    code: 'C1373',
    nameWord: '食品',
    weight: 4,
    intensity: 0.45,
    valueAddedRatio: 0.3,
    valueAddedRange: [2e5, 4e6],
    electricityShare: 0.6,
    deliveries: [gas(0.3), dieselT(0.1)],
    load: 'oneShift',
    season: 'harvest',
    cemsChance: 0,
    pvChance: 0.25,
    greenChance: 0.1,
  },
  {
    key: 'hotel',
    code: 'H6110',
    nameWord: '酒店',
    weight: 4,
    intensity: 0.35,
    valueAddedRatio: 0.5,
    valueAddedRange: [1e5, 3e6],
    electricityShare: 0.7,
    deliveries: [gas(0.2), lpg(0.1)],
    load: 'hotel',
    season: 'tourism',
    cemsChance: 0,
    pvChance: 0.15,
    greenChance: 0.15,
  },
  {
    key: 'textiles',
    code: 'C1711',
    nameWord: '纺织',
    weight: 2,
    intensity: 1.0,
    valueAddedRatio: 0.22,
    valueAddedRange: [3e5, 5e6],
    electricityShare: 0.55,
    deliveries: [steam(0.35), gas(0.1)],
    load: 'twoShifts',
    season: 'flat',
    cemsChance: 0,
    pvChance: 0.3,
    greenChance: 0.2,
  },
  {
    key: 'pharmaceuticals',
    code: 'C2740',
    nameWord: '药业',
    weight: 2,
    intensity: 0.4,
    valueAddedRatio: 0.38,
    valueAddedRange: [5e5, 8e6],
    electricityShare: 0.5,
    deliveries: [steam(0.3), gas(0.2)],
    load: 'twoShifts',
    season: 'flat',
    cemsChance: 0,
    pvChance: 0.3,
    greenChance: 0.3,
  },
  {
    key: 'logistics',
    code: 'G5431',
    nameWord: '物流',
    weight: 3,
    intensity: 1.2,
    valueAddedRatio: 0.35,
    valueAddedRange: [1e5, 2e6],
    electricityShare: 0.15,
    deliveries: [dieselL(0.75), gasolineL(0.1)],
    load: 'depot',
    season: 'flat',
    cemsChance: 0,
    pvChance: 0.2,
    greenChance: 0.05,
  },
  {
    key: 'liquor',
    code: 'C1512',
    nameWord: '酒业',
    weight: 1,
    intensity: 0.6,
    valueAddedRatio: 0.45,
    valueAddedRange: [3e5, 5e6],
    electricityShare: 0.35,
    deliveries: [gas(0.6), dieselT(0.05)],
    load: 'twoShifts',
    season: 'flat',
    cemsChance: 0,
    pvChance: 0.1,
    greenChance: 0.1,
  },
  {
    key: 'data_services',
    code: 'I6450',
    nameWord: '数据科技',
    weight: 1,
    intensity: 1.5,
    valueAddedRatio: 0.55,
    valueAddedRange: [2e5, 3e6],
    electricityShare: 0.97,
    deliveries: [dieselL(0.03)],
    load: 'continuous',
    season: 'cooling',
    cemsChance: 0,
    pvChance: 0.2,
    greenChance: 0.5,
  },
  {
    key: 'building_materials',
    code: 'C3031',
    nameWord: '建材',
    weight: 2,
    intensity: 3,
    valueAddedRatio: 0.3,
    valueAddedRange: [2e5, 3e6],
    electricityShare: 0.2,
    deliveries: [coal(0.75), dieselT(0.05)],
    load: 'oneShift',
    season: 'construction',
    cemsChance: 0,
    pvChance: 0.1,
    greenChance: 0,
  },
];

/** Towns and subdistricts of Wushan County (巫山县) where the simulated enterprises sit; the county seat first. */
export const WUSHAN_TOWNS: readonly string[] = [
  '高唐街道',
  '龙门街道',
  '巫峡镇',
  '大昌镇',
  '福田镇',
  '庙宇镇',
  '官渡镇',
  '骡坪镇',
  '双龙镇',
  '龙溪镇',
  '抱龙镇',
  '铜鼓镇',
  '官阳镇',
];

/** Administrative division code of Wushan County, Chongqing. */
export const WUSHAN_REGION_CODE = '500237';
