import { createFactorLibrary, emissionOf } from '@carbon-account/accounting';
import { energyReadingV1 } from '@carbon-account/schemas';
import { describe, expect, it } from 'vitest';
import { accountingMonth, computeBatch } from './compute.js';
import { decodeBatch } from './decode.js';
import { message, reading } from './test-messages.js';

const library = createFactorLibrary();
const decode = (...inputs: ReturnType<typeof reading>[]) =>
  decodeBatch(inputs.map((r, i) => message(r, { offset: i }))).decoded;

describe('computeBatch', () => {
  it('gives each reading the accounting package figures and its China-time month', () => {
    const input = reading({
      type: 'diesel',
      unit: 't',
      quantity: 2.5,
      readingId: 'd1',
      periodStart: '2025-01-31T16:00:00+00:00',
      periodEnd: '2025-02-01T16:00:00+00:00',
    });
    const { lines, rejected } = computeBatch(decode(input), library);
    expect(rejected).toEqual([]);
    const expected = emissionOf(energyReadingV1.parse(input), library);
    expect(lines[0]?.emission).toEqual(expected);
    expect(expected.tco2eLocation).toBeGreaterThan(7);
    expect(lines[0]?.month).toBe('2025-02');
  });

  it('rejects, naming the field, what cannot be computed or is implausible, and computes the rest', () => {
    const { lines, rejected } = computeBatch(
      decode(
        reading({ readingId: 'unit', unit: 'kg' }),
        reading({ readingId: 'green', greenElectricityKWh: 2000 }),
        reading({ readingId: 'absurd', quantity: 1e15 }),
        // No emissions, but an activity no decimal sum of the views could hold.
        reading({ readingId: 'pv', type: 'pv_generation', unit: 'kWh', quantity: 1e18 }),
        reading({ readingId: 'fine' }),
      ),
      library,
    );
    expect(lines.map((l) => l.reading.readingId)).toEqual(['fine']);
    const byId = new Map(rejected.map((r) => [r.readingId, r]));
    expect(byId.get('unit')).toMatchObject({ reason: 'cannot compute emissions' });
    expect(byId.get('unit')?.errors[0]?.path).toBe('unit');
    expect(byId.get('green')?.errors[0]?.path).toBe('greenElectricityKWh');
    expect(byId.get('absurd')).toMatchObject({ reason: 'implausible value' });
    expect(byId.get('absurd')?.errors[0]?.path).toBe('quantity');
    expect(byId.get('pv')).toMatchObject({ reason: 'implausible value' });
    expect(byId.get('pv')?.errors[0]?.message).toMatch(
      /^1000000000000000 MWh in one reading is above/,
    );
  });
});

describe('accountingMonth', () => {
  it('is the month in China time', () => {
    expect(accountingMonth('2025-03-31T15:59:59Z')).toBe('2025-03');
    expect(accountingMonth('2025-03-31T16:00:00Z')).toBe('2025-04');
    expect(accountingMonth('2025-04-01T00:00:00+08:00')).toBe('2025-04');
  });
});
