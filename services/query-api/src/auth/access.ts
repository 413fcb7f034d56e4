import type { ClickHouse } from '@carbon-account/clickhouse';
import type { queryApi } from '@carbon-account/schemas';
import { hasActiveConsent } from '../queries/consents.js';
import { orgInfo } from '../queries/orgs.js';
import type { Principal } from './api-keys.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a bank hears about an org it may not see. The same for an org that does not exist,
 * one without consent, with an expired or revoked consent or one for another purpose, so
 * a bank cannot learn which orgs exist by asking.
 */
export const notFoundForBank = () =>
  new HttpError(404, 'not found', 'no org with this id, or no valid consent for this use');

export type BankPurpose = queryApi.ConsentPurpose;

export interface OrgGrant {
  /** Set for a bank: the consent the pull used (its access is logged). */
  bank?: { bankId: string; purpose: BankPurpose };
}

/**
 * May this principal read this org's data? Enterprise: only its own orgs. Bureau: orgs
 * of its region in the registry. Bank: only with an active consent for `bankPurpose`
 * (endpoints that serve banks name one; others refuse banks outright).
 */
export async function authorizeOrg(
  ch: ClickHouse,
  who: Principal,
  orgId: string,
  bankPurpose: BankPurpose | undefined,
): Promise<OrgGrant> {
  if (who.kind === 'enterprise') {
    if (who.orgIds.includes(orgId)) return {};
    throw new HttpError(403, 'forbidden', 'this key is for other orgs');
  }
  if (who.kind === 'bureau') {
    const org = await orgInfo(ch, orgId);
    if (!org) throw new HttpError(404, 'not found', 'no org with this id in the registry');
    if (org.regionCode !== who.regionCode)
      throw new HttpError(403, 'forbidden', `this org is not in region ${who.regionCode}`);
    return {};
  }
  if (!bankPurpose) throw new HttpError(403, 'forbidden', 'banks have no access to this endpoint');
  if (await hasActiveConsent(ch, orgId, who.bankId, bankPurpose)) {
    return { bank: { bankId: who.bankId, purpose: bankPurpose } };
  }
  throw notFoundForBank();
}

/** Endpoints only the org itself may use (consents, access log, projects). */
export function authorizeOwner(who: Principal, orgId: string): void {
  if (who.kind === 'enterprise' && who.orgIds.includes(orgId)) return;
  throw new HttpError(403, 'forbidden', 'only the org itself may do this');
}

export function requireKind<K extends Principal['kind']>(
  who: Principal,
  ...kinds: K[]
): asserts who is Extract<Principal, { kind: K }> {
  if (!(kinds as string[]).includes(who.kind)) {
    throw new HttpError(403, 'forbidden', `only for ${kinds.join(' or ')} keys`);
  }
}
