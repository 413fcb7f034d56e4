import { describe, expect, it } from 'vitest';
import { energyReadingV1 } from './energy-reading.js';
import { readingColumns } from './reading-columns.js';

describe('readingColumns', () => {
  it('names every field of the contract, in its order, and the number fields as numeric', () => {
    const { known, numeric } = readingColumns();
    expect(known).toEqual(Object.keys(energyReadingV1.shape));
    expect(numeric).toEqual([
      'quantity',
      'greenElectricityKWh',
      'densityKgPerL',
      'steamEnthalpyKJPerKg',
    ]);
  });
});
