import { describe, expect, it } from 'vitest';
import { chinaMonth, chinaMonthStart, shiftMonth } from './china-time.js';

describe('China-time months', () => {
  it('an instant belongs to the month of its China-time date', () => {
    expect(chinaMonth(Date.parse('2025-03-31T15:59:59Z'))).toBe('2025-03');
    expect(chinaMonth(Date.parse('2025-03-31T16:00:00Z'))).toBe('2025-04');
    expect(chinaMonthStart('2025-04')).toBe(Date.parse('2025-03-31T16:00:00Z'));
    expect(chinaMonth(chinaMonthStart('2025-12') - 1)).toBe('2025-11');
  });

  it('months shift across year ends both ways', () => {
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(shiftMonth('2025-03', -11)).toBe('2024-04');
    expect(shiftMonth('2025-03', 0)).toBe('2025-03');
  });
});
