import { type ClickHouse, sql } from '@carbon-account/clickhouse';
import { lastClosedMonth } from '../accounts/month-close.js';
import type { MonthChange } from '../accounts/recompute-targets.js';
import type { StageBehind } from './upstream-drained.js';

/** (org, month)s closed per pass at most; the rest wait for the next pass. */
const MAX_PER_PASS = 2_000;
/** Longer than a recompute cycle takes from its clock reading to its write. */
const WRITE_MARGIN_SECONDS = 600;
/** How far back restatements are looked for when partitions come to this instance. */
const LOOK_BACK_SECONDS = 86_400;

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

/**
 * The closer: each pass has the org's ledger writer recompute
 * - the settled provisional accounts of closed months, which it makes final, issuing their
 *   credits (recompute.ts);
 * - the final accounts restated since the previous pass, whose credits it adjusts where
 *   they changed (nothing, when its own recompute already did).
 * Other instances take the orgs of their partitions. Settled accounts wait while data is
 * still on its way upstream. A pass that fails is retried whole at the next, from the same
 * point.
 */
export function monthCloser(deps: MonthCloserDeps, startMs = Date.now()) {
  // A day back at start, and again whenever this instance is given partitions: restatements
  // made while no instance held an org (a restart, a long rebalance) are followed too.
  let since = Math.floor(startMs / 1000) - LOOK_BACK_SECONDS;
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
      since = Math.min(since, nowSec - LOOK_BACK_SECONDS);
    }
    const [settledNow, restatedSince, upstream] = await Promise.all([
      settledProvisionalAccounts(
        deps.ch,
        lastClosedMonth(nowMs, deps.closeDays),
        nowSec - deps.settleSeconds,
      ),
      restatedFinalAccounts(deps.ch, since),
      deps.upstreamDrained(),
    ]);
    const settled = upstream.drained ? settledNow : [];
    const restated = restatedSince.filter(
      (r) => handedOver.get(`${r.orgId}|${r.month}`) !== r.computedAt,
    );
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
    return {
      handed: mine.length,
      waitingForUpstream: settledNow.length - settled.length,
      behind: upstream.behind,
    };
  };
}
