import { isValidUscc, usccRegionCode } from '@carbon-account/accounting';
import { orgRecord, orgRegistryFile } from '@carbon-account/schemas';
import { describe, expect, it } from 'vitest';
import { simulatedEnterprises, simulatedOrgs } from './enterprises.js';
import { INDUSTRIES, WUSHAN_TOWNS } from './industries.js';

describe('simulated enterprises of Wushan County', () => {
  const orgs = simulatedOrgs(500, 42);

  it('are valid registry records with valid, unique credit codes of region 500237', () => {
    expect(orgRegistryFile.safeParse({ orgs }).success).toBe(true);
    for (const org of orgs) {
      expect(orgRecord.parse(org)).toEqual(org);
      expect(isValidUscc(org.orgId)).toBe(true);
      expect(usccRegionCode(org.orgId)).toBe('500237');
      expect(org.regionCode).toBe('500237');
      expect(WUSHAN_TOWNS).toContain(org.town);
    }
    expect(new Set(orgs.map((o) => o.orgId)).size).toBe(500);
    expect(new Set(orgs.map((o) => o.name)).size).toBe(500);
  });

  it('span the industries and towns, and some have a baseline intensity', () => {
    expect(new Set(simulatedOrgs(INDUSTRIES.length, 42).map((o) => o.industryCode)).size).toBe(
      INDUSTRIES.length,
    );
    expect(new Set(orgs.map((o) => o.town)).size).toBeGreaterThan(8);
    const withBaseline = orgs.filter((o) => o.baselineIntensity !== undefined).length;
    expect(withBaseline).toBeGreaterThan(100);
    expect(withBaseline).toBeLessThan(300);
  });

  it('are the same for the same seed, and the first n do not depend on how many are asked for', () => {
    expect(simulatedOrgs(500, 42)).toEqual(orgs);
    expect(simulatedOrgs(20, 42)).toEqual(orgs.slice(0, 20));
    const other = simulatedOrgs(20, 43);
    expect(other.map((o) => o.orgId)).not.toEqual(orgs.slice(0, 20).map((o) => o.orgId));
  });

  it('include CEMS plants, PV roofs, green-power buyers and both metering intervals', () => {
    const enterprises = simulatedEnterprises(200, 42);
    expect(enterprises[0]?.cemsMonthlyCo2T).toBeGreaterThan(0);
    expect(enterprises.filter((e) => e.pvKw > 0).length).toBeGreaterThan(10);
    expect(enterprises.filter((e) => e.greenShare > 0).length).toBeGreaterThan(10);
    const intervals = new Set(enterprises.map((e) => e.electricityInterval));
    expect(intervals).toEqual(new Set(['15min', 'hour']));
    // A CEMS plant's coal is inside its measured stack CO2, so it reports no coal.
    for (const e of enterprises.filter((x) => x.cemsMonthlyCo2T > 0)) {
      expect(e.deliveries.map((d) => d.delivery.type)).not.toContain('raw_coal');
    }
  });
});
