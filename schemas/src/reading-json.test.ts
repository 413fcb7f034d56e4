import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContractReading } from './contract-reading.js';
import { energyReadingV1 } from './energy-reading.js';
import { readingJson } from './reading-json.js';
import { validReading } from './test-readings.js';

const accept = createContractReading();

// Free text a producer may put in meterId and unit: quotes, backslashes, control
// characters, line separators, lone surrogates, CJK.
const awkward = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    '"',
    '\\',
    '\u0000',
    '\n\t',
    '\u2028\u2029',
    '\ud800',
    'x\udfff',
    '电表-01',
    '万千瓦时',
  ),
);
const amount = fc.oneof(
  fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 0.1 + 0.2, 1e21, 5e-7, 123456789012345680000, Number.MIN_VALUE),
);
const positive = fc.double({
  min: Number.MIN_VALUE,
  max: 1e300,
  noNaN: true,
  noDefaultInfinity: true,
});

describe('readingJson', () => {
  it('gives the text JSON.stringify gives, for every reading the contract accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        awkward,
        awkward,
        amount,
        amount,
        fc.option(positive, { nil: undefined }),
        fc.option(positive, { nil: undefined }),
        (meterId, unit, quantity, green, density, enthalpy) => {
          const value = {
            ...validReading(),
            meterId,
            unit,
            quantity,
            greenElectricityKWh: green,
            ...(density !== undefined && { densityKgPerL: density }),
            ...(enthalpy !== undefined && { steamEnthalpyKJPerKg: enthalpy }),
          };
          const reading = accept(JSON.parse(JSON.stringify(value)));
          if (!reading) return;
          accepted++;
          expect(readingJson(reading)).toBe(JSON.stringify(reading));
          expect(JSON.parse(readingJson(reading))).toEqual(energyReadingV1.parse(value));
        },
      ),
      { numRuns: 2000 },
    );
    // Most draws are readings; the property must not hold only vacuously.
    expect(accepted).toBeGreaterThan(1500);
  });

  it('leaves out the optional fields that are absent, and fills the default', () => {
    const { greenElectricityKWh: _, ...withoutGreen } = validReading();
    const reading = energyReadingV1.parse({
      ...withoutGreen,
      type: 'steam',
      unit: 't',
      steamEnthalpyKJPerKg: 2676,
    });
    expect(readingJson(reading)).toBe(JSON.stringify(reading));
    expect(readingJson(reading)).toContain('"greenElectricityKWh":0,"steamEnthalpyKJPerKg":2676}');
  });
});
