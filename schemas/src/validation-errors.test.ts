import { describe, expect, it } from 'vitest';
import { energyReadingV1 } from './energy-reading.js';
import { readingsRequestV1 } from './ingest-api.js';
import { orgOutputV1 } from './org-output.js';
import { validReading } from './test-readings.js';
import { describeFieldErrors, describeValue, fieldErrors } from './validation-errors.js';

function errorsOf(item: unknown) {
  const parsed = energyReadingV1.safeParse(item);
  if (parsed.success) throw new Error('expected the item to be rejected');
  return Object.fromEntries(fieldErrors(parsed.error, item).map((e) => [e.path, e.message]));
}

describe('fieldErrors', () => {
  it('names the field, what was expected and what came', () => {
    const errors = errorsOf({
      ...validReading(),
      quantity: -3,
      unit: 5,
      type: 'electricty',
      periodStart: '2025/3/1 0:00',
      meterId: undefined,
    });
    expect(errors.quantity).toBe('expected a number ≥ 0, got -3');
    expect(errors.unit).toBe('expected string, got 5');
    expect(errors.type).toMatch(
      /^expected one of electricity, heat, .*pv_generation; got "electricty"$/,
    );
    expect(errors.periodStart).toBe(
      'an ISO 8601 date-time with offset, e.g. 2025-03-01T00:00:00+08:00; got "2025/3/1 0:00"',
    );
    expect(errors.meterId).toBe('required: expected string, nothing came');
  });

  it('explains the check character of an orgId with the position of the mistake', () => {
    const errors = errorsOf({ ...validReading(), orgId: '91500237MA5U7T2K1X' });
    expect(errors.orgId).toBe(
      `not a valid unified social credit code: check character is 'X', expected 'Y'; got "91500237MA5U7T2K1X"`,
    );
  });

  it('reports the rules between fields on the field to fix', () => {
    const errors = errorsOf({ ...validReading(), periodEnd: '2025-03-01T00:00:00+08:00' });
    expect(Object.keys(errors)).toEqual(['periodEnd']);
    expect(errors.periodEnd).toMatch(
      /^must be after periodStart; got "2025-03-01T00:00:00\+08:00"$/,
    );
  });

  it('uses the input zod reported when the parse kept it', () => {
    const parsed = orgOutputV1.safeParse(
      {
        orgId: '91500237MA5U7T2K1Y',
        month: '2025-13',
        outputValueCNY: 1,
        valueAddedCNY: 1,
        reportId: 'r1',
      },
      { reportInput: true },
    );
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(fieldErrors(parsed.error)).toEqual([
        { path: 'month', message: 'a month as YYYY-MM; got "2025-13"' },
      ]);
    }
  });

  it('counts items of an array that is too long and names the whole item when it is no object', () => {
    const body = Array.from({ length: 10_001 }, validReading);
    const tooMany = readingsRequestV1.safeParse(body);
    expect(tooMany.success).toBe(false);
    if (!tooMany.success) {
      expect(fieldErrors(tooMany.error, body)).toEqual([
        { path: '(item)', message: 'expected at most 10000 items, got an array of 10001' },
      ]);
    }
    expect(errorsOf(42)).toEqual({ '(item)': 'expected object, got 42' });
  });

  it('joins errors in one line for logs', () => {
    expect(
      describeFieldErrors([
        { path: 'a', message: 'x' },
        { path: 'b', message: 'y' },
      ]),
    ).toBe('a: x; b: y');
  });

  it('shortens long values', () => {
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
    expect(describeValue(null)).toBe('null');
    expect(describeValue({})).toBe('an object');
  });
});
