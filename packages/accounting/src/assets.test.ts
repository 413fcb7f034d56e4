import { describe, expect, it } from 'vitest';
import { issuancesFor } from './assets/issuance.js';
import { createFactorLibrary } from './factors/library.js';
import { LEDGER_GENESIS_HASH, ledgerEntryHash, verifyLedgerChain } from './ledger-hash.js';
import { monthlyAccount } from './monthly-account.js';

const library = createFactorLibrary();
const orgId = '91500237MA5U7T2K1X';

describe('carbon-asset methodologies', () => {
  it('issues intensity reduction and PV credits with the factor named', () => {
    const account = monthlyAccount({
      orgId,
      month: '2025-03',
      lines: [{ scope: 2, type: 'electricity', tco2eLocation: 100, tco2eMarket: 100, tce: 10 }],
      output: { valueAddedCNY: 1_000_000, outputValueCNY: 3_000_000 },
    });
    // actual intensity = 100 / 100 = 1.0 t per 10k CNY; baseline 1.5 → (0.5 × 1,000,000) / 10,000 = 50 t
    const issued = issuancesFor({
      orgId,
      month: '2025-03',
      regionCode: '500237',
      account,
      valueAddedCNY: 1_000_000,
      baselineIntensity: 1.5,
      pvGenerationMWh: 10,
      library,
    });
    const byMethod = Object.fromEntries(issued.map((i) => [i.methodologyId, i]));
    expect(byMethod['intensity-reduction']?.tco2e).toBeCloseTo(50, 9);
    expect(byMethod['onsite-pv']?.tco2e).toBeCloseTo(10 * 0.5227, 12);
    expect(byMethod['onsite-pv']?.factors).toEqual([
      { id: 'grid:500000:2022:average', version: 1 },
    ]);
    expect(byMethod['onsite-pv']?.id).toBe(`onsite-pv:${orgId}:2025-03`);
  });
  it('issues nothing when intensity is above the baseline', () => {
    const account = monthlyAccount({
      orgId,
      month: '2025-03',
      lines: [{ scope: 1, type: 'diesel', tco2eLocation: 500, tco2eMarket: 500, tce: 10 }],
      output: { valueAddedCNY: 1_000_000, outputValueCNY: 3_000_000 },
    });
    expect(
      issuancesFor({
        orgId,
        month: '2025-03',
        regionCode: '500237',
        account,
        valueAddedCNY: 1_000_000,
        baselineIntensity: 1,
        library,
      }),
    ).toEqual([]);
  });
});

describe('ledger hash chain', () => {
  const base = {
    orgId,
    kind: 'issue' as const,
    methodologyId: 'onsite-pv',
    month: '2025-03',
    createdAt: '2025-04-01T00:00:00Z',
  };
  const chain = () => {
    let previousHash = LEDGER_GENESIS_HASH;
    return [1, 2, 3].map((n) => {
      const entry = { ...base, entryId: `e${n}`, tco2e: n * 1.5 };
      const hash = ledgerEntryHash(previousHash, entry);
      const row = { ...entry, previousHash, hash };
      previousHash = hash;
      return row;
    });
  };
  it('verifies an untouched chain', () => {
    expect(verifyLedgerChain(chain())).toEqual({ valid: true });
  });
  it('verifies an amount read back one unit in the last place away, as ClickHouse may return it', () => {
    const read = chain().map((row) => ({ ...row, tco2e: row.tco2e * (1 + Number.EPSILON) }));
    expect(read[1]?.tco2e).not.toBe(3);
    expect(verifyLedgerChain(read)).toEqual({ valid: true });
  });
  it('detects a changed amount and a removed entry', () => {
    const changed = chain();
    (changed[1] as { tco2e: number }).tco2e = 99;
    expect(verifyLedgerChain(changed)).toMatchObject({ valid: false, firstBadIndex: 1 });
    const byAGram = chain();
    (byAGram[2] as { tco2e: number }).tco2e += 0.000001;
    expect(verifyLedgerChain(byAGram)).toMatchObject({ valid: false, firstBadIndex: 2 });
    const removed = chain();
    removed.splice(1, 1);
    expect(verifyLedgerChain(removed)).toMatchObject({ valid: false, firstBadIndex: 1 });
  });
});
