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
 */
export function ledgerEntryHash(previousHash: string, entry: LedgerEntryContent): string {
  const fields = [
    previousHash,
    entry.entryId,
    entry.orgId,
    entry.kind,
    entry.tco2e.toString(),
    entry.methodologyId,
    entry.month,
    entry.createdAt,
  ];
  return createHash('sha256').update(fields.join('\n')).digest('hex');
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
