import { describe, expect, it } from 'vitest';
import {
  addMonths,
  currentMonth,
  formatCny,
  formatIntensity,
  formatMonth,
  formatShare,
  formatTce,
  formatTco2e,
  monthRange,
  monthsEnding,
  toNumber,
} from './format.js';

describe('figures', () => {
  it('tCO2e with thousands separators, 3 decimals when small and 2 when large', () => {
    expect(formatTco2e(1234567.891, 'zh')).toBe('1,234,567.89 tCO₂e');
    expect(formatTco2e('0.0425', 'en')).toBe('0.043 tCO₂e');
    expect(formatTco2e(12.5, 'en', false)).toBe('12.50');
  });
  it('absent or non-numeric figures show a dash, never 0 or NaN', () => {
    for (const v of [null, undefined, '', 'n/a', Number.NaN]) {
      expect(formatTco2e(v, 'zh')).toBe('—');
      expect(formatCny(v, 'en')).toBe('—');
    }
    expect(toNumber('0')).toBe(0);
  });
  it('CNY in 万元 for Chinese readers and plain CNY in English', () => {
    expect(formatCny(12_500_000, 'zh')).toBe('1,250.00 万元');
    expect(formatCny(8_000, 'zh')).toBe('8,000.00 元');
    expect(formatCny(12_500_000, 'en')).toBe('CNY 12,500,000');
  });
  it('intensity, energy and shares carry their units', () => {
    expect(formatIntensity(0.41234, 'zh')).toBe('0.412 tCO₂e/万元');
    expect(formatIntensity(0.41234, 'en')).toBe('0.412 tCO₂e per 10k CNY');
    expect(formatTce(1520.456, 'en')).toBe('1,520.46 tce');
    expect(formatShare(0.9534, 'en')).toBe('95.3%');
  });
  it('months as readers write them', () => {
    expect(formatMonth('2025-03', 'zh')).toBe('2025年3月');
    expect(formatMonth('2025-03-01', 'en')).toBe('Mar 2025');
  });
});

describe('months', () => {
  it('steps across year ends', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(monthsEnding('2025-02', 3)).toEqual(['2024-12', '2025-01', '2025-02']);
  });
  it('the current month is China time', () => {
    // 2025-03-31 17:00 UTC is already 1 April in Chongqing.
    expect(currentMonth(new Date('2025-03-31T17:00:00Z'))).toBe('2025-04');
  });
  it('a month range is [first day, first day of next month) in China time', () => {
    expect(monthRange('2025-12')).toEqual({
      from: '2025-12-01T00:00:00+08:00',
      to: '2026-01-01T00:00:00+08:00',
    });
  });
});
