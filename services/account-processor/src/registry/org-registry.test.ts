import type { OrgRecord } from '@carbon-account/schemas';
import { describe, expect, it } from 'vitest';
import {
  orgsOfSection,
  registeredOrg,
  registryChanges,
  registryOf,
  sectionOf,
} from './org-registry.js';

const record = (orgId: string, industryCode: string, baselineIntensity?: number): OrgRecord => ({
  orgId,
  name: `org ${orgId}`,
  industryCode,
  town: '高唐街道',
  regionCode: '500237',
  ...(baselineIntensity === undefined ? {} : { baselineIntensity }),
});

describe('org registry loads', () => {
  const stored = registryOf([
    registeredOrg(record('a', 'C3011', 2), 10),
    registeredOrg(record('b', 'D4411'), 10),
  ]);

  it('knows each org section by the first letter of its GB/T 4754 code', () => {
    expect(sectionOf(stored, 'a')).toBe('C');
    expect(sectionOf(stored, 'unknown')).toBe('');
    expect(orgsOfSection(stored, 'D')).toEqual(['b']);
    expect(stored.version).toBe(10);
  });

  it('a reload versions only the orgs that are new or changed', () => {
    const changes = registryChanges(
      stored,
      [record('a', 'C3011', 2), record('b', 'C2614'), record('c', 'E4710', 1.5)],
      20,
    );
    expect(
      changes.map((c) => [c.after.orgId, c.before?.section, c.after.section, c.after.version]),
    ).toEqual([
      ['b', 'D', 'C', 20],
      ['c', undefined, 'E', 20],
    ]);
  });

  it('a changed baseline is a change; the same file again is none', () => {
    expect(registryChanges(stored, [record('a', 'C3011', 2.1)], 20)).toHaveLength(1);
    expect(registryChanges(stored, [record('a', 'C3011', 2), record('b', 'D4411')], 20)).toEqual(
      [],
    );
  });
});
