import { readFileSync } from 'node:fs';
import { describeFieldErrors, fieldErrors, orgId } from '@carbon-account/schemas';
import { z } from 'zod';

/** A utility account the platform reports on, and whose it is. */
export interface AccountMapping {
  accountNo: string;
  orgId: string;
  /** The org's own id of the supply point this account meters. */
  meterId: string;
}

export type AccountMap = ReadonlyMap<string, AccountMapping>;

/** Utility account numbers are digits and letters, sometimes with dashes. */
export const accountNoPattern = /^[A-Za-z0-9-]{1,32}$/;

const mappingFile = z.object({
  accounts: z
    .array(
      z.object({
        accountNo: z.string().regex(accountNoPattern, '1–32 characters of A–Z a–z 0–9 -'),
        orgId,
        meterId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1–64 characters of A–Z a–z 0–9 . _ -'),
        /** Free text for the people who keep the file (e.g. the enterprise's name). */
        note: z.string().optional(),
      }),
    )
    .min(1, 'at least one account'),
});

/**
 * Reads the mapping file (utility account number → orgId, meterId). A bad file stops the
 * connector at start with every problem named: publishing under a wrong org is worse than
 * not publishing.
 */
export function parseAccountMap(text: string, fileName: string): AccountMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`mapping file ${fileName} is not JSON: ${(err as Error).message}`);
  }
  const parsed = mappingFile.safeParse(json);
  if (!parsed.success) {
    throw new Error(`mapping file ${fileName}: ${describeFieldErrors(fieldErrors(parsed.error))}`);
  }
  const map = new Map<string, AccountMapping>();
  for (const a of parsed.data.accounts) {
    if (map.has(a.accountNo)) {
      throw new Error(`mapping file ${fileName}: account ${a.accountNo} is listed twice`);
    }
    map.set(a.accountNo, { accountNo: a.accountNo, orgId: a.orgId, meterId: a.meterId });
  }
  return map;
}

export function loadAccountMap(path: string): AccountMap {
  return parseAccountMap(readFileSync(path, 'utf8'), path);
}
