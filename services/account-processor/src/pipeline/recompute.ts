import {
  type CarbonAssetMethodology,
  type FactorLibrary,
  issuancesFor,
  usccRegionCode,
  verifyLedgerChain,
} from '@carbon-account/accounting';
import { type ClickHouse, insertInChunks } from '@carbon-account/clickhouse';
import { type AccountRow, accountOfSums, accountRow } from '../accounts/account-row.js';
import {
  benchmarkFor,
  type IndustryBenchmark,
  regionIndustryAverage,
} from '../accounts/industry-average.js';
import { type LedgerEntry, type MonthCredits, planLedgerAppend } from '../accounts/ledger-plan.js';
import { isMonthOpen } from '../accounts/month-close.js';
import type { SectionMonth } from '../accounts/recompute-targets.js';
import { nextAccountVersion } from '../accounts/restatement.js';
import { type OrgRegistry, orgsOfSection } from '../registry/org-registry.js';
import { ledgerRow, readLedgers } from './ledger-store.js';
import { loadSectionMonth } from './section-month-data.js';

export interface RecomputeDeps {
  ch: ClickHouse;
  registry: () => OrgRegistry;
  benchmarks: readonly IndustryBenchmark[];
  library: FactorLibrary;
  methodologies: readonly CarbonAssetMethodology[];
  /** Days after a month's end until it closes (month-close.ts). */
  monthCloseDays: number;
  /** Seconds an account of a closed month must stay unchanged before it is final. */
  monthSettleSeconds: number;
}

export interface RecomputeOutcome {
  accountsComputed: number;
  versionsWritten: AccountRow[];
  ledgerEntries: LedgerEntry[];
  /** Orgs whose stored chain did not verify: nothing was appended for them. */
  brokenChains: { orgId: string; reason: string }[];
}

let lastVersion = 0;
/**
 * Account versions: wall-clock µs, strictly increasing within this process, taken before
 * the section-month's data is read, so that of two instances recomputing the same
 * section-month, the one that read later writes the higher version.
 */
function nextVersion(): number {
  lastVersion = Math.max(lastVersion + 1, Date.now() * 1000);
  return lastVersion;
}

/**
 * One cycle: recompute every (section, month) given, write a new account version where a
 * figure changed (provisional until the month has closed and the account has settled;
 * restated with a note when it replaces a final one) or the account became final, then
 * bring the ledgers of the targets' ledger orgs up to date. Accounts are written first: a
 * crash between the two recomputes the same accounts next time (no new version, nothing
 * changed) and plans the ledger again from them, so nothing is issued twice and nothing is
 * skipped.
 */
export async function recomputeCycle(
  targets: readonly SectionMonth[],
  deps: RecomputeDeps,
): Promise<RecomputeOutcome> {
  const registry = deps.registry();
  const now = Math.floor(Date.now() / 1000);
  const rows: AccountRow[] = [];
  const credits = new Map<string, MonthCredits[]>();
  const reasons = new Map<string, string>();
  /** The account version the credits of each (org, month) are planned from. */
  const accountVersions = new Map<string, number>();
  let accountsComputed = 0;

  for (const target of targets) {
    const members = [...new Set([...orgsOfSection(registry, target.section), ...target.orgs])];
    const version = nextVersion();
    const monthOpen = isMonthOpen(target.month, now * 1000, deps.monthCloseDays);
    const data = await loadSectionMonth(deps.ch, target.month, members);
    const present = members.filter(
      (o) => data.sums.has(o) || data.outputs.has(o) || data.accounts.has(o),
    );
    const tco2eOf = (orgId: string) =>
      (data.sums.get(orgId) ?? []).reduce((t, s) => t + s.tco2eLocation, 0);
    const average =
      benchmarkFor(deps.benchmarks, target.section, target.month) ??
      regionIndustryAverage(
        target.section,
        target.month,
        present
          .filter((o) => registry.byOrg.get(o)?.section === target.section)
          .map((orgId) => ({
            orgId,
            tco2eLocation: tco2eOf(orgId),
            valueAddedCNY: data.outputs.get(orgId)?.valueAddedCNY,
          })),
      );
    for (const orgId of present) {
      const org = registry.byOrg.get(orgId);
      // An org listed under another section (registry changed) is that section's to write.
      if ((org?.section ?? '') !== target.section) continue;
      const previous = data.accounts.get(orgId);
      const ledgerOwner = target.ledgerOrgs.has(orgId);
      const sums = data.sums.get(orgId) ?? [];
      const output = data.outputs.get(orgId);
      const account = accountOfSums({
        orgId,
        month: target.month,
        sums,
        output,
        industryAverage: average,
      });
      const pvGenerationMWh = sums
        .filter((s) => s.type === 'pv_generation')
        .reduce((t, s) => t + s.activity, 0);
      accountsComputed++;
      const figures = accountRow({
        account,
        section: target.section,
        output,
        industryAverage: average,
        pvGenerationMWh,
        baselineIntensity: org?.baselineIntensity,
        registryVersion: registry.version,
      });
      const row = nextAccountVersion(previous, figures, {
        version,
        computedAt: now,
        // Only the org's ledger writer finalizes its month, so the final version and the
        // credits it earns are written together; the closer (month-closer.ts) has the
        // owner look at every settled provisional account.
        mayFinalize: !monthOpen && ledgerOwner,
        settledBefore: now - deps.monthSettleSeconds,
      });
      if (row) {
        rows.push(row);
        if (row.restated) reasons.set(`${orgId}|${target.month}`, row.restatement_note);
      }
      // Credits are issued for final accounts only: a provisional one is still filling in.
      if (!ledgerOwner || (row ?? previous)?.provisional !== 0) continue;
      accountVersions.set(`${orgId}|${target.month}`, (row ?? previous)?.version ?? version);
      const list = credits.get(orgId) ?? [];
      list.push({
        month: target.month,
        candidates: issuancesFor(
          {
            orgId,
            month: target.month,
            regionCode: org?.regionCode ?? usccRegionCode(orgId),
            account,
            valueAddedCNY: output?.valueAddedCNY,
            baselineIntensity: org?.baselineIntensity,
            pvGenerationMWh,
            library: deps.library,
          },
          deps.methodologies,
        ),
      });
      credits.set(orgId, list);
    }
  }
  await insertInChunks(deps.ch, 'monthly_accounts', rows);

  const ledgers = await readLedgers(deps.ch, [...credits.keys()]);
  const entries: LedgerEntry[] = [];
  const brokenChains: RecomputeOutcome['brokenChains'] = [];
  const createdAt = new Date(now * 1000).toISOString();
  const followed: {
    org_id: string;
    month: string;
    account_version: number;
    followed_at: number;
  }[] = [];
  for (const [orgId, months] of credits) {
    const existing = ledgers.get(orgId) ?? [];
    const check = verifyLedgerChain(existing);
    if (!check.valid) {
      brokenChains.push({
        orgId,
        reason: `entry seq ${existing[check.firstBadIndex]?.seq}: ${check.reason}`,
      });
      continue;
    }
    for (const { month } of months)
      followed.push({
        org_id: orgId,
        month,
        account_version: accountVersions.get(`${orgId}|${month}`) ?? 0,
        followed_at: now,
      });
    entries.push(
      ...planLedgerAppend({
        orgId,
        existing,
        months,
        methodologies: deps.methodologies,
        createdAt,
        reasonOf: (month) => reasons.get(`${orgId}|${month}`) ?? 'month recomputed',
      }),
    );
  }
  // One INSERT (one block) for all orgs of the cycle: an org's new entries land together.
  await deps.ch.insert('ledger', entries.map(ledgerRow));
  // Then what the ledgers now follow, for the closer to find restatements they do not.
  await insertInChunks(deps.ch, 'ledger_followed', followed);
  return { accountsComputed, versionsWritten: rows, ledgerEntries: entries, brokenChains };
}
