import { intensityReduction } from './intensity-reduction.js';
import type { CarbonAssetMethodology, Issuance, MethodologyInput } from './methodology.js';
import { onsitePv } from './onsite-pv.js';

/** Every methodology the pipeline runs each month. */
export const METHODOLOGIES: readonly CarbonAssetMethodology[] = [intensityReduction, onsitePv];

/** What each methodology issues for one org and month. */
export function issuancesFor(
  input: MethodologyInput,
  methodologies: readonly CarbonAssetMethodology[] = METHODOLOGIES,
): Issuance[] {
  return methodologies.flatMap((m) => m.issue(input) ?? []);
}

/**
 * The issuances still to write, given the ids already in the ledger: an issuance id is
 * written once, ever, so running the month again issues nothing new.
 */
export function newIssuances(
  candidates: readonly Issuance[],
  issuedIds: ReadonlySet<string>,
): Issuance[] {
  const seen = new Set(issuedIds);
  return candidates.filter((issuance) => {
    if (seen.has(issuance.id)) return false;
    seen.add(issuance.id);
    return true;
  });
}
