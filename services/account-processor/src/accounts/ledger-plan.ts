import {
  type CarbonAssetMethodology,
  type Issuance,
  issuanceId,
  LEDGER_GENESIS_HASH,
  ledgerEntryHash,
  newIssuances,
} from '@carbon-account/accounting';
import { sameFigure } from './restatement.js';

/** A ledger row (migrations 0005 and 0008). */
export interface LedgerEntry {
  orgId: string;
  seq: number;
  entryId: string;
  kind: 'issue' | 'retire' | 'adjust';
  methodologyId: string;
  methodologyVersion: number;
  month: string;
  tco2e: number;
  basis: string;
  factorIds: string[];
  factorVersions: number[];
  previousHash: string;
  hash: string;
  createdAt: string;
  note: string;
}

/** What the methodologies say an org is owed for one month now. */
export interface MonthCredits {
  month: string;
  /** issuancesFor(...) for the month's current account. */
  candidates: readonly Issuance[];
}

/**
 * The entries to append to one org's ledger so that, per (methodology, month), the net of
 * its entries equals what the methodology issues for the current account:
 * - never issued and now owed → `issue` (id = issuanceId; once ever, newIssuances);
 * - issued, and the restated month owes another amount → `adjust` by the difference
 *   (entries are never edited; the adjust names the issuance it corrects);
 * - issued, and the month now owes nothing → `adjust` by minus the net.
 * Amounts equal to 1e-9 relative count as unchanged, so running it again appends nothing.
 * Entries continue the org's chain: seq after the last, previous hash = the last hash.
 */
export function planLedgerAppend(input: {
  orgId: string;
  existing: readonly LedgerEntry[];
  months: readonly MonthCredits[];
  methodologies: readonly CarbonAssetMethodology[];
  createdAt: string;
  /** Why the months were recomputed, for the adjust entries' note. */
  reasonOf?: (month: string) => string;
}): LedgerEntry[] {
  const existing = [...input.existing].sort((a, b) => a.seq - b.seq);
  const last = existing[existing.length - 1];
  let seq = last ? last.seq : 0;
  let previousHash = last ? last.hash : LEDGER_GENESIS_HASH;
  const net = new Map<string, number>();
  for (const e of existing) {
    const id = issuanceId(e.orgId, e.methodologyId, e.month);
    net.set(id, (net.get(id) ?? 0) + e.tco2e);
  }
  const issued = new Set(net.keys());
  const planned: LedgerEntry[] = [];
  const append = (
    entry: Omit<LedgerEntry, 'seq' | 'previousHash' | 'hash' | 'createdAt' | 'orgId'>,
  ) => {
    seq += 1;
    const full = { ...entry, orgId: input.orgId, seq, previousHash, createdAt: input.createdAt };
    const hash = ledgerEntryHash(previousHash, full);
    planned.push({ ...full, hash });
    previousHash = hash;
  };

  for (const { month, candidates } of [...input.months].sort((a, b) =>
    a.month.localeCompare(b.month),
  )) {
    const fresh = new Set(newIssuances(candidates, issued).map((i) => i.id));
    for (const methodology of input.methodologies) {
      const id = issuanceId(input.orgId, methodology.id, month);
      const candidate = candidates.find((c) => c.id === id);
      const owed = candidate?.tco2e ?? 0;
      if (candidate && fresh.has(id)) {
        append({
          entryId: id,
          kind: 'issue',
          methodologyId: candidate.methodologyId,
          methodologyVersion: candidate.methodologyVersion,
          month,
          tco2e: candidate.tco2e,
          basis: candidate.basis,
          factorIds: candidate.factors.map((f) => f.id),
          factorVersions: candidate.factors.map((f) => f.version),
          note: '',
        });
        issued.add(id);
        continue;
      }
      if (!issued.has(id)) continue;
      const current = net.get(id) ?? 0;
      if (sameFigure(current, owed)) continue;
      append({
        entryId: `${id}:adjust:${seq + 1}`,
        kind: 'adjust',
        methodologyId: methodology.id,
        methodologyVersion: candidate?.methodologyVersion ?? methodology.version,
        month,
        tco2e: owed - current,
        basis:
          candidate?.basis ?? 'the restated month no longer earns credits under this methodology',
        factorIds: candidate?.factors.map((f) => f.id) ?? [],
        factorVersions: candidate?.factors.map((f) => f.version) ?? [],
        note: `${month} restated: credit ${current} → ${owed} tCO2e${input.reasonOf ? ` (${input.reasonOf(month)})` : ''}`,
      });
      net.set(id, owed);
    }
  }
  return planned;
}
