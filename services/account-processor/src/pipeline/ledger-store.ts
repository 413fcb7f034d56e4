import { type ClickHouse, joinSql, sql } from '@carbon-account/clickhouse';
import type { LedgerEntry } from '../accounts/ledger-plan.js';

type Row = Record<string, string | number | string[] | number[]>;

/** Every ledger entry of the orgs, in seq order (an org has a few entries per month). */
export async function readLedgers(
  ch: ClickHouse,
  orgIds: readonly string[],
): Promise<Map<string, LedgerEntry[]>> {
  const ledgers = new Map<string, LedgerEntry[]>(orgIds.map((o) => [o, []]));
  if (orgIds.length === 0) return ledgers;
  const rows = await ch.query<Row>(sql`
    SELECT org_id, seq, entry_id, kind, methodology_id, methodology_version, month, tco2e, basis,
      factor_ids, factor_versions, previous_hash, hash, created_at, note
    FROM ledger
    WHERE org_id IN (${joinSql(orgIds)})
    ORDER BY org_id, seq`);
  for (const r of rows) {
    ledgers.get(String(r.org_id))?.push({
      orgId: String(r.org_id),
      seq: Number(r.seq),
      entryId: String(r.entry_id),
      kind: String(r.kind) as LedgerEntry['kind'],
      methodologyId: String(r.methodology_id),
      methodologyVersion: Number(r.methodology_version),
      month: String(r.month),
      tco2e: Number(r.tco2e),
      basis: String(r.basis),
      factorIds: (r.factor_ids as string[]).map(String),
      factorVersions: (r.factor_versions as number[]).map(Number),
      previousHash: String(r.previous_hash),
      hash: String(r.hash),
      createdAt: String(r.created_at),
      note: String(r.note),
    });
  }
  return ledgers;
}

export function ledgerRow(e: LedgerEntry) {
  return {
    org_id: e.orgId,
    seq: e.seq,
    entry_id: e.entryId,
    kind: e.kind,
    methodology_id: e.methodologyId,
    methodology_version: e.methodologyVersion,
    month: e.month,
    tco2e: e.tco2e,
    basis: e.basis,
    factor_ids: e.factorIds,
    factor_versions: e.factorVersions,
    previous_hash: e.previousHash,
    hash: e.hash,
    created_at: e.createdAt,
    note: e.note,
  };
}
