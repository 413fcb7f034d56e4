import { describe, expect, it } from 'vitest';
import { mergeTargets, recomputeTargets, registryChangeTargets } from './recompute-targets.js';

const sections: Record<string, string> = { a: 'C', b: 'C', c: 'D' };
const sectionOf = (org: string) => sections[org] ?? '';

describe('what changed → what to recompute', () => {
  it('groups changed org-months into section-months; only owned changes touch ledgers', () => {
    const targets = recomputeTargets(
      [
        { orgId: 'a', month: '2025-01', ledgerOwner: true },
        { orgId: 'b', month: '2025-01', ledgerOwner: false },
        { orgId: 'a', month: '2025-02', ledgerOwner: true },
        { orgId: 'c', month: '2025-01', ledgerOwner: true },
        { orgId: 'x', month: '2025-01', ledgerOwner: true },
      ],
      sectionOf,
    );
    expect([...targets.keys()].sort()).toEqual(['C|2025-01', 'C|2025-02', 'D|2025-01', '|2025-01']);
    expect([...(targets.get('C|2025-01')?.orgs ?? [])].sort()).toEqual(['a', 'b']);
    expect([...(targets.get('C|2025-01')?.ledgerOrgs ?? [])]).toEqual(['a']);
    expect([...(targets.get('|2025-01')?.orgs ?? [])]).toEqual(['x']);
  });

  it('merging unions orgs per key and never shares sets with the source', () => {
    const into = recomputeTargets(
      [{ orgId: 'a', month: '2025-01', ledgerOwner: false }],
      sectionOf,
    );
    const from = recomputeTargets([{ orgId: 'b', month: '2025-01', ledgerOwner: true }], sectionOf);
    mergeTargets(into, from);
    expect([...(into.get('C|2025-01')?.orgs ?? [])].sort()).toEqual(['a', 'b']);
    expect([...(into.get('C|2025-01')?.ledgerOrgs ?? [])]).toEqual(['b']);
    into.get('C|2025-01')?.orgs.add('z');
    expect(from.get('C|2025-01')?.orgs.has('z')).toBe(false);
  });

  it('a registry change recomputes the accounted months of the org in its new and old section, no ledger', () => {
    const targets = registryChangeTargets(
      [
        { orgId: 'a', sectionBefore: 'C', sectionAfter: 'D' },
        { orgId: 'n', sectionAfter: 'C' },
      ],
      new Map([
        ['a', ['2025-01', '2025-02']],
        ['n', []],
      ]),
    );
    expect([...targets.keys()].sort()).toEqual([
      'C|2025-01',
      'C|2025-02',
      'D|2025-01',
      'D|2025-02',
    ]);
    expect([...(targets.get('D|2025-01')?.orgs ?? [])]).toEqual(['a']);
    expect(targets.get('C|2025-01')?.orgs.size).toBe(0);
    for (const t of targets.values()) expect(t.ledgerOrgs.size).toBe(0);
  });
});
