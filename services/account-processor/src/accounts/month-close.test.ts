import { describe, expect, it } from 'vitest';
import { isMonthOpen, lastClosedMonth, monthClosesAt } from './month-close.js';

const at = (iso: string) => new Date(iso).getTime();

describe('month close', () => {
  it('a month closes closeDays after its last day ends in China time', () => {
    expect(monthClosesAt('2025-03', 0)).toBe(at('2025-04-01T00:00:00+08:00'));
    expect(monthClosesAt('2025-03', 10)).toBe(at('2025-04-11T00:00:00+08:00'));
    expect(monthClosesAt('2025-12', 5)).toBe(at('2026-01-06T00:00:00+08:00'));
    expect(isMonthOpen('2025-03', at('2025-04-10T23:59:59+08:00'), 10)).toBe(true);
    expect(isMonthOpen('2025-03', at('2025-04-11T00:00:00+08:00'), 10)).toBe(false);
  });

  it('the last closed month agrees with isMonthOpen on both sides of every close', () => {
    for (const closeDays of [0, 1, 10, 45]) {
      for (let m = 0; m < 24; m++) {
        const month = `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
        const close = monthClosesAt(month, closeDays);
        expect(lastClosedMonth(close, closeDays)).toBe(month);
        expect(lastClosedMonth(close - 1, closeDays) < month).toBe(true);
        expect(isMonthOpen(month, close - 1, closeDays)).toBe(true);
      }
    }
  });
});
