import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFactorLibrary,
  emissionOf,
  LEDGER_GENESIS_HASH,
  type LedgerEntryContent,
  ledgerEntryHash,
  monthlyAccount,
} from '@carbon-account/accounting';
import type { ClickHouse } from '@carbon-account/clickhouse';
import { freePort, type Tethered } from '@carbon-account/infra';
import { newApiKey, type Principal } from '@carbon-account/query-api/api-keys';
import { type EnergyReadingV1Input, energyReadingV1 } from '@carbon-account/schemas';
import { serviceEnv } from './fixtures.js';
import { eventually, startService } from './service-process.js';

/** A query API process on a free port with the given keys; `call` sends a key. */
export async function startQueryApi(
  database: string,
  principals: Record<string, Principal>,
  extraEnv: Record<string, string> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'query-api-keys-'));
  const keys: Record<string, string> = {};
  const entries = Object.entries(principals).map(([name, who]) => {
    const made = newApiKey(name, who);
    keys[name] = made.key;
    return made.entry;
  });
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify({ keys: entries }));
  const port = await freePort();
  const api: Tethered = startService(
    'query-api',
    serviceEnv({
      CLICKHOUSE_DATABASE: database,
      QUERY_API_KEYS_FILE: keysFile,
      PORT: String(port),
      ...extraEnv,
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  await eventually(
    'the query API to be ready',
    async () => (await fetch(`${base}/readyz`)).ok,
    60_000,
  );
  const call = async (path: string, key?: string, init: RequestInit = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (key) headers.authorization = `Bearer ${key}`;
    if (init.body) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { ...init, headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // CSV and other text stay text
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly and assert them
    return { status: res.status, body: body as any, text, headers: res.headers };
  };
  return { api, base, keys, call };
}

/** Registry rows straight into `orgs` (the account processor's registry loader fills it in production). */
export async function insertOrgs(
  ch: ClickHouse,
  orgs: { orgId: string; name: string; town: string; industry: string; region: string }[],
) {
  await ch.insert(
    'orgs',
    orgs.map((o) => ({
      org_id: o.orgId,
      name: o.name,
      industry_code: `${o.industry}3011`,
      industry_section: o.industry,
      town: o.town,
      region_code: o.region,
      baseline_intensity: 0,
      has_baseline: 0,
      version: 1,
      updated_at: Math.floor(Date.now() / 1000),
    })),
  );
}

const monthOf = (periodStart: string) =>
  new Date(Date.parse(periodStart) + 8 * 3600_000).toISOString().slice(0, 7);

export interface ComputedLine {
  reading: EnergyReadingV1Input;
  month: string;
  scope: number;
  type: string;
  tco2eLocation: number;
  tco2eMarket: number;
  tce: number;
  factors: { id: string; version: number }[];
}

/** Every valid reading (last version per id) through packages/accounting: the independent figures. */
export function computeLines(readings: readonly EnergyReadingV1Input[]): ComputedLine[] {
  const library = createFactorLibrary();
  const latest = new Map<string, EnergyReadingV1Input>();
  for (const r of readings) latest.set(`${r.orgId}|${r.readingId}`, r);
  const out: ComputedLine[] = [];
  for (const r of latest.values()) {
    const parsed = energyReadingV1.safeParse(r);
    if (!parsed.success) continue;
    const e = emissionOf(parsed.data, library);
    out.push({
      reading: r,
      month: monthOf(r.periodStart),
      scope: e.scope,
      type: r.type,
      tco2eLocation: e.tco2eLocation,
      tco2eMarket: e.tco2eMarket,
      tce: e.tce,
      factors: e.factors,
    });
  }
  return out;
}

/**
 * Monthly accounts as the account processor writes them (migration 0005), computed here
 * with packages/accounting `monthlyAccount` from the same lines.
 */
export function accountRows(
  lines: readonly ComputedLine[],
  orgId: string,
  month: string,
  version: number,
  output: { valueAddedCNY: number; outputValueCNY: number; reportId: string },
  industryAverageIntensity: number,
) {
  const mine = lines.filter((l) => l.reading.orgId === orgId && l.month === month);
  const account = monthlyAccount({
    orgId,
    month,
    lines: mine.map((l) => ({
      scope: l.scope as 1 | 2,
      type: l.type as 'electricity',
      tco2eLocation: l.tco2eLocation,
      tco2eMarket: l.tco2eMarket,
      tce: l.tce,
    })),
    output,
    industryAverageIntensity,
  });
  return {
    account,
    row: {
      org_id: orgId,
      month,
      tco2e_location: account.total.tco2eLocation,
      tco2e_market: account.total.tco2eMarket,
      scope1_tco2e: account.byScope['1']?.tco2eLocation ?? 0,
      scope2_tco2e_location: account.byScope['2']?.tco2eLocation ?? 0,
      scope2_tco2e_market: account.byScope['2']?.tco2eMarket ?? 0,
      tce: account.total.tce,
      lines: account.total.lines,
      by_type: JSON.stringify(account.byType),
      value_added_cny: output.valueAddedCNY,
      output_value_cny: output.outputValueCNY,
      report_id: output.reportId,
      intensity_value_added: account.intensityValueAdded ?? 0,
      intensity_output: account.intensityOutput ?? 0,
      has_intensity: account.intensityValueAdded === undefined ? 0 : 1,
      band: account.band ?? '',
      industry_section: 'C',
      industry_average_intensity: industryAverageIntensity,
      k: account.k ?? 0,
      grade: account.grade ?? 0,
      restated: version > 1 ? 1 : 0,
      restatement_note: version > 1 ? 'output report corrected' : '',
      version,
      computed_at: Math.floor(Date.now() / 1000),
    },
  };
}

/** Ledger rows chained with packages/accounting's hash, as the account processor appends them. */
export function ledgerRows(
  orgId: string,
  entries: { kind: LedgerEntryContent['kind']; tco2e: number; month: string }[],
) {
  let previous = LEDGER_GENESIS_HASH;
  return entries.map((e, i) => {
    const content: LedgerEntryContent = {
      entryId: `${orgId}:${e.kind}:${e.month}:${i}`,
      orgId,
      kind: e.kind,
      tco2e: e.tco2e,
      methodologyId: e.kind === 'issue' ? 'onsite-pv' : '',
      month: e.month,
      createdAt: `${e.month}-28T00:00:00.000Z`,
    };
    const hash = ledgerEntryHash(previous, content);
    const row = {
      org_id: orgId,
      seq: i + 1,
      entry_id: content.entryId,
      kind: e.kind,
      methodology_id: content.methodologyId,
      methodology_version: 1,
      month: e.month,
      tco2e: e.tco2e,
      basis: '{}',
      factor_ids: [],
      factor_versions: [],
      previous_hash: previous,
      hash,
      created_at: content.createdAt,
    };
    previous = hash;
    return row;
  });
}
