import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFactorLibrary,
  emissionOf,
  LEDGER_GENESIS_HASH,
  type LedgerEntryContent,
  ledgerEntryHash,
} from '@carbon-account/accounting';
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

/** Ledger rows chained with packages/accounting's hash, as the account processor appends them (tests plant changed ones). */
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
