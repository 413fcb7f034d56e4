import { withUsccCheckCharacter } from '@carbon-account/accounting';
import type { EnergyReadingV1Input } from '@carbon-account/schemas';

/** A deterministic pseudo-random sequence (mulberry32), so failures reproduce. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function testOrgIds(n: number, salt = 'T'): string[] {
  return Array.from({ length: n }, (_, i) =>
    withUsccCheckCharacter(`91500237${salt}${String(i).padStart(8, '0')}`),
  );
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

/**
 * Readings for the given orgs: hourly electricity of one meter (some with green power),
 * and monthly diesel, natural gas and heat deliveries, from `from` for `hours` hours.
 * Quantities vary with the seed. Used where the simulator's realism is not the point.
 */
export function testReadings(opts: {
  orgIds: string[];
  from: string;
  hours: number;
  seed?: number;
}): EnergyReadingV1Input[] {
  const random = seeded(opts.seed ?? 1);
  const start = Date.parse(opts.from);
  const out: EnergyReadingV1Input[] = [];
  for (const orgId of opts.orgIds) {
    for (let h = 0; h < opts.hours; h++) {
      const t = start + h * 3600_000;
      const kwh = Math.round((50 + random() * 950) * 100) / 100;
      out.push({
        readingId: `e1:${iso(t)}`,
        orgId,
        meterId: 'e1',
        source: 'enterprise',
        type: 'electricity',
        quantity: kwh,
        unit: 'kWh',
        periodStart: iso(t),
        periodEnd: iso(t + 3600_000),
        greenElectricityKWh: random() < 0.2 ? Math.round(kwh * 0.3 * 100) / 100 : 0,
      });
      if (h % (24 * 30) === 0) {
        const month = iso(t);
        out.push(
          {
            readingId: `d1:${month}`,
            orgId,
            meterId: 'd1',
            source: 'enterprise',
            type: 'diesel',
            quantity: Math.round(random() * 5000) / 1000,
            unit: 't',
            periodStart: month,
            periodEnd: iso(t + 24 * 3600_000),
          },
          {
            readingId: `g1:${month}`,
            orgId,
            meterId: 'g1',
            source: 'platform',
            type: 'natural_gas',
            quantity: Math.round(random() * 20000),
            unit: 'm3',
            periodStart: month,
            periodEnd: iso(t + 24 * 3600_000),
          },
          {
            readingId: `h1:${month}`,
            orgId,
            meterId: 'h1',
            source: 'enterprise',
            type: 'heat',
            quantity: Math.round(random() * 500),
            unit: 'GJ',
            periodStart: month,
            periodEnd: iso(t + 24 * 3600_000),
          },
        );
      }
    }
  }
  return out;
}
