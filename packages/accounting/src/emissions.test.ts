import { describe, expect, it } from 'vitest';
import { emissionOf, type ReadingForEmission } from './emissions.js';
import { createFactorLibrary } from './factors/library.js';
import { parseFactorRecords } from './factors/records.js';

const org = '91500237MA5U7T2K1X'; // region 500237 (Wushan County, Chongqing); check char not needed here
const march2025 = '2025-03-01T00:00:00+08:00';
const library = createFactorLibrary({ gwpSet: 'AR6' });
const reading = (r: Partial<ReadingForEmission>): ReadingForEmission => ({
  orgId: org,
  type: 'electricity',
  quantity: 0,
  unit: 'kWh',
  periodStart: march2025,
  ...r,
});

/** |a − b| ≤ 1e-9 × |b| */
function close(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

describe('worked examples of issue 3 (to 1e-9 relative)', () => {
  it('1,250.5 kWh in Chongqing, March 2025, 200 kWh green', () => {
    const e = emissionOf(reading({ quantity: 1250.5, greenElectricityKWh: 200 }), library);
    close(e.tco2eLocation, 0.65363635);
    close(e.tco2eMarket, 0.6403848);
    close(e.tce * 1000, 153.68645);
    expect(e.scope).toBe(2);
    expect(e.factors.map((f) => f.id)).toEqual([
      'grid:500000:2022:average',
      'grid:CN:2023:excl_market_nonfossil',
      'tce:electricity_equivalent_value',
    ]);
  });
  it('1,250.5 kWh without green power: market-based uses the residual factor on all of it', () => {
    const e = emissionOf(reading({ quantity: 1250.5 }), library);
    close(e.tco2eMarket, 1.2505 * 0.6096);
  });
  it('2.5 t diesel and 500 L diesel at 0.84 kg/L', () => {
    close(
      emissionOf(reading({ type: 'diesel', quantity: 2.5, unit: 't' }), library).tco2eLocation,
      7.739774093333333,
    );
    close(
      emissionOf(
        reading({ type: 'diesel', quantity: 500, unit: 'L', densityKgPerL: 0.84 }),
        library,
      ).tco2eLocation,
      1.30028204768,
    );
  });
  it('12,000 m3 natural gas equals 1.2 × 10^4 Nm3', () => {
    close(
      emissionOf(reading({ type: 'natural_gas', quantity: 12000, unit: 'm3' }), library)
        .tco2eLocation,
      25.946265708,
    );
    close(
      emissionOf(reading({ type: 'natural_gas', quantity: 1.2, unit: '10^4 Nm3' }), library)
        .tco2eLocation,
      25.946265708,
    );
  });
  it('35 GJ purchased heat', () => {
    const e = emissionOf(reading({ type: 'heat', quantity: 35, unit: 'GJ' }), library);
    close(e.tco2eLocation, 3.85);
    expect(e.scope).toBe(2);
  });
  it('0.5 t CH4 measured: 14.9 tCO2e under AR6 (fossil), 14 under AR5', () => {
    close(
      emissionOf(reading({ type: 'ch4', quantity: 0.5, unit: 't' }), library).tco2eLocation,
      14.9,
    );
    const ar5 = createFactorLibrary({ gwpSet: 'AR5' });
    const e = emissionOf(reading({ type: 'ch4', quantity: 0.5, unit: 't' }), ar5);
    close(e.tco2eLocation, 14);
    expect(e.factors).toEqual([{ id: 'gwp:AR5:ch4', version: 1 }]);
  });
});

describe('errors name the field and the reason', () => {
  it('kg of electricity and kWh of diesel name unit and type', () => {
    expect(() => emissionOf(reading({ quantity: 1, unit: 'kg' }), library)).toThrow(
      /"kg".*electricity/,
    );
    expect(() =>
      emissionOf(reading({ type: 'diesel', quantity: 1, unit: 'kWh' }), library),
    ).toThrow(/"kWh".*diesel/);
  });
  it('litres without a density, and green power above consumption', () => {
    expect(() => emissionOf(reading({ type: 'diesel', quantity: 1, unit: 'L' }), library)).toThrow(
      /densityKgPerL/,
    );
    try {
      emissionOf(reading({ quantity: 100, greenElectricityKWh: 150 }), library);
      expect.unreachable();
    } catch (err) {
      expect((err as { field: string }).field).toBe('greenElectricityKWh');
    }
  });
});

describe('factor choice', () => {
  it('uses the newest data year not after the reading year, most specific region first', () => {
    expect(library.gridFactorFor('500237', 2021, 'average').id).toBe('grid:500000:2021:average');
    expect(library.gridFactorFor('500237', 2030, 'average').id).toBe('grid:500000:2022:average');
    // Hubei (Central China grid) has no provincial record: grid region, newest ≤ year.
    expect(library.gridFactorFor('420100', 2025, 'average').id).toBe('grid:CC:2023:average');
    expect(library.gridFactorFor('420100', 2022, 'average').id).toBe('grid:CC:2022:average');
    // A year before every record: the oldest of the most specific region.
    expect(library.gridFactorFor('500237', 2019, 'average').id).toBe('grid:500000:2021:average');
  });
  it('a record added by configuration wins over the shipped one and the result names it', () => {
    const overrides = parseFactorRecords(
      'id,version,kind,key,region,regionLevel,dataYear,value,unit,source,confidence\n' +
        'grid:500000:2023:average,1,grid,average,500000,province,2023,0.5,tCO2/MWh,Chongqing notice 2026,confirmed\n' +
        'grid:500000:2022:average,2,grid,average,500000,province,2022,0.51,tCO2/MWh,corrected table,confirmed\n',
      'csv',
    );
    const configured = createFactorLibrary({ overrides });
    const e = emissionOf(reading({ quantity: 1000 }), configured);
    close(e.tco2eLocation, 0.5);
    expect(e.factors[0]).toEqual({ id: 'grid:500000:2023:average', version: 1 });
    const in2022 = emissionOf(
      reading({ quantity: 1000, periodStart: '2022-06-01T00:00:00+08:00' }),
      configured,
    );
    expect(in2022.factors[0]).toEqual({ id: 'grid:500000:2022:average', version: 2 });
    close(in2022.tco2eLocation, 0.51);
  });
  it('refuses an override that would reuse a shipped id and version', () => {
    const overrides = parseFactorRecords(
      JSON.stringify([
        {
          id: 'heat:purchased_heat',
          version: 1,
          kind: 'heat',
          key: 'purchased_heat',
          region: 'CN',
          regionLevel: 'national',
          value: 0.1,
          unit: 'tCO2/GJ',
          source: 'x',
          confidence: 'x',
        },
      ]),
      'json',
    );
    expect(() => createFactorLibrary({ overrides })).toThrow(/must be above 1/);
  });
  it('a pin fixes the record whatever the year', () => {
    const pinned = createFactorLibrary({ pins: { 'grid:average': 'grid:CN-ETS:2022:average' } });
    const e = emissionOf(reading({ quantity: 1000 }), pinned);
    close(e.tco2eLocation, 0.5703);
    expect(e.factors[0]?.id).toBe('grid:CN-ETS:2022:average');
  });
  it('names the record and field of a bad configuration record', () => {
    expect(() =>
      parseFactorRecords(
        '[{"id":"grid:x","version":1,"kind":"grid","key":"average","region":"x","regionLevel":"province","unit":"t","source":"s","confidence":"c"}]',
        'json',
      ),
    ).toThrow(/factor record 1 \(grid:x\): .*value/);
  });
});
