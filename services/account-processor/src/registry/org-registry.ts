import type { OrgRecord } from '@carbon-account/schemas';

/** An org as the registry knows it now. */
export interface RegisteredOrg {
  orgId: string;
  name: string;
  industryCode: string;
  /** GB/T 4754 section: the first letter of the industry code. */
  section: string;
  town: string;
  regionCode: string;
  baselineIntensity?: number;
  version: number;
}

export interface OrgRegistry {
  byOrg: ReadonlyMap<string, RegisteredOrg>;
  /** The newest version of any org: which registry an account was computed with. */
  version: number;
}

export const emptyRegistry: OrgRegistry = { byOrg: new Map(), version: 0 };

export function registryOf(orgs: Iterable<RegisteredOrg>): OrgRegistry {
  const byOrg = new Map<string, RegisteredOrg>();
  let version = 0;
  for (const org of orgs) {
    byOrg.set(org.orgId, org);
    version = Math.max(version, org.version);
  }
  return { byOrg, version };
}

export const sectionOf = (registry: OrgRegistry, orgId: string) =>
  registry.byOrg.get(orgId)?.section ?? '';

export function orgsOfSection(registry: OrgRegistry, section: string): string[] {
  if (section === '') return [];
  return [...registry.byOrg.values()].filter((o) => o.section === section).map((o) => o.orgId);
}

export function registeredOrg(record: OrgRecord, version: number): RegisteredOrg {
  return {
    orgId: record.orgId,
    name: record.name,
    industryCode: record.industryCode,
    section: record.industryCode.slice(0, 1),
    town: record.town,
    regionCode: record.regionCode,
    baselineIntensity: record.baselineIntensity,
    version,
  };
}

const sameOrg = (a: RegisteredOrg, b: RegisteredOrg) =>
  a.name === b.name &&
  a.industryCode === b.industryCode &&
  a.town === b.town &&
  a.regionCode === b.regionCode &&
  a.baselineIntensity === b.baselineIntensity;

/**
 * The records of a newly loaded file that are new or differ from the stored registry:
 * only they get a new version. Orgs absent from the file keep their last version (a
 * registry file that leaves an org out does not erase its history or its accounts).
 */
export function registryChanges(
  stored: OrgRegistry,
  records: readonly OrgRecord[],
  version: number,
): { before?: RegisteredOrg; after: RegisteredOrg }[] {
  const changes: { before?: RegisteredOrg; after: RegisteredOrg }[] = [];
  for (const record of records) {
    const after = registeredOrg(record, version);
    const before = stored.byOrg.get(record.orgId);
    if (!before || !sameOrg(before, after)) changes.push({ before, after });
  }
  return changes;
}
