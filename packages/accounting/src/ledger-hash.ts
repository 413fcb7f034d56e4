import { createHash } from 'node:crypto';

/** The fields of a ledger entry that its hash covers. */
export interface LedgerEntryContent {
  entryId: string;
  orgId: string;
  kind: 'issue' | 'retire' | 'adjust';
  tco2e: number;
  methodologyId: string;
  month: string;
  createdAt: string;
}

/**
 * Hash of a ledger entry chained to the previous entry of the same org: sha256 over the
 * previous hash and the entry's fields in a fixed order. Changing, removing or reordering
 * any entry changes every hash after it, so tampering is detectable.
 *
 * The amount is hashed to the gram (6 decimals of a tonne), not as the float's full text:
 * a stored Float64 may come back from ClickHouse one unit in the last place away from what
 * was written (older servers parse decimal text inexactly), and an honest ledger must still
 * verify. A change of a gram or more is detected.
 */
export function ledgerEntryHash(previousHash: string, entry: LedgerEntryContent): string {
  const fields = [
    previousHash,
    entry.entryId,
    entry.orgId,
    entry.kind,
    tonnesToTheGram(entry.tco2e),
    entry.methodologyId,
    entry.month,
    entry.createdAt,
  ];
  return createHash('sha256').update(fields.join('\n')).digest('hex');
}

function tonnesToTheGram(tco2e: number): string {
  const text = tco2e.toFixed(6);
  // -0.000000 and 0.000000 are the same amount.
  return text === '-0.000000' ? '0.000000' : text;
}

/** The first entry of an org chains to this. */
export const LEDGER_GENESIS_HASH = '0'.repeat(64);

/**
 * Checks an org's entries in ledger order: each must carry the hash of its predecessor
 * and its own hash must match its content. Returns the index of the first bad entry.
 */
export function verifyLedgerChain(
  entries: readonly (LedgerEntryContent & { previousHash: string; hash: string })[],
): { valid: true } | { valid: false; firstBadIndex: number; reason: string } {
  let previous = LEDGER_GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    if (entry.previousHash !== previous)
      return { valid: false, firstBadIndex: i, reason: 'previous hash does not match' };
    if (ledgerEntryHash(previous, entry) !== entry.hash)
      return { valid: false, firstBadIndex: i, reason: 'content does not match its hash' };
    previous = entry.hash;
  }
  return { valid: true };
}
