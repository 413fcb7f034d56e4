import {
  type EmissionScope,
  type EnergyType,
  type MonthlyAccount,
  monthlyAccount,
  type Totals,
} from '@carbon-account/accounting';
import type { IndustryAverage } from './industry-average.js';

/** Sums of an org's month per (scope, type), as the monthly view keeps them. */
export interface ScopeTypeSums {
  scope: EmissionScope;
  type: EnergyType;
  tco2eLocation: number;
  tco2eMarket: number;
  tce: number;
  activity: number;
  lines: number;
}

export interface CurrentOutput {
  reportId: string;
  valueAddedCNY: number;
  outputValueCNY: number;
}

/**
 * The month's account with `monthlyAccount` of packages/accounting, fed one line per
 * (scope, type) sum. Sums are associative, so the figures equal those of the individual
 * lines; only the line counts, which monthlyAccount counts as inputs, are set from the
 * view's reading counts afterwards.
 */
export function accountOfSums(input: {
  orgId: string;
  month: string;
  sums: readonly ScopeTypeSums[];
  output?: CurrentOutput;
  industryAverage?: IndustryAverage;
}): MonthlyAccount {
  const account = monthlyAccount({
    orgId: input.orgId,
    month: input.month,
    lines: input.sums,
    output: input.output,
    industryAverageIntensity: input.industryAverage?.intensity,
  });
  const count = (pick: (s: ScopeTypeSums) => boolean) =>
    input.sums.filter(pick).reduce((n, s) => n + s.lines, 0);
  account.total.lines = count(() => true);
  for (const [scope, totals] of Object.entries(account.byScope) as [string, Totals][])
    totals.lines = count((s) => `${s.scope}` === scope);
  for (const [type, totals] of Object.entries(account.byType) as [string, Totals][])
    totals.lines = count((s) => s.type === type);
  return account;
}

/** A row of monthly_accounts (migrations 0005 and 0008). */
export interface AccountRow {
  org_id: string;
  month: string;
  tco2e_location: number;
  tco2e_market: number;
  scope1_tco2e: number;
  scope2_tco2e_location: number;
  scope2_tco2e_market: number;
  tce: number;
  lines: number;
  by_type: string;
  value_added_cny: number;
  output_value_cny: number;
  report_id: string;
  intensity_value_added: number;
  intensity_output: number;
  has_intensity: number;
  band: string;
  industry_section: string;
  industry_average_intensity: number;
  k: number;
  grade: number;
  /**
   * 1 until final: the month is open (month-close.ts), or closed with figures still
   * changing (restatement.ts). Figures still filling in, no credits yet.
   */
  provisional: number;
  restated: number;
  restatement_note: string;
  version: number;
  computed_at: number;
  industry_average_basis: string;
  industry_orgs: number;
  pv_generation_mwh: number;
  /** The registry's agreed baseline the credits were computed against; 0: none (0021). */
  baseline_intensity: number;
  registry_version: number;
}

/** by_type as JSON with types in a fixed order, so equal accounts give equal text. */
function byTypeJson(account: MonthlyAccount): string {
  const sorted = Object.keys(account.byType)
    .sort()
    .map((t) => [t, account.byType[t as EnergyType]]);
  return JSON.stringify(Object.fromEntries(sorted));
}

/** What a computation gives; provisional, restated, note, version and computed_at are the writer's to set. */
export type AccountFigures = Omit<
  AccountRow,
  'provisional' | 'restated' | 'restatement_note' | 'version' | 'computed_at'
>;

/** The figures of a row. */
export function accountRow(input: {
  account: MonthlyAccount;
  section: string;
  output?: CurrentOutput;
  industryAverage?: IndustryAverage;
  pvGenerationMWh: number;
  baselineIntensity?: number;
  registryVersion: number;
}): AccountFigures {
  const { account, output, industryAverage } = input;
  return {
    org_id: account.orgId,
    month: account.month,
    tco2e_location: account.total.tco2eLocation,
    tco2e_market: account.total.tco2eMarket,
    scope1_tco2e: account.byScope['1']?.tco2eLocation ?? 0,
    scope2_tco2e_location: account.byScope['2']?.tco2eLocation ?? 0,
    scope2_tco2e_market: account.byScope['2']?.tco2eMarket ?? 0,
    tce: account.total.tce,
    lines: account.total.lines,
    by_type: byTypeJson(account),
    value_added_cny: output?.valueAddedCNY ?? 0,
    output_value_cny: output?.outputValueCNY ?? 0,
    report_id: output?.reportId ?? '',
    intensity_value_added: account.intensityValueAdded ?? 0,
    intensity_output: account.intensityOutput ?? 0,
    has_intensity: account.intensityValueAdded === undefined ? 0 : 1,
    band: account.band ?? '',
    industry_section: input.section,
    industry_average_intensity: account.k === undefined ? 0 : (industryAverage?.intensity ?? 0),
    k: account.k ?? 0,
    grade: account.grade ?? 0,
    industry_average_basis: account.k === undefined ? '' : (industryAverage?.basis ?? ''),
    industry_orgs: account.k === undefined ? 0 : (industryAverage?.orgs ?? 0),
    pv_generation_mwh: input.pvGenerationMWh,
    baseline_intensity: input.baselineIntensity ?? 0,
    registry_version: input.registryVersion,
  };
}
