import { readFile } from 'node:fs/promises';
import type { ClickHouse } from '@carbon-account/clickhouse';
import { rawSql } from '@carbon-account/clickhouse';
import { describeFieldErrors, fieldErrors, orgRegistryFile } from '@carbon-account/schemas';
import {
  type OrgRegistry,
  type RegisteredOrg,
  registryChanges,
  registryOf,
} from './org-registry.js';

export class RegistryFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`org registry file ${file}: ${problem}`);
    this.name = 'RegistryFileError';
  }
}

/** Reads and validates the registry file; a bad file names the fields at fault. */
export async function readRegistryFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new RegistryFileError(file, (err as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RegistryFileError(file, `not JSON: ${(err as Error).message}`);
  }
  const parsed = orgRegistryFile.safeParse(json);
  if (!parsed.success)
    throw new RegistryFileError(file, describeFieldErrors(fieldErrors(parsed.error)));
  const ids = parsed.data.orgs.map((o) => o.orgId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new RegistryFileError(file, `orgs: ${dup} appears twice`);
  return parsed.data.orgs;
}

/** The registry as stored: the newest version of each org (argMax, merged or not). */
export async function storedRegistry(ch: ClickHouse): Promise<OrgRegistry> {
  const rows = await ch.query<Record<string, string | number>>(
    rawSql(`SELECT org_id, argMax(name, version) AS cur_name, argMax(industry_code, version) AS cur_code,
      argMax(town, version) AS cur_town, argMax(region_code, version) AS cur_region,
      argMax(baseline_intensity, version) AS cur_baseline, argMax(has_baseline, version) AS cur_has_baseline,
      max(version) AS cur_version
    FROM orgs GROUP BY org_id`),
  );
  return registryOf(
    rows.map(
      (r): RegisteredOrg => ({
        orgId: String(r.org_id),
        name: String(r.cur_name),
        industryCode: String(r.cur_code),
        section: String(r.cur_code).slice(0, 1),
        town: String(r.cur_town),
        regionCode: String(r.cur_region),
        baselineIntensity: Number(r.cur_has_baseline) ? Number(r.cur_baseline) : undefined,
        version: Number(r.cur_version),
      }),
    ),
  );
}

/**
 * Loads the file into the `orgs` table: the orgs that are new or changed get a new version
 * (version = load time in ms), the rest are left alone, so restarting writes nothing.
 * Returns the registry as now stored and what changed.
 */
export async function syncRegistry(ch: ClickHouse, file: string, now = Date.now()) {
  const records = await readRegistryFile(file);
  const stored = await storedRegistry(ch);
  const changes = registryChanges(stored, records, Math.max(now, stored.version + 1));
  await ch.insert(
    'orgs',
    changes.map(({ after }) => ({
      org_id: after.orgId,
      name: after.name,
      industry_code: after.industryCode,
      industry_section: after.section,
      town: after.town,
      region_code: after.regionCode,
      baseline_intensity: after.baselineIntensity ?? 0,
      has_baseline: after.baselineIntensity === undefined ? 0 : 1,
      version: after.version,
      updated_at: Math.floor(now / 1000),
    })),
  );
  const merged = new Map(stored.byOrg);
  for (const { after } of changes) merged.set(after.orgId, after);
  return { registry: registryOf(merged.values()), changes };
}
