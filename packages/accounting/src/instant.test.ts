import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from './instant.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// Fields drawn a little beyond their ranges, so the fallback is exercised as well.
const nearlyAnInstant = fc
  .record({
    y: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1960, max: 2100 })),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 24 }),
    mi: fc.integer({ min: 0, max: 60 }),
    s: fc.integer({ min: 0, max: 60 }),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.constant('z'),
      fc.constant(''),
      fc
        .record({
          sign: fc.constantFrom('+', '-', ' '),
          oh: fc.integer({ min: 0, max: 25 }),
          om: fc.integer({ min: 0, max: 61 }),
          colon: fc.constantFrom(':', ':', ':', ''),
        })
        .map(({ sign, oh, om, colon }) => `${sign}${pad(oh, 2)}${colon}${pad(om, 2)}`),
    ),
    fraction: fc.constantFrom('', '', '', '.5', '.123', '.1234567'),
    t: fc.constantFrom('T', 'T', 'T', ' ', 't'),
  })
  .map(
    (f) =>
      `${pad(f.y, 4)}-${pad(f.mo, 2)}-${pad(f.d, 2)}${f.t}${pad(f.h, 2)}:${pad(f.mi, 2)}:${pad(f.s, 2)}${f.fraction}${f.zone}`,
  );

describe('instantMs', () => {
  it('equals Date.parse on instants, near-instants and anything else', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyAnInstant, fc.string({ maxLength: 25 })), (s) => {
        expect(Object.is(instantMs(s), Date.parse(s))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the contract form itself, across leap days, offsets and the epoch', () => {
    for (const s of [
      '2025-03-01T00:00:00+08:00',
      '2024-02-29T23:59:59-00:01',
      '2000-02-29T12:00:00Z',
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59+14:00',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59-23:59',
    ]) {
      expect(instantMs(s)).toBe(Date.parse(s));
    }
    expect(instantMs('2025-03-01T00:00:00+08:00')).toBe(Date.UTC(2025, 1, 28, 16));
  });
});
