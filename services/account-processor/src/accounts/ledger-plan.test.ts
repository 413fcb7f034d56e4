import {
  type CarbonAssetMethodology,
  type Issuance,
  intensityReduction,
  issuanceId,
  onsitePv,
  verifyLedgerChain,
} from '@carbon-account/accounting';
import { describe, expect, it } from 'vitest';
import { type LedgerEntry, planLedgerAppend } from './ledger-plan.js';

const methodologies: CarbonAssetMethodology[] = [intensityReduction, onsitePv];
const credit = (methodologyId: string, month: string, tco2e: number): Issuance => ({
  id: issuanceId('org', methodologyId, month),
  orgId: 'org',
  methodologyId,
  methodologyVersion: 1,
  month,
  tco2e,
  basis: 'test',
  factors: methodologyId === 'onsite-pv' ? [{ id: 'grid:x', version: 1 }] : [],
});
const plan = (existing: LedgerEntry[], months: { month: string; candidates: Issuance[] }[]) =>
  planLedgerAppend({
    orgId: 'org',
    existing,
    months,
    methodologies,
    createdAt: '2026-01-01T00:00:00.000Z',
  });

describe('ledger append plan', () => {
  it('issues each owed credit once, chained from the genesis hash, seq from 1', () => {
    const first = plan(
      [],
      [
        { month: '2025-02', candidates: [credit('onsite-pv', '2025-02', 3)] },
        {
          month: '2025-01',
          candidates: [
            credit('intensity-reduction', '2025-01', 12.5),
            credit('onsite-pv', '2025-01', 2),
          ],
        },
      ],
    );
    expect(first.map((e) => [e.seq, e.kind, e.month, e.methodologyId, e.tco2e])).toEqual([
      [1, 'issue', '2025-01', 'intensity-reduction', 12.5],
      [2, 'issue', '2025-01', 'onsite-pv', 2],
      [3, 'issue', '2025-02', 'onsite-pv', 3],
    ]);
    expect(verifyLedgerChain(first)).toEqual({ valid: true });
    expect(first[1]?.factorIds).toEqual(['grid:x']);
  });

  it('running again with the same credits appends nothing (idempotent, restart-safe)', () => {
    const months = [
      { month: '2025-01', candidates: [credit('intensity-reduction', '2025-01', 12.5)] },
    ];
    const first = plan([], months);
    expect(plan(first, months)).toEqual([]);
    expect(
      plan(first, [
        {
          month: '2025-01',
          candidates: [credit('intensity-reduction', '2025-01', 12.5 * (1 + 1e-12))],
        },
      ]),
    ).toEqual([]);
  });

  it('a restated month whose credit changed gets an adjust by the difference, continuing the chain', () => {
    const first = plan(
      [],
      [{ month: '2025-01', candidates: [credit('intensity-reduction', '2025-01', 12.5)] }],
    );
    const adjust = plan(first, [
      { month: '2025-01', candidates: [credit('intensity-reduction', '2025-01', 10)] },
    ]);
    expect(adjust).toHaveLength(1);
    expect(adjust[0]).toMatchObject({
      seq: 2,
      kind: 'adjust',
      tco2e: -2.5,
      previousHash: first[0]?.hash,
    });
    expect(adjust[0]?.entryId).toBe(
      `${issuanceId('org', 'intensity-reduction', '2025-01')}:adjust:2`,
    );
    expect(adjust[0]?.note).toContain('credit 12.5 → 10');
    expect(verifyLedgerChain([...first, ...adjust])).toEqual({ valid: true });
    const again = plan(
      [...first, ...adjust],
      [{ month: '2025-01', candidates: [credit('intensity-reduction', '2025-01', 10)] }],
    );
    expect(again).toEqual([]);
  });

  it('a month that no longer earns a credit is adjusted to zero; one never issued stays empty', () => {
    const first = plan(
      [],
      [{ month: '2025-01', candidates: [credit('intensity-reduction', '2025-01', 4)] }],
    );
    const back = plan(first, [{ month: '2025-01', candidates: [] }]);
    expect(back.map((e) => [e.kind, e.tco2e])).toEqual([['adjust', -4]]);
    expect(plan([], [{ month: '2025-01', candidates: [] }])).toEqual([]);
  });
});
