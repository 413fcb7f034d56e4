import type { FactorLibrary } from '../factors/library.js';
import type { FactorRef } from '../factors/records.js';
import type { MonthlyAccount } from '../monthly-account.js';

/** What a methodology may look at for one org and month. */
export interface MethodologyInput {
  orgId: string;
  /** YYYY-MM */
  month: string;
  regionCode: string;
  account: MonthlyAccount;
  valueAddedCNY?: number;
  /** The org's agreed baseline, tCO2e per 10,000 CNY of value added. */
  baselineIntensity?: number;
  /** On-site renewable generation metered this month, MWh. */
  pvGenerationMWh?: number;
  library: FactorLibrary;
}

/** Carbon-inclusion credits for one (org, methodology, month): at most one ever. */
export interface Issuance {
  id: string;
  orgId: string;
  methodologyId: string;
  methodologyVersion: number;
  month: string;
  tco2e: number;
  /** How the amount was reached, for people. */
  basis: string;
  factors: FactorRef[];
}

/**
 * A rule-based methodology that issues tCO2e credits from metered reductions (in the
 * style of Chongqing's carbon-inclusion platform). A new methodology is one file that
 * implements this and is added to `METHODOLOGIES`.
 */
export interface CarbonAssetMethodology {
  id: string;
  version: number;
  description: string;
  issue(input: MethodologyInput): Issuance | undefined;
}

/** The identity of an issuance: one per (org, methodology, month), so issuing twice issues once. */
export function issuanceId(orgId: string, methodologyId: string, month: string): string {
  return `${methodologyId}:${orgId}:${month}`;
}
