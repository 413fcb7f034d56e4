import { describe, expect, it } from 'vitest';
import { createContractReading } from './contract-reading.js';
import { energyReadingV1 } from './energy-reading.js';
import { validReading } from './test-readings.js';

const valid = { ...validReading(), greenElectricityKWh: 12.5 };

// Values a producer gets wrong, tried in every field.
const spoilers: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x',
  'a b',
  'x'.repeat(129),
  0,
  -1,
  -0.001,
  1e308,
  '12',
  true,
  [],
  {},
  'electricity',
  'steam',
  'platform',
  'cems',
  'Enterprise',
  '91500237MA5U7T2K1X',
  '91500237MA5U7T2K1',
  '91500237ma5u7t2k1y',
  '2025-03-01T00:00:00',
  '2025-03-01T00:00:00Z',
  '2025-03-01T00:00:00.5+08:00',
  '2025-02-29T00:00:00+08:00',
  '2024-02-29T00:00:00+08:00',
  '2025-03-01 00:00:00+08:00',
  '2025-03-01T24:00:00+08:00',
  '2025-04-01T00:00:00+08:00',
  '2025-04-01T01:00:01+08:00',
  '2025-02-28T23:00:00+08:00',
];

const fields = [...Object.keys(valid), 'densityKgPerL', 'steamEnthalpyKJPerKg', 'extra'];

function variants(): unknown[] {
  const out: unknown[] = [valid, null, [], 'a reading', [valid]];
  const { greenElectricityKWh: _, ...withoutGreen } = valid;
  out.push(withoutGreen, { ...valid, type: 'diesel', unit: 'L', greenElectricityKWh: 0 });
  for (const field of fields) {
    for (const spoiler of spoilers) {
      out.push({ ...valid, [field]: spoiler });
      out.push({ ...withoutGreen, type: 'steam', unit: 't', [field]: spoiler });
    }
  }
  // Through JSON, as the API gets them (no undefined, no functions).
  return out.map((v) => JSON.parse(JSON.stringify(v) ?? 'null'));
}

describe('the precompiled reading check', () => {
  const contractReading = createContractReading();

  it('accepts only what zod accepts, and gives exactly zod’s output for it', () => {
    let accepted = 0;
    for (const value of variants()) {
      const fast = contractReading(value);
      const zod = energyReadingV1.safeParse(value);
      const what = JSON.stringify(value);
      if (fast !== undefined) {
        accepted++;
        expect(zod.success, what).toBe(true);
        // Same fields, same values, same order: the record on the topic is the same bytes.
        expect(JSON.stringify(fast), what).toBe(JSON.stringify(zod.data));
      } else {
        expect(zod.success, `zod accepts what the fast check refused: ${what}`).toBe(false);
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it('judges what a CSV row can carry and JSON cannot (absent cells, numbers out of range) as zod does', () => {
    for (const field of ['quantity', 'greenElectricityKWh', 'densityKgPerL']) {
      for (const odd of [Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
        const value = { ...valid, [field]: odd };
        const fast = contractReading(value);
        const zod = energyReadingV1.safeParse(value);
        expect(fast !== undefined, `${field}: ${odd}`).toBe(zod.success);
        if (fast) expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }
    }
  });

  it('refuses a wrong check character even after the same org was seen valid', () => {
    expect(contractReading(valid)?.orgId).toBe(valid.orgId);
    expect(contractReading({ ...valid, orgId: '91500237MA5U7T2K1X' })).toBeUndefined();
    expect(contractReading(valid)?.orgId).toBe(valid.orgId);
  });
});
