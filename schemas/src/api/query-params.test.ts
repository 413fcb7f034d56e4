import { describe, expect, it } from 'vitest';
import { emissionsQuery, instantOf, regionSummaryQuery } from './query-params.js';

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('query-string parameters', () => {
  it('a date is 00:00 China time; an impossible date is invalid', () => {
    expect(instantOf('2025-03-01').toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(Number.isNaN(instantOf('2025-02-30').getTime())).toBe(true);
  });

  it('names the parameter at fault', () => {
    expect(issuesOf(emissionsQuery.safeParse({ from: '2025-13-01', to: '2025-02-01' }))).toEqual([
      'from',
    ]);
    expect(issuesOf(emissionsQuery.safeParse({ from: '2025-03-01', to: '2025-02-01' }))).toEqual([
      'to',
    ]);
    // Months are not dates here: each is named for its form, not also for an empty range.
    const months = emissionsQuery.safeParse({ from: '2025-03', to: '2025-03' });
    expect(issuesOf(months)).toEqual(['from', 'to']);
    expect(months.error?.issues.map((i) => i.message).join('; ')).not.toContain('after');
    expect(
      issuesOf(
        emissionsQuery.safeParse({ from: '2025-01-01', to: '2025-03-01', granularity: 'hour' }),
      ),
    ).toEqual(['to']);
    expect(
      issuesOf(
        regionSummaryQuery.safeParse({ from: '2025-01-01', to: '2025-02-01', groupBy: 'street' }),
      ),
    ).toEqual(['groupBy']);
  });

  it('accepts a valid query and fills defaults', () => {
    const r = emissionsQuery.parse({ from: '2025-01-01', to: '2025-12-31T00:00:00+08:00' });
    expect(r).toMatchObject({ granularity: 'day', limit: 1000, offset: 0 });
  });
});
