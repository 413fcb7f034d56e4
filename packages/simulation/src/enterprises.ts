import {
  createFactorLibrary,
  type EnergyType,
  emissionOf,
  type FactorLibrary,
  withUsccCheckCharacter,
} from '@carbon-account/accounting';
import type { OrgRecord } from '@carbon-account/schemas';
import { INDUSTRIES, type Industry, WUSHAN_REGION_CODE, WUSHAN_TOWNS } from './industries.js';
import { uniform } from './noise.js';

/** One simulated enterprise: its registry record and how it uses energy. */
export interface SimulatedEnterprise {
  index: number;
  org: OrgRecord;
  industry: Industry;
  /** Mean monthly value added, CNY. */
  monthlyValueAddedCNY: number;
  /**
   * The org's intensity ÷ its industry's (lognormal around 1), so K and grades spread
   * over 1–5 as they do in a real region.
   */
  efficiency: number;
  /** Mean monthly emissions the energy use is sized for, tCO2e. */
  monthlyTco2e: number;
  /** Mean monthly purchased electricity, kWh (all meters). */
  monthlyKWh: number;
  /** 'hour' or '15min' metering of electricity. */
  electricityInterval: '15min' | 'hour';
  /** Electricity meters and the share of consumption each measures. */
  electricityMeters: { meterId: string; share: number }[];
  /** Share of electricity bought as green power (0 when none). */
  greenShare: number;
  /** Rooftop PV peak power, kW (0 when none). */
  pvKw: number;
  /** Mean monthly stack CO2 measured by CEMS, t (0 when the plant has no CEMS). */
  cemsMonthlyCo2T: number;
  /** Mean monthly quantity of each monthly delivery, in its unit. */
  deliveries: { delivery: Industry['deliveries'][number]; monthlyQuantity: number }[];
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const TRADE_NAMES = [
  '峡江',
  '神女',
  '龙骨',
  '红叶',
  '脆李',
  '大宁',
  '云雨',
  '望霞',
  '翠屏',
  '朝云',
  '聚鹤',
  '松峦',
  '集仙',
  '净坛',
  '起云',
  '上升',
  '飞凤',
  '登龙',
  '圣泉',
  '青石',
  '小三峡',
  '巫溪',
  '江东',
  '南陵',
  '早阳',
];
const NAME_TAILS = ['', '新', '宏', '源', '达', '兴', '盛', '丰'];
const FIRM_FORMS = ['有限公司', '有限责任公司', '股份有限公司'];

// Stream numbers of the draws that shape an enterprise (noise.ts: draws are keyed by purpose).
const DRAW = {
  industry: 1,
  town: 2,
  size: 3,
  efficiency: 4,
  efficiency2: 5,
  interval: 6,
  green: 7,
  greenShare: 8,
  pv: 9,
  pvSize: 10,
  cems: 11,
  baseline: 12,
  baselineLevel: 13,
  name: 14,
  nameTail: 15,
  firmForm: 16,
  code: 17,
} as const;

function industryFor(index: number, seed: number): Industry {
  if (index < INDUSTRIES.length) return INDUSTRIES[index] as Industry;
  const total = INDUSTRIES.reduce((s, i) => s + i.weight, 0);
  let r = uniform(seed, index, DRAW.industry) * total;
  for (const industry of INDUSTRIES) {
    r -= industry.weight;
    if (r < 0) return industry;
  }
  return INDUSTRIES[0] as Industry;
}

/** Characters 9–17: the organisation code part; new codes since 2015 begin with MA. */
function organisationCode(seed: number, index: number, attempt: number): string {
  let code = 'MA';
  for (let i = 0; i < 7; i++) {
    code += ALPHABET.charAt(Math.floor(uniform(seed, index, DRAW.code, attempt, i) * 31));
  }
  return code;
}

/** Emissions (tCO2e) of one unit of a carrier, as the accounting core computes them. */
function tco2ePerUnit(
  library: FactorLibrary,
  orgId: string,
  type: EnergyType,
  unit: string,
  extras: { densityKgPerL?: number; steamEnthalpyKJPerKg?: number } = {},
): number {
  return emissionOf(
    { orgId, type, quantity: 1, unit, periodStart: '2025-01-01T00:00:00+08:00', ...extras },
    library,
  ).tco2eLocation;
}

// A year of CH4 from a kiln is tiny next to its CO2; CEMS plants report it too.
export const CEMS_CH4_KG_PER_T_CO2 = 0.02;

/**
 * The first `n` simulated enterprises of Wushan County for a seed: the same seed always
 * gives the same enterprises, and the first n of a larger set are the n of a smaller one.
 */
export function simulatedEnterprises(n: number, seed: number): SimulatedEnterprise[] {
  const library = createFactorLibrary();
  const codes = new Set<string>();
  const names = new Set<string>();
  const out: SimulatedEnterprise[] = [];
  for (let index = 0; index < n; index++) {
    const draw = (purpose: number, extra = 0) => uniform(seed, index, purpose, extra);
    const industry = industryFor(index, seed);
    let orgId = '';
    for (let attempt = 0; !orgId || codes.has(orgId); attempt++) {
      orgId = withUsccCheckCharacter(
        `91${WUSHAN_REGION_CODE}${organisationCode(seed, index, attempt)}`,
      );
    }
    codes.add(orgId);
    const town = WUSHAN_TOWNS[
      // The county seat's two subdistricts hold more enterprises than the rural towns.
      draw(DRAW.town) < 0.35
        ? Math.floor(draw(DRAW.town, 1) * 2)
        : Math.floor(draw(DRAW.town, 2) * WUSHAN_TOWNS.length)
    ] as string;
    let name = '';
    for (let attempt = 0; !name || names.has(name); attempt++) {
      const trade = TRADE_NAMES[
        Math.floor(draw(DRAW.name, attempt) * TRADE_NAMES.length)
      ] as string;
      const tail = NAME_TAILS[
        Math.floor(draw(DRAW.nameTail, attempt) * NAME_TAILS.length)
      ] as string;
      const form = FIRM_FORMS[
        Math.floor(draw(DRAW.firmForm, attempt) * FIRM_FORMS.length)
      ] as string;
      const branch = attempt >= 8 ? `${town}分` : '';
      name = `巫山县${trade}${tail}${industry.nameWord}${branch}${form}`;
      if (attempt > 64) name = `${name}（${index}）`;
    }
    names.add(name);

    const [small, large] = industry.valueAddedRange;
    const monthlyValueAddedCNY = small * (large / small) ** draw(DRAW.size);
    const normal =
      Math.sqrt(-2 * Math.log(1 - draw(DRAW.efficiency))) *
      Math.cos(2 * Math.PI * draw(DRAW.efficiency2));
    const efficiency = Math.exp(0.35 * normal);
    const monthlyTco2e = (industry.intensity * efficiency * monthlyValueAddedCNY) / 10_000;

    const isCems =
      industry.cemsChance > 0 && (index === 0 || draw(DRAW.cems) < industry.cemsChance);
    const electricityPerKWh = tco2ePerUnit(library, orgId, 'electricity', 'kWh');
    const monthlyKWh = (monthlyTco2e * industry.electricityShare) / electricityPerKWh;
    const deliveries = industry.deliveries
      // A CEMS plant's kiln fuel is inside its measured stack CO2.
      .filter((d) => !(isCems && d.type === 'raw_coal'))
      .map((delivery) => ({
        delivery,
        monthlyQuantity:
          (monthlyTco2e * delivery.share) /
          tco2ePerUnit(library, orgId, delivery.type, delivery.unit, delivery),
      }));
    const cemsShare = isCems
      ? industry.deliveries.filter((d) => d.type === 'raw_coal').reduce((s, d) => s + d.share, 0)
      : 0;
    const large15min = monthlyValueAddedCNY > Math.sqrt(small * large);
    const hasPv = draw(DRAW.pv) < industry.pvChance;
    const green = draw(DRAW.green) < industry.greenChance;
    const hasBaseline = draw(DRAW.baseline) < 0.4;
    const org: OrgRecord = {
      orgId,
      name,
      industryCode: industry.code,
      town,
      regionCode: WUSHAN_REGION_CODE,
    };
    if (hasBaseline) {
      // Agreed some years ago; most orgs have improved on it since, a few have not.
      const level = 0.9 + 0.4 * draw(DRAW.baselineLevel);
      org.baselineIntensity = Number((industry.intensity * efficiency * level).toPrecision(4));
    }
    out.push({
      index,
      org,
      industry,
      monthlyValueAddedCNY,
      efficiency,
      monthlyTco2e,
      monthlyKWh,
      electricityInterval: draw(DRAW.interval) < (large15min ? 0.8 : 0.3) ? '15min' : 'hour',
      electricityMeters: large15min
        ? [
            { meterId: 'elec-1', share: 0.85 },
            { meterId: 'elec-2', share: 0.15 },
          ]
        : [{ meterId: 'elec-1', share: 1 }],
      greenShare: green ? 0.2 + 0.4 * draw(DRAW.greenShare) : 0,
      // Sized to cover a fifth to a half of daytime demand; about 95 kWh per kW a month in Chongqing.
      pvKw: hasPv ? Math.round((monthlyKWh / 720) * (0.4 + 0.8 * draw(DRAW.pvSize))) + 20 : 0,
      cemsMonthlyCo2T: monthlyTco2e * cemsShare,
      deliveries,
    });
  }
  return out;
}

/** The registry records of the first `n` simulated enterprises for a seed. */
export function simulatedOrgs(n: number, seed: number): OrgRecord[] {
  return simulatedEnterprises(n, seed).map((e) => e.org);
}
