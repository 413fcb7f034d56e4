import { verifyLedgerChain } from '@carbon-account/accounting';
import { type ClickHouse, joinSql, rawSql, sql } from '@carbon-account/clickhouse';
import type { queryApi } from '@carbon-account/schemas';
import { isoFromUnix } from './time.js';

type Account = Omit<queryApi.MonthlyAccountBody, 'explanation'>;

/** An entry's effect on the balance: retirements take out, issues and adjustments add (signed). */
const signedTco2e = rawSql("if(kind = 'retire', -abs(tco2e), tco2e)");

/** The current version of an org's account for a month, or undefined when none was computed. */
export async function monthlyAccountOf(
  ch: ClickHouse,
  orgId: string,
  month: string,
): Promise<Account | undefined> {
  const [rows, assets] = await Promise.all([
    ch.query<Record<string, string | number>>(
      sql`SELECT *, toUnixTimestamp(computed_at) AS computed_s FROM monthly_accounts
        WHERE org_id = ${orgId} AND month = ${month} ORDER BY version DESC LIMIT 1`,
    ),
    assetsOf(ch, orgId, month),
  ]);
  const r = rows[0];
  if (!r) return undefined;
  const hasIntensity = Number(r.has_intensity) === 1;
  const grade = Number(r.grade);
  const avg = Number(r.industry_average_intensity);
  return {
    orgId,
    month,
    version: String(r.version),
    computedAt: isoFromUnix(r.computed_s as string),
    provisional: Number(r.provisional) === 1,
    restated: Number(r.restated) === 1,
    restatementNote: String(r.restatement_note),
    totals: {
      tco2eLocation: Number(r.tco2e_location),
      tco2eMarket: Number(r.tco2e_market),
      tce: Number(r.tce),
      scope1Tco2e: Number(r.scope1_tco2e),
      scope2Tco2eLocation: Number(r.scope2_tco2e_location),
      scope2Tco2eMarket: Number(r.scope2_tco2e_market),
      lines: Number(r.lines),
    },
    byType: parseObject(String(r.by_type)),
    output: r.report_id
      ? {
          valueAddedCNY: Number(r.value_added_cny),
          outputValueCNY: Number(r.output_value_cny),
          reportId: String(r.report_id),
        }
      : null,
    intensityValueAdded: hasIntensity ? Number(r.intensity_value_added) : null,
    intensityOutput: hasIntensity ? Number(r.intensity_output) : null,
    band: r.band ? String(r.band) : null,
    industrySection: String(r.industry_section),
    industryAverageIntensity: avg > 0 ? avg : null,
    k: grade > 0 ? Number(r.k) : null,
    grade: grade > 0 ? grade : null,
    assets,
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Ledger balance at the end of `month` and the month's net credits (issues and adjustments). */
export async function assetsOf(ch: ClickHouse, orgId: string, month: string) {
  const rows = await ch.query<{ balance: number; issued: number }>(
    sql`SELECT sumIf(${signedTco2e}, month <= ${month}) AS balance,
      sumIf(tco2e, kind IN ('issue', 'adjust') AND month = ${month}) AS issued
      FROM ledger WHERE org_id = ${orgId}`,
  );
  return {
    balanceTco2e: Number(rows[0]?.balance ?? 0),
    issuedInMonthTco2e: Number(rows[0]?.issued ?? 0),
  };
}

/** Current monthly accounts of an org for a set of months (profile trend). */
export async function accountsForMonths(ch: ClickHouse, orgId: string, months: string[]) {
  return ch.query<Record<string, string | number>>(
    sql`SELECT month, argMax(tco2e_location, version) AS loc,
      argMax(has_intensity, version) AS hi, argMax(intensity_value_added, version) AS iva,
      argMax(intensity_output, version) AS io, argMax(band, version) AS band,
      argMax(k, version) AS k, argMax(grade, version) AS grade, max(restated) AS restated,
      argMax(provisional, version) AS provisional
      FROM monthly_accounts WHERE org_id = ${orgId} AND month IN (${joinSql(months)})
      GROUP BY month ORDER BY month`,
  );
}

type Entry = queryApi.LedgerBody['entries'][number];

/**
 * An org's whole ledger in seq order: the chain can only be verified over all entries,
 * and an org's ledger is a handful of entries per month.
 */
export async function ledgerOf(ch: ClickHouse, orgId: string) {
  const rows = await ch.query<Record<string, unknown>>(
    sql`SELECT * FROM ledger WHERE org_id = ${orgId} ORDER BY seq`,
  );
  const entries: Entry[] = rows.map((r) => ({
    seq: Number(r.seq),
    entryId: String(r.entry_id),
    kind: String(r.kind),
    methodologyId: String(r.methodology_id),
    methodologyVersion: Number(r.methodology_version),
    month: String(r.month),
    tco2e: Number(r.tco2e),
    basis: String(r.basis),
    factors: (r.factor_ids as string[]).map((id, i) => ({
      id,
      version: Number((r.factor_versions as number[])[i]),
    })),
    previousHash: String(r.previous_hash),
    hash: String(r.hash),
    createdAt: String(r.created_at),
  }));
  const check = verifyLedgerChain(
    entries.map((e) => ({
      entryId: e.entryId,
      orgId,
      kind: e.kind as 'issue' | 'retire' | 'adjust',
      tco2e: e.tco2e,
      methodologyId: e.methodologyId,
      month: e.month,
      createdAt: e.createdAt,
      previousHash: e.previousHash,
      hash: e.hash,
    })),
  );
  const balance = entries.reduce(
    (sum, e) => sum + (e.kind === 'retire' ? -Math.abs(e.tco2e) : e.tco2e),
    0,
  );
  return {
    entries,
    balanceTco2e: balance,
    chain: check.valid
      ? { valid: true, entries: entries.length, firstBadSeq: null, reason: null }
      : {
          valid: false,
          entries: entries.length,
          firstBadSeq: entries[check.firstBadIndex]?.seq ?? null,
          reason: check.reason,
        },
  };
}
