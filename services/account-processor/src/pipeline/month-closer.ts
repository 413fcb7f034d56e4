import { type ClickHouse, sql } from '@carbon-account/clickhouse';
import { lastClosedMonth } from '../accounts/month-close.js';
import type { MonthChange } from '../accounts/recompute-targets.js';

/** (org, month)s closed per pass at most; the rest wait for the next pass. */
const MAX_PER_PASS = 2_000;

export interface MonthCloserDeps {
  ch: ClickHouse;
  closeDays: number;
  /** Seconds an account must stay unchanged after its month closed before it is final. */
  settleSeconds: number;
  /** The orgs among these whose ledger this instance writes now (it holds their partition). */
  ownedOrgs: (orgIds: string[]) => Promise<Set<string>>;
  /** Recomputes the (org, month)s as their ledger writer; resolves when done. */
  recompute: (changes: MonthChange[]) => Promise<void>;
}

/**
 * Accounts of closed months whose newest version is provisional and was written at or
 * before `settledBefore` (seconds): months close by the clock and accounts settle by
 * staying unchanged, and no message arrives to say either, so this is looked up. Only
 * accounts that were ever provisional are read in full.
 */
export async function settledProvisionalAccounts(
  ch: ClickHouse,
  lastClosed: string,
  settledBefore: number,
  limit = MAX_PER_PASS,
): Promise<{ orgId: string; month: string }[]> {
  const rows = await ch.query<{ org_id: string; month: string }>(sql`
    SELECT org_id, month FROM monthly_accounts
    WHERE month <= ${lastClosed} AND (org_id, month) IN (
      SELECT org_id, month FROM monthly_accounts WHERE provisional = 1 AND month <= ${lastClosed})
    GROUP BY org_id, month
    HAVING argMax(provisional, version) = 1
      AND argMax(computed_at, version) <= toDateTime(${settledBefore})
    ORDER BY month, org_id
    LIMIT ${limit}`);
  return rows.map((r) => ({ orgId: r.org_id, month: r.month }));
}

/**
 * One pass of the closer: the settled provisional accounts of closed months whose orgs
 * this instance owns are recomputed by their ledger writer, which writes the final
 * version and issues their credits when nothing changed (recompute.ts). Other instances
 * close the rest. Returns how many (org, month)s it looked at.
 */
export async function closeEndedMonths(deps: MonthCloserDeps, nowMs = Date.now()): Promise<number> {
  const due = await settledProvisionalAccounts(
    deps.ch,
    lastClosedMonth(nowMs, deps.closeDays),
    Math.floor(nowMs / 1000) - deps.settleSeconds,
  );
  if (due.length === 0) return 0;
  const owned = await deps.ownedOrgs([...new Set(due.map((d) => d.orgId))]);
  const mine = due.filter((d) => owned.has(d.orgId));
  if (mine.length === 0) return 0;
  await deps.recompute(mine.map((d) => ({ ...d, ledgerOwner: true })));
  return mine.length;
}
