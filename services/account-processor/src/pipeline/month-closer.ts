import { type ClickHouse, sql } from '@carbon-account/clickhouse';
import { lastClosedMonth } from '../accounts/month-close.js';
import type { MonthChange } from '../accounts/recompute-targets.js';
import type { StageBehind } from './upstream-drained.js';

/** (org, month)s closed per pass at most; the rest wait for the next pass. */
const MAX_PER_PASS = 2_000;
/** Longer than a recompute cycle takes from its clock reading to its write. */
const WRITE_MARGIN_SECONDS = 600;

export interface MonthCloserDeps {
  ch: ClickHouse;
  closeDays: number;
  /** Seconds an account must stay unchanged after its month closed before it is final. */
  settleSeconds: number;
  /** The orgs among these whose ledger this instance writes now (it holds their partition). */
  ownedOrgs: (orgIds: string[]) => Promise<Set<string>>;
  /** How many times this instance has been given partitions; it changes at every rebalance. */
  joins: () => number;
  /** Recomputes the (org, month)s as their ledger writer; resolves when done. */
  recompute: (changes: MonthChange[]) => Promise<void>;
  /**
   * Whether nothing is still on its way to the accounts, and where something is
   * (upstream-drained.ts). Settled accounts wait while it says no; restatements are
   * followed regardless.
   */
  upstreamDrained: () => Promise<{ drained: boolean; behind: StageBehind[] }>;
}

export interface CloserPass {
  /** (org, month)s handed to this instance's ledger writer. */
  handed: number;
  /** Settled accounts of closed months not made final this pass: data is still on its way. */
  waitingForUpstream: number;
  /** The partitions whose consumer had not read what was there at the previous check. */
  behind: StageBehind[];
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
 * Final accounts restated since `since` (seconds). A restatement is written by whichever
 * instance recomputed the section (another org's data moved the industry average, the
 * registry changed an org's section or baseline), but only the org's ledger writer can
 * adjust its credits; these are the accounts it must look at.
 */
export async function restatedFinalAccounts(
  ch: ClickHouse,
  since: number,
  limit = MAX_PER_PASS,
): Promise<{ orgId: string; month: string; computedAt: number }[]> {
  const rows = await ch.query<{ org_id: string; month: string; at: string }>(sql`
    SELECT org_id, month, toUInt32(argMax(computed_at, version)) AS at FROM monthly_accounts
    WHERE (org_id, month) IN (
      SELECT org_id, month FROM monthly_accounts
      WHERE restated = 1 AND computed_at >= toDateTime(${since}))
    GROUP BY org_id, month
    HAVING argMax(provisional, version) = 0
    ORDER BY at, month, org_id
    LIMIT ${limit}`);
  return rows.map((r) => ({ orgId: r.org_id, month: r.month, computedAt: Number(r.at) }));
}

/** Where a sweep of unfollowed restatements goes on from: after this (org, month). */
interface SweepPoint {
  orgId: string;
  month: string;
}

/**
 * Restated final accounts whose newest version is newer than the version their ledger
 * writer last followed (ledger_followed), however long ago it was made, in (org, month)
 * order after `after`. Reads every restated account, so the closer runs it only when
 * partitions come to its instance, not every pass.
 */
export async function unfollowedRestatements(
  ch: ClickHouse,
  after: SweepPoint,
  limit = MAX_PER_PASS,
): Promise<{ orgId: string; month: string; computedAt: number }[]> {
  const restated = sql`SELECT org_id, month FROM monthly_accounts WHERE restated = 1`;
  const rows = await ch.query<{ org_id: string; month: string; at: string }>(sql`
    SELECT org_id, month, at FROM (
      SELECT org_id, month, max(version) AS newest, toUInt32(argMax(computed_at, version)) AS at
      FROM monthly_accounts
      WHERE (org_id, month) IN (${restated})
        AND (org_id > ${after.orgId} OR (org_id = ${after.orgId} AND month > ${after.month}))
      GROUP BY org_id, month
      HAVING argMax(provisional, version) = 0
    ) AS accounts
    ANY LEFT JOIN (
      SELECT org_id, month, max(account_version) AS followed FROM ledger_followed
      WHERE (org_id, month) IN (${restated})
      GROUP BY org_id, month
    ) AS ledgers USING (org_id, month)
    WHERE newest > followed
    ORDER BY org_id, month
    LIMIT ${limit}`);
  return rows.map((r) => ({ orgId: r.org_id, month: r.month, computedAt: Number(r.at) }));
}

/**
 * The closer: each pass has the org's ledger writer recompute
 * - the settled provisional accounts of closed months, which it makes final, issuing their
 *   credits (recompute.ts);
 * - the final accounts restated since the previous pass, whose credits it adjusts where
 *   they changed (nothing, when its own recompute already did);
 * - after a join, the restated accounts whose ledger never followed their newest version.
 * Other instances take the orgs of their partitions. Settled accounts wait while data is
 * still on its way upstream. A pass that fails is retried whole at the next, from the same
 * point.
 */
export function monthCloser(deps: MonthCloserDeps, startMs = Date.now()) {
  let since = Math.floor(startMs / 1000) - WRITE_MARGIN_SECONDS;
  // At start, and whenever this instance is given partitions, a sweep finds the
  // restatements no ledger followed, however old: made while no instance held the org (a
  // restart, a long rebalance, the group down for days), they fell out of every read-back.
  // It goes on page by page over the next passes until it has read them all.
  let sweep: SweepPoint | undefined = { orgId: '', month: '' };
  let joinsSeen = deps.joins();
  // A version's computed_at is taken before its cycle reads and writes, so it can land a
  // while after that second: each pass reads back a margin, and skips what it handed over.
  // Only what it handed over: a restatement of an org it does not hold is looked at again
  // by every pass inside the margin, so an instance that takes the org's partition in a
  // rebalance within that margin still adjusts its ledger (the one that held it before
  // may have seen it and let it go, holding the partition no longer).
  const handedOver = new Map<string, number>();
  return async (nowMs = Date.now()): Promise<CloserPass> => {
    const nowSec = Math.floor(nowMs / 1000);
    const joins = deps.joins();
    if (joins !== joinsSeen) {
      joinsSeen = joins;
      sweep = { orgId: '', month: '' };
    }
    const [settledNow, restatedSince, swept, upstream] = await Promise.all([
      settledProvisionalAccounts(
        deps.ch,
        lastClosedMonth(nowMs, deps.closeDays),
        nowSec - deps.settleSeconds,
      ),
      restatedFinalAccounts(deps.ch, since),
      sweep ? unfollowedRestatements(deps.ch, sweep) : [],
      deps.upstreamDrained(),
    ]);
    const settled = upstream.drained ? settledNow : [];
    const restated = [
      ...new Map([...restatedSince, ...swept].map((r) => [`${r.orgId}|${r.month}`, r])).values(),
    ].filter((r) => handedOver.get(`${r.orgId}|${r.month}`) !== r.computedAt);
    const due = [...settled, ...restated];
    const owned =
      due.length > 0
        ? await deps.ownedOrgs([...new Set(due.map((d) => d.orgId))])
        : new Set<string>();
    const mine = due.filter((d) => owned.has(d.orgId));
    if (mine.length > 0)
      await deps.recompute(
        mine.map((d) => ({ orgId: d.orgId, month: d.month, ledgerOwner: true })),
      );
    for (const r of restated)
      if (owned.has(r.orgId)) handedOver.set(`${r.orgId}|${r.month}`, r.computedAt);
    since =
      restatedSince.length < MAX_PER_PASS
        ? nowSec - WRITE_MARGIN_SECONDS
        : Math.max(since + 1, restatedSince[restatedSince.length - 1]?.computedAt ?? since);
    for (const [key, at] of handedOver) if (at < since) handedOver.delete(key);
    const lastSwept = swept[swept.length - 1];
    sweep = lastSwept && swept.length >= MAX_PER_PASS ? lastSwept : undefined;
    return {
      handed: mine.length,
      waitingForUpstream: settledNow.length - settled.length,
      behind: upstream.behind,
    };
  };
}
