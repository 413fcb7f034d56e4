import {
  type AccountLine,
  createFactorLibrary,
  emissionOf,
  type Issuance,
  issuancesFor,
  type MonthlyAccount,
  monthlyAccount,
} from '@carbon-account/accounting';
import { type ClickHouse, rawSql } from '@carbon-account/clickhouse';
import {
  type EnergyReadingV1Input,
  energyReadingV1,
  type OrgOutputV1,
  type OrgRecord,
} from '@carbon-account/schemas';
import { eventually } from './service-process.js';

const monthOf = (periodStart: string) =>
  new Date(Date.parse(periodStart) + 8 * 3600_000).toISOString().slice(0, 7);

export interface ExpectedAccount {
  account: MonthlyAccount;
  credits: Issuance[];
}

/**
 * Per org and month, the account and credits the pipeline must arrive at, recomputed here
 * from the inputs as sent with packages/accounting alone: the last version of each reading
 * wins, the output report with the newest reportedAt wins, and the industry average of a
 * section and month is its orgs' total location-based emissions ÷ their total value added.
 */
export function expectedAccounts(input: {
  readings: readonly EnergyReadingV1Input[];
  outputs: readonly OrgOutputV1[];
  registry: readonly OrgRecord[];
}): Map<string, ExpectedAccount> {
  const library = createFactorLibrary();
  const latest = new Map<string, EnergyReadingV1Input>();
  for (const r of input.readings) latest.set(`${r.orgId}|${r.readingId}`, r);
  const lines = new Map<string, AccountLine[]>();
  const pv = new Map<string, number>();
  for (const r of latest.values()) {
    const parsed = energyReadingV1.parse(r);
    const e = emissionOf(parsed, library);
    const key = `${r.orgId}|${monthOf(r.periodStart)}`;
    lines.set(key, [
      ...(lines.get(key) ?? []),
      {
        scope: e.scope,
        type: parsed.type,
        tco2eLocation: e.tco2eLocation,
        tco2eMarket: e.tco2eMarket,
        tce: e.tce,
      },
    ]);
    if (parsed.type === 'pv_generation') pv.set(key, (pv.get(key) ?? 0) + e.activity);
  }
  const outputs = new Map<string, OrgOutputV1>();
  for (const o of input.outputs) {
    const key = `${o.orgId}|${o.month}`;
    const seen = outputs.get(key);
    if (!seen || Date.parse(o.reportedAt ?? '') >= Date.parse(seen.reportedAt ?? ''))
      outputs.set(key, o);
  }
  const org = new Map(input.registry.map((o) => [o.orgId, o]));
  const sectionOf = (orgId: string) => org.get(orgId)?.industryCode.slice(0, 1) ?? '';
  const keys = [...new Set([...lines.keys(), ...outputs.keys()])];
  const sectionSums = new Map<string, { tco2e: number; va: number }>();
  for (const key of keys) {
    const [orgId, month] = key.split('|') as [string, string];
    const va = outputs.get(key)?.valueAddedCNY ?? 0;
    if (!(va > 0) || !sectionOf(orgId)) continue;
    const s = sectionSums.get(`${sectionOf(orgId)}|${month}`) ?? { tco2e: 0, va: 0 };
    s.tco2e += (lines.get(key) ?? []).reduce((t, l) => t + l.tco2eLocation, 0);
    s.va += va;
    sectionSums.set(`${sectionOf(orgId)}|${month}`, s);
  }
  const expected = new Map<string, ExpectedAccount>();
  for (const key of keys) {
    const [orgId, month] = key.split('|') as [string, string];
    const s = sectionSums.get(`${sectionOf(orgId)}|${month}`);
    const output = outputs.get(key);
    const account = monthlyAccount({
      orgId,
      month,
      lines: lines.get(key) ?? [],
      output,
      industryAverageIntensity: s ? s.tco2e / (s.va / 10_000) : undefined,
    });
    const credits = issuancesFor({
      orgId,
      month,
      regionCode: org.get(orgId)?.regionCode ?? '500237',
      account,
      valueAddedCNY: output?.valueAddedCNY,
      baselineIntensity: org.get(orgId)?.baselineIntensity,
      pvGenerationMWh: pv.get(key) ?? 0,
      library,
    });
    expected.set(key, { account, credits });
  }
  return expected;
}

export interface StoredAccount {
  org_id: string;
  month: string;
  loc: number;
  mkt: number;
  energy: number;
  s1: number;
  s2: number;
  n: number;
  iva: number;
  iout: number;
  kk: number;
  g: number;
  b: string;
  ver: number;
  re: number;
  note: string;
  prov: number;
}

/**
 * Account processor settings for tests of closed months: an account is final after 2 s
 * without a change (production: 10 min) and the closer looks every 300 ms, so a test
 * waits seconds for credits instead of minutes.
 */
export const SETTLE_QUICKLY = { MONTH_SETTLE_SECONDS: '2', MONTH_CLOSE_CHECK_MS: '300' };

/** Waits until every stored account is final (its month closed, its figures settled). */
export function accountsFinal(ch: ClickHouse, timeoutMs = 60_000): Promise<void> {
  return eventually(
    'every account to be final',
    async () => [...(await storedAccounts(ch)).values()].every((a) => a.prov === 0),
    timeoutMs,
  );
}

/** The current version of every stored account. */
export async function storedAccounts(ch: ClickHouse): Promise<Map<string, StoredAccount>> {
  const rows = await ch.query<Record<string, string | number>>(
    rawSql(`SELECT org_id, month, argMax(tco2e_location, version) AS loc, argMax(tco2e_market, version) AS mkt,
      argMax(tce, version) AS energy, argMax(scope1_tco2e, version) AS s1, argMax(scope2_tco2e_location, version) AS s2,
      argMax(lines, version) AS n, argMax(intensity_value_added, version) AS iva, argMax(intensity_output, version) AS iout,
      argMax(k, version) AS kk, argMax(grade, version) AS g, argMax(band, version) AS b, max(version) AS ver,
      argMax(restated, version) AS re, argMax(restatement_note, version) AS note,
      argMax(provisional, version) AS prov
    FROM monthly_accounts GROUP BY org_id, month`),
  );
  return new Map(
    rows.map((r) => [
      `${r.org_id}|${r.month}`,
      {
        org_id: String(r.org_id),
        month: String(r.month),
        loc: Number(r.loc),
        mkt: Number(r.mkt),
        energy: Number(r.energy),
        s1: Number(r.s1),
        s2: Number(r.s2),
        n: Number(r.n),
        iva: Number(r.iva),
        iout: Number(r.iout),
        kk: Number(r.kk),
        g: Number(r.g),
        b: String(r.b),
        ver: Number(r.ver),
        re: Number(r.re),
        note: String(r.note),
        prov: Number(r.prov),
      },
    ]),
  );
}

/** Differences beyond 1e-9 relative between stored and expected accounts, as readable lines. */
export function accountsDiff(
  expected: Map<string, ExpectedAccount>,
  stored: Map<string, StoredAccount>,
): string[] {
  const problems: string[] = [];
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  for (const [key, { account: e }] of expected) {
    const a = stored.get(key);
    if (!a) {
      problems.push(`${key}: missing`);
      continue;
    }
    const pairs: [string, number, number][] = [
      ['tco2e_location', a.loc, e.total.tco2eLocation],
      ['tco2e_market', a.mkt, e.total.tco2eMarket],
      ['tce', a.energy, e.total.tce],
      ['scope1', a.s1, e.byScope['1']?.tco2eLocation ?? 0],
      ['scope2', a.s2, e.byScope['2']?.tco2eLocation ?? 0],
      ['intensity_value_added', a.iva, e.intensityValueAdded ?? 0],
      ['intensity_output', a.iout, e.intensityOutput ?? 0],
      ['k', a.kk, e.k ?? 0],
    ];
    for (const [field, got, want] of pairs)
      if (rel(got, want) > 1e-9) problems.push(`${key} ${field}: ${got} ≠ ${want}`);
    if (a.g !== (e.grade ?? 0)) problems.push(`${key} grade: ${a.g} ≠ ${e.grade}`);
    if (a.b !== (e.band ?? '')) problems.push(`${key} band: ${a.b} ≠ ${e.band}`);
    if (a.n !== e.total.lines) problems.push(`${key} lines: ${a.n} ≠ ${e.total.lines}`);
  }
  for (const key of stored.keys()) if (!expected.has(key)) problems.push(`${key}: unexpected`);
  return problems;
}

export interface StoredLedgerEntry {
  orgId: string;
  seq: number;
  entryId: string;
  kind: 'issue' | 'retire' | 'adjust';
  methodologyId: string;
  month: string;
  tco2e: number;
  createdAt: string;
  previousHash: string;
  hash: string;
}

/** Every ledger entry, per org in seq order. */
export async function storedLedgers(ch: ClickHouse): Promise<Map<string, StoredLedgerEntry[]>> {
  const rows = await ch.query<Record<string, string | number>>(
    rawSql(
      'SELECT org_id, seq, entry_id, kind, methodology_id, month, tco2e, created_at, previous_hash, hash FROM ledger ORDER BY org_id, seq',
    ),
  );
  const ledgers = new Map<string, StoredLedgerEntry[]>();
  for (const r of rows) {
    const orgId = String(r.org_id);
    ledgers.set(orgId, [
      ...(ledgers.get(orgId) ?? []),
      {
        orgId,
        seq: Number(r.seq),
        entryId: String(r.entry_id),
        kind: String(r.kind) as StoredLedgerEntry['kind'],
        methodologyId: String(r.methodology_id),
        month: String(r.month),
        tco2e: Number(r.tco2e),
        createdAt: String(r.created_at),
        previousHash: String(r.previous_hash),
        hash: String(r.hash),
      },
    ]);
  }
  return ledgers;
}

/** Net credits per (org, methodology, month) that the ledger holds, against what is owed. */
export function creditsDiff(
  expected: Map<string, ExpectedAccount>,
  ledgers: Map<string, StoredLedgerEntry[]>,
): string[] {
  const net = new Map<string, number>();
  for (const entries of ledgers.values())
    for (const e of entries) {
      const key = `${e.orgId}|${e.methodologyId}|${e.month}`;
      net.set(key, (net.get(key) ?? 0) + e.tco2e);
    }
  const owed = new Map<string, number>();
  for (const { credits } of expected.values())
    for (const c of credits) owed.set(`${c.orgId}|${c.methodologyId}|${c.month}`, c.tco2e);
  const problems: string[] = [];
  for (const key of new Set([...net.keys(), ...owed.keys()])) {
    const a = net.get(key) ?? 0;
    const b = owed.get(key) ?? 0;
    if (Math.abs(a - b) > 1e-9 * Math.max(Math.abs(b), 1))
      problems.push(`${key}: ledger ${a} ≠ owed ${b}`);
  }
  return problems;
}

/**
 * Final accounts whose newest version is not the one their ledger writer recorded as
 * followed (ledger_followed), as "org|month newest followed": after the writer brought a
 * month's credits up to date, none.
 */
export async function ledgersNotFollowing(ch: ClickHouse): Promise<string[]> {
  const rows = await ch.query<Record<string, string | number>>(
    rawSql(`SELECT org_id, month, newest, followed FROM (
      SELECT org_id, month, max(version) AS newest FROM monthly_accounts
      GROUP BY org_id, month HAVING argMax(provisional, version) = 0
    ) AS accounts
    ANY LEFT JOIN (
      SELECT org_id, month, max(account_version) AS followed FROM ledger_followed
      GROUP BY org_id, month
    ) AS ledgers USING (org_id, month)
    WHERE newest != followed
    ORDER BY org_id, month`),
  );
  return rows.map((r) => `${r.org_id}|${r.month} ${r.newest} ${r.followed}`);
}
