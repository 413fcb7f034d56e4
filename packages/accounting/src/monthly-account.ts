import type { EmissionScope } from './emissions.js';
import type { EnergyType } from './energy-types.js';
import {
  type CarbonEfficiencyGrade,
  carbonEfficiencyGrade,
  carbonIntensity,
  type IntensityBand,
  intensityBand,
} from './intensity.js';

/** What the monthly account needs of each emission line. */
export interface AccountLine {
  scope: EmissionScope;
  type: EnergyType;
  tco2eLocation: number;
  tco2eMarket: number;
  tce: number;
}

export interface OutputReport {
  valueAddedCNY: number;
  outputValueCNY: number;
}

export interface Totals {
  tco2eLocation: number;
  tco2eMarket: number;
  tce: number;
  lines: number;
}

export interface MonthlyAccount {
  orgId: string;
  month: string;
  total: Totals;
  byScope: Partial<Record<`${EmissionScope}`, Totals>>;
  byType: Partial<Record<EnergyType, Totals>>;
  /** tCO2e (location-based, scopes 1 + 2) per 10,000 CNY of value added. */
  intensityValueAdded?: number;
  /** tCO2e (location-based) per 10,000 CNY of output value. */
  intensityOutput?: number;
  band?: IntensityBand;
  /** Org intensity ÷ industry average intensity (both per value added). */
  k?: number;
  grade?: CarbonEfficiencyGrade;
}

const empty = (): Totals => ({ tco2eLocation: 0, tco2eMarket: 0, tce: 0, lines: 0 });

function add(into: Totals, line: AccountLine) {
  into.tco2eLocation += line.tco2eLocation;
  into.tco2eMarket += line.tco2eMarket;
  into.tce += line.tce;
  into.lines += 1;
}

/**
 * An org's carbon account for one month (DESIGN.md "Computation rules"): totals by scope
 * and by type, energy in tce, carbon intensity per 10,000 CNY of value added and of output
 * value, the intensity band, and K and the carbon-efficiency grade against the industry
 * average. Intensity uses location-based scope 1 + 2 emissions, the basis of the
 * published regional intensity figures.
 */
export function monthlyAccount(input: {
  orgId: string;
  month: string;
  lines: readonly AccountLine[];
  output?: OutputReport;
  industryAverageIntensity?: number;
}): MonthlyAccount {
  const total = empty();
  const byScope: MonthlyAccount['byScope'] = {};
  const byType: MonthlyAccount['byType'] = {};
  for (const line of input.lines) {
    add(total, line);
    const scopeKey = `${line.scope}` as const;
    byScope[scopeKey] ??= empty();
    add(byScope[scopeKey], line);
    byType[line.type] ??= empty();
    add(byType[line.type] as Totals, line);
  }
  const account: MonthlyAccount = {
    orgId: input.orgId,
    month: input.month,
    total,
    byScope,
    byType,
  };
  if (input.output) {
    account.intensityValueAdded = carbonIntensity(total.tco2eLocation, input.output.valueAddedCNY);
    account.intensityOutput = carbonIntensity(total.tco2eLocation, input.output.outputValueCNY);
  }
  if (account.intensityValueAdded !== undefined) {
    account.band = intensityBand(account.intensityValueAdded);
    const average = input.industryAverageIntensity;
    if (average !== undefined && average > 0) {
      account.k = account.intensityValueAdded / average;
      account.grade = carbonEfficiencyGrade(account.k);
    }
  }
  return account;
}
