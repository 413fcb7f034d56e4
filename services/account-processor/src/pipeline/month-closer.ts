import { type ClickHouse, sql } from '@carbon-account/clickhouse';
import { lastClosedMonth } from '../accounts/month-close.js';
import type { MonthChange } from '../accounts/recompute-targets.js';

/** (org, month)s closed per pass at most; the rest wait for the next pass. */
const MAX_PER_PASS = 2_000;

export interface MonthCloserDeps {
  ch: ClickHouse;
  closeDays: number;
  /** The orgs among these whose ledger this instance writes now (it holds their partition). */
  ownedOrgs: (orgIds: string[]) => Promise<Set<string>>;
  /** Recomputes the (org, month)s as their ledger writer; resolves when done. */
  recompute: (changes: MonthChange[]) => Promise<void>;
}

/**
 * Accounts whose newest version is provisional in a month that has closed: months close
 * by the clock, and no message arrives to say so, so this is looked up. Only accounts
 * that were ever provisional are read in full.
 */
export async function provisionalAccountsOfClosedMonths(
  ch: ClickHouse,
  lastClosed: string,
  limit = MAX_PER_PASS,
): Promise<{ orgId: string; month: string }[]> {
  const rows = await ch.query<{ org_id: string; month: string }>(sql`
    SELECT org_id, month FROM monthly_accounts
    WHERE month <= ${lastClosed} AND (org_id, month) IN (
      SELECT org_id, month FROM monthly_accounts WHERE provisional = 1 AND month <= ${lastClosed})
    GROUP BY org_id, month
    HAVING argMax(provisional, version) = 1
    ORDER BY month, org_id
    LIMIT ${limit}`);
  return rows.map((r) => ({ orgId: r.org_id, month: r.month }));
}

/**
 * One pass of the closer: the provisional accounts of closed months whose orgs this
 * instance owns are recomputed by their ledger writer, which writes the final version and
 * issues their credits (recompute.ts). Other instances close the rest. Returns how many
 * (org, month)s it closed.
 */
export async function closeEndedMonths(deps: MonthCloserDeps, nowMs = Date.now()): Promise<number> {
  const due = await provisionalAccountsOfClosedMonths(
    deps.ch,
    lastClosedMonth(nowMs, deps.closeDays),
  );
  if (due.length === 0) return 0;
  const owned = await deps.ownedOrgs([...new Set(due.map((d) => d.orgId))]);
  const mine = due.filter((d) => owned.has(d.orgId));
  if (mine.length === 0) return 0;
  await deps.recompute(mine.map((d) => ({ ...d, ledgerOwner: true })));
  return mine.length;
}
